package gen

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A Race is a known race pattern that -races can inject: Plan returns the
// visits that reproduce it, starting at the given time from the start of
// the dump. The visits join the random traffic; Visit fields (user,
// subject, product, forced cache outcomes, slow backend calls, job queue
// delays) give a pattern full control over the orderings it needs. A
// pattern's visits, and the jobs they enqueue, finish within raceSpacing,
// and touch only keys of its own (users beyond Topology.Users, products
// random traffic rarely picks), so that patterns never race one another.
type Race struct {
	Name string
	Doc  string // one line for the help text
	// Rule is the raceline rule the pattern triggers, exactly once at
	// confidence certain; "" for a near miss, which raceline must not
	// report. A Load pattern triggers it many times.
	Rule string
	// Load marks a pattern for benchmarks, which "all" leaves out.
	Load bool
	Plan func(t Topology, at time.Duration) []Visit
}

// AllRaces is the name that -races expands to every pattern but the Load
// ones.
const AllRaces = "all"

// raceSpacing separates the injected races from one another.
const raceSpacing = 500 * time.Millisecond

// planRaces turns race names into scripted visits: the i-th race starts
// at 1 s + i·raceSpacing.
func planRaces(names []string, t Topology) ([]Visit, error) {
	races, err := expandRaces(names)
	if err != nil {
		return nil, err
	}
	var out []Visit
	for i, r := range races {
		out = append(out, r.Plan(t, time.Second+time.Duration(i)*raceSpacing)...)
	}
	return out, nil
}

// expandRaces looks the names up, AllRaces standing for every pattern
// that is not a Load one, in Races order.
func expandRaces(names []string) ([]*Race, error) {
	var out []*Race
	for _, name := range names {
		if name == AllRaces {
			for i := range Races {
				if !Races[i].Load {
					out = append(out, &Races[i])
				}
			}
			continue
		}
		r := findRace(name)
		if r == nil {
			return nil, fmt.Errorf("unknown race pattern %q: want one of %s", name, strings.Join(RaceNames(), ", "))
		}
		out = append(out, r)
	}
	return out, nil
}

func findRace(name string) *Race {
	for i := range Races {
		if Races[i].Name == name {
			return &Races[i]
		}
	}
	return nil
}

// RaceNames lists the names -races accepts: every pattern, then AllRaces.
func RaceNames() []string {
	names := make([]string, 0, len(Races)+1)
	for _, r := range Races {
		names = append(names, r.Name)
	}
	return append(names, AllRaces)
}

// sortScript orders scripted visits by time, keeping the given order of
// visits at the same time.
func sortScript(vs []Visit) {
	slices.SortStableFunc(vs, func(a, b Visit) int { return cmp.Compare(a.At, b.At) })
}
