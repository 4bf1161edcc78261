package detect

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/clock"
)

// TestRulesOrder pins the rule list (DESIGN §5's table, in its order) and
// the precedence, by name.
func TestRulesOrder(t *testing.T) {
	var names, severities []string
	for _, r := range Rules {
		names = append(names, r.Name)
		severities = append(severities, r.Severity)
		if r.Meaning == "" {
			t.Errorf("%s has no meaning", r.Name)
		}
	}
	want := []string{"stale-read-pending-job", "read-your-writes", "partial-read", "stale-cache-fill", "lost-update"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("rule order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"medium", "high", "high", "high", "high"}, severities); diff != "" {
		t.Errorf("severities (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"partial-read", "read-your-writes", "stale-read-pending-job"}, precedence); diff != "" {
		t.Errorf("precedence (-want +got):\n%s", diff)
	}
	var run []string
	for _, r := range windowRules {
		run = append(run, r.Info().Name)
	}
	for _, r := range pairRules {
		run = append(run, r.Info().Name)
	}
	for _, r := range keyRules {
		run = append(run, r.Info().Name)
	}
	slices.Sort(run)
	slices.Sort(want)
	if diff := cmp.Diff(want, run); diff != "" {
		t.Errorf("every rule runs exactly once (-want +got):\n%s", diff)
	}
}

func TestResolve(t *testing.T) {
	c := func(rule RuleInfo, conf clock.Confidence, key string) *candidate {
		return &candidate{rule: rule, v: verdict{conf: conf}, key: key}
	}
	const (
		P = clock.Possible
		L = clock.Likely
		C = clock.Certain
	)
	name := func(cs []*candidate) []string {
		var out []string
		for _, x := range cs {
			out = append(out, x.rule.Name+" "+x.key+" "+x.v.conf.String())
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		cands []*candidate
		want  []string
	}{
		{"ryw replaces an equal stale read", []*candidate{c(staleReadInfo, L, "a"), c(readYourWritesInfo, L, "a")},
			[]string{"read-your-writes a likely"}},
		{"a weaker ryw leaves the stale read", []*candidate{c(staleReadInfo, C, "a"), c(readYourWritesInfo, L, "a")},
			[]string{"stale-read-pending-job a certain", "read-your-writes a likely"}},
		{"ryw replaces only its key", []*candidate{c(staleReadInfo, L, "a"), c(staleReadInfo, L, "b"), c(readYourWritesInfo, C, "a")},
			[]string{"stale-read-pending-job b likely", "read-your-writes a certain"}},
		{"partial replaces every key", []*candidate{c(staleReadInfo, L, "a"), c(readYourWritesInfo, L, "b"), c(partialReadInfo, L, "a")},
			[]string{"partial-read a likely"}},
		{"a possible partial leaves stronger ones", []*candidate{c(staleReadInfo, P, "a"), c(readYourWritesInfo, L, "b"), c(partialReadInfo, P, "a")},
			[]string{"read-your-writes b likely", "partial-read a possible"}},
		{"transitively", []*candidate{c(staleReadInfo, L, "a"), c(readYourWritesInfo, C, "a"), c(partialReadInfo, C, "a")},
			[]string{"partial-read a certain"}},
		{"a lower rule never replaces", []*candidate{c(staleReadInfo, C, "a"), c(partialReadInfo, P, "a")},
			[]string{"stale-read-pending-job a certain", "partial-read a possible"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, name(resolve(tc.cands))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
