package ops

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

var update = flag.Bool("update", false, "rewrite golden files")

// load reads a trace file the way the CLI does: only the semantic
// convention attributes are kept.
func load(t *testing.T, path string) *trace.Store {
	t.Helper()
	st := trace.NewStore()
	opts := ingest.Options{Keep: trace.NewKeySet(config.SemconvAttributes...), Workers: 1}
	if _, err := ingest.Load(context.Background(), []string{path}, st, opts); err != nil {
		t.Fatal(err)
	}
	return st
}

// golden compares got with the golden file, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "ops", name)
	want, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(string(want), got); diff != "" {
		if !*update {
			t.Fatalf("%s (-want +got):\n%s", path, diff)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestInstrumentationsGolden: spans as go-redis, OpenTelemetry Python, JS
// and Java, otelpgx, otelsql and MongoDB write them
// (testdata/ops/instrumentations.otlp.jsonl), through ingest and stitch.
func TestInstrumentationsGolden(t *testing.T) {
	ops, stats := deriveStore(load(t, "../../testdata/ops/instrumentations.otlp.jsonl"), Options{})
	var b strings.Builder
	fmt.Fprintf(&b, "stats %+v\n", stats)
	for _, l := range describeAll(ops) {
		fmt.Fprintln(&b, l)
	}
	golden(t, "instrumentations.golden", b.String())
}

// TestDemoGolden: the demo dump's ops, counted by kind, command and hit,
// then, for each root span name, every op of its trace with the most ops
// (the first of equal ones).
func TestDemoGolden(t *testing.T) {
	g := stitch.Stitch(load(t, "../../testdata/demo/shop.otlp.jsonl.gz"), stitch.Options{})
	counts := map[string]int{}
	most := map[string][]Op{}
	var roots []string
	var total Stats
	for _, tree := range g.Trees {
		ops, stats := Derive(tree, Options{})
		total.Add(stats)
		for i := range ops {
			counts[countKey(&ops[i])]++
		}
		root := tree.Span(tree.Order[0]).Name
		if _, ok := most[root]; !ok {
			roots = append(roots, root)
		}
		if len(ops) > len(most[root]) || most[root] == nil {
			most[root] = ops
		}
	}
	var shown []string
	for _, root := range roots {
		shown = append(shown, "\n"+root)
		shown = append(shown, describeAll(most[root])...)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "stats %+v\n", total)
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int { return cmp.Or(cmp.Compare(counts[y], counts[x]), cmp.Compare(x, y)) })
	for _, k := range keys {
		fmt.Fprintf(&b, "%5d %s\n", counts[k], k)
	}
	for _, l := range shown {
		fmt.Fprintln(&b, l)
	}
	golden(t, "demo.golden", b.String())
}

func countKey(o *Op) string {
	k := o.Kind.String() + " " + o.Command
	if o.Kind == Read {
		k += map[bool]string{true: " hit", false: " miss"}[o.Hit]
	}
	if o.Key == "" {
		k += " (no key)"
	}
	return k
}
