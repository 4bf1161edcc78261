package truth

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	s := &Set{Seed: 3, Reps: 2, Cases: []Case{
		{Name: "b/1", Scenario: "b", Rule: "lost-update", Flagged: "ab", Needs: []string{"ab", "cd"}, Valid: true,
			Margins: map[string]float64{"x": 21.5}},
		{Name: "a/1", Scenario: "a", Watched: []string{"ef"}, WatchedKeys: []string{"queue:jobs"}, Valid: false, Note: "late"},
	}}
	s.Sort()
	if s.Cases[0].Name != "a/1" {
		t.Fatalf("Sort: first case %q", s.Cases[0].Name)
	}
	p := filepath.Join(t.TempDir(), "truth.json")
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	got, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(s, got); d != "" {
		t.Fatalf("round trip (-want +got):\n%s", d)
	}
	if !got.Cases[1].Positive() || got.Cases[1].NearMiss() || got.Cases[0].NearMiss() {
		t.Fatal("Positive/NearMiss disagree with Rule and Valid")
	}
}
