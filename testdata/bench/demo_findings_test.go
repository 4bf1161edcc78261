package bench

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/testdata/bench/gen"
)

// demoFinding is what TestDemoFindings checks of each finding.
type demoFinding struct {
	Rule, Confidence, Key string
}

// TestDemoFindings runs `raceline analyze -o json` on the demo dump, as a
// user would: each injected race pattern is reported once, certain, on its
// own key, at the default --min-confidence (likely); the near misses and
// the random traffic add nothing, not even a finding below it.
func TestDemoFindings(t *testing.T) {
	bin := buildRaceline(t)
	out, err := exec.Command(bin, "analyze", "-q", "-o", "json", demoPath).Output()
	if err != nil {
		t.Fatalf("raceline analyze: %v", err)
	}
	var doc struct {
		Summary struct {
			Findings int            `json:"findings"`
			Hidden   int            `json:"hidden_below_min_confidence"`
			ByRule   map[string]int `json:"by_rule"`
		} `json:"summary"`
		Findings []demoFinding `json:"findings"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	wantByRule := map[string]int{}
	for _, r := range gen.Races {
		if r.Rule != "" && !r.Load {
			wantByRule[r.Rule]++
		}
	}
	if diff := cmp.Diff(wantByRule, doc.Summary.ByRule); diff != "" || doc.Summary.Hidden != 0 {
		t.Errorf("findings by rule (-want +got):\n%s; %d hidden below likely", diff, doc.Summary.Hidden)
	}
	// The race patterns' keys: their users are those after the demo's 40,
	// their product the last of its 12 (see gen/races.go). Findings come
	// in request start order, which is the order of the patterns.
	want := []demoFinding{
		{"stale-read-pending-job", "certain", "user:41:profile"},
		{"read-your-writes", "certain", "user:43:profile"},
		{"partial-read", "certain", "product:12:price"},
		{"stale-cache-fill", "certain", "user:45:profile"},
		{"lost-update", "certain", "cart:47"},
	}
	if diff := cmp.Diff(want, doc.Findings); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// buildRaceline builds raceline's command from the main module into a
// temporary directory and returns its path.
func buildRaceline(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build raceline with")
	}
	bin := filepath.Join(t.TempDir(), "raceline")
	cmd := exec.Command(goBin, "build", "-o", bin, "./cmd/raceline")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
