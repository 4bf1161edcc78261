package verdict

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/raceline/raceline/testdata/e2e/truth"
)

// doc builds a findings document; each finding is rule, request trace
// and keys.
func doc(t *testing.T, fs ...Finding) []byte {
	t.Helper()
	if fs == nil {
		fs = []Finding{}
	}
	b, err := json.Marshal(map[string]any{"schema": Schema, "summary": map[string]any{"findings": len(fs)}, "findings": fs})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func finding(rule, request string, keys ...string) Finding {
	return Finding{ID: "rl-" + rule + "-" + request, Rule: rule, Request: Unit{TraceID: request}, Keys: keys}
}

var set = &truth.Set{Cases: []truth.Case{
	{Name: "stale/1", Rule: "stale-read-pending-job", Flagged: "r1", Needs: []string{"r1", "e1", "j1"}, Valid: true},
	{Name: "lost/1", Rule: "lost-update", Flagged: "x1", Needs: []string{"x1", "b1"}, Valid: true},
	{Name: "lost/2", Rule: "lost-update", Flagged: "x2", Needs: []string{"x2", "b2"}, Valid: false},
	{Name: "near/1", Watched: []string{"n1"}, Valid: true},
	{Name: "near/2", WatchedKeys: []string{"queue:jobs"}, Valid: true},
	{Name: "near/3", Watched: []string{"n3"}, Valid: false},
}}

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		name     string
		findings []Finding
		dropped  map[string]bool
		ok       bool
		// want: rule → TP, FP, FN, detectable
		want     map[string][4]int
		problems []string // substrings of Problems()
		ignored  int
	}{
		{name: "perfect", findings: []Finding{finding("stale-read-pending-job", "r1"), finding("lost-update", "x1")}, ok: true,
			want: map[string][4]int{"stale-read-pending-job": {1, 0, 0, 1}, "lost-update": {1, 0, 0, 1}}},
		{name: "wrong rule", findings: []Finding{finding("read-your-writes", "r1"), finding("lost-update", "x1")},
			want:     map[string][4]int{"stale-read-pending-job": {0, 0, 1, 1}, "read-your-writes": {0, 1, 0, 0}},
			problems: []string{"missed stale/1: stale-read-pending-job on request r1 (reported instead: [read-your-writes]", "unexpected rl-read-your-writes-r1"}},
		{name: "duplicate", findings: []Finding{finding("lost-update", "x1"), finding("lost-update", "x1"), finding("stale-read-pending-job", "r1")},
			want: map[string][4]int{"lost-update": {1, 1, 0, 1}}},
		{name: "invalid instance ignored", findings: []Finding{finding("lost-update", "x1"), finding("lost-update", "x2"), finding("stale-read-pending-job", "r1")},
			ok: true, ignored: 1, want: map[string][4]int{"lost-update": {1, 0, 0, 1}}},
		{name: "near-miss trace", findings: []Finding{finding("lost-update", "x1"), finding("stale-read-pending-job", "r1"), finding("lost-update", "n1")},
			problems: []string{"near-miss near/1 flagged (names trace n1)"}},
		{name: "near-miss key", findings: []Finding{finding("lost-update", "x1", "queue:jobs"), finding("stale-read-pending-job", "r1")},
			problems: []string{"near-miss near/2 flagged (involves key queue:jobs)"}},
		{name: "invalid near-miss not checked", findings: []Finding{finding("lost-update", "x1"), finding("stale-read-pending-job", "r1"), finding("lost-update", "n3")},
			problems: []string{"unexpected rl-lost-update-n3"}},
		{name: "sampled: undetectable positive not counted", findings: []Finding{finding("lost-update", "x1")}, dropped: map[string]bool{"e1": true},
			ok: true, want: map[string][4]int{"stale-read-pending-job": {0, 0, 0, 0}, "lost-update": {1, 0, 0, 1}}},
		{name: "sampled: finding names a dropped trace", findings: []Finding{finding("lost-update", "x1")}, dropped: map[string]bool{"b1": true, "x1": true},
			want: map[string][4]int{"lost-update": {1, 0, 0, 0}}, problems: []string{"sampling: names dropped trace x1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse(doc(t, tc.findings...))
			if err != nil {
				t.Fatal(err)
			}
			r := Score(set, d, tc.dropped)
			if r.OK() != tc.ok {
				t.Errorf("OK() = %v, want %v; problems:\n%s", r.OK(), tc.ok, r.Problems())
			}
			if r.Ignored != tc.ignored {
				t.Errorf("Ignored = %d, want %d", r.Ignored, tc.ignored)
			}
			for _, s := range r.Rules {
				if w, ok := tc.want[s.Rule]; ok && [4]int{s.TP, s.FP, s.FN, s.Detectable} != w {
					t.Errorf("%s: TP, FP, FN, detectable = %d, %d, %d, %d; want %v", s.Rule, s.TP, s.FP, s.FN, s.Detectable, w)
				}
			}
			for _, p := range tc.problems {
				if !strings.Contains(r.Problems(), p) {
					t.Errorf("problems lack %q:\n%s", p, r.Problems())
				}
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"schema":"raceline.stats/v1"}`, `findings: schema "raceline.stats/v1", want "raceline.findings/v1"`},
		{`{"schema":"raceline.findings/v1","summary":{"findings":2},"findings":[]}`, `findings: summary counts 2 findings, the document lists 0`},
		{`[`, `findings: unexpected EOF`},
	} {
		if _, err := Parse([]byte(tc.in)); err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%s) = %v, want %s", tc.in, err, tc.want)
		}
	}
}

func TestRatios(t *testing.T) {
	for _, tc := range []struct {
		s         RuleScore
		precision float64
		recall    float64
	}{
		{RuleScore{}, 1, 1},
		{RuleScore{TP: 3, FP: 1, FN: 1, Detectable: 4}, 0.75, 0.75},
		{RuleScore{FP: 2}, 0, 1},
	} {
		if p, r := tc.s.Precision(), tc.s.Recall(); p != tc.precision || r != tc.recall {
			t.Errorf("%+v: precision %v recall %v, want %v %v", tc.s, p, r, tc.precision, tc.recall)
		}
	}
}
