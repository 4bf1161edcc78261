package bench

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/testdata/bench/gen"
)

// TestRacesAreFound injects each race pattern alone among random traffic,
// on both topologies, and runs raceline's pipeline: a pattern for a rule
// gets exactly one finding of that rule, a near miss none, the hot key one
// per reader; all certain. Only findings whose request acts for one of
// the patterns' users (those after Topology.Users) count: random traffic
// may race on its own.
func TestRacesAreFound(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and analyzes 17 dumps")
	}
	for _, tc := range []struct {
		topo   gen.Topology
		visits int
	}{{gen.Demo(), 150}, {gen.Bench(), 1500}} {
		for _, r := range gen.Races {
			if r.Load && tc.topo.Name == "demo" {
				continue
			}
			t.Run(tc.topo.Name+"/"+r.Name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "dump.jsonl")
				cfg := gen.Config{Seed: 2, Topology: tc.topo, Visits: tc.visits, Races: []string{r.Name}}
				writeJSONL(t, cfg, path)
				got := map[string]int{}
				for _, f := range analyze(t, path, 0).found.Findings {
					if n, err := strconv.Atoi(f.Request.Actor.Value); err != nil || n <= tc.topo.Users {
						continue
					}
					got[f.Rule+" "+f.Confidence.String()]++
				}
				want := map[string]int{}
				switch {
				case r.Load:
					want[r.Rule+" "+clock.Certain.String()] = 2000
				case r.Rule != "":
					want[r.Rule+" "+clock.Certain.String()] = 1
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("findings by rule and confidence (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// writeJSONL generates cfg into a JSONL file at path.
func writeJSONL(t *testing.T, cfg gen.Config, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sink, err := gen.NewSink(f, gen.JSONL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Generate(cfg, sink); err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
}
