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
// product, forced cache outcomes, job queue delays) give a pattern full
// control over the orderings it needs.
type Race struct {
	Name string
	Doc  string // one line for the help text
	Plan func(t Topology, at time.Duration) []Visit
}

// Races are the patterns that can be injected, by name. None yet: the
// demo's race scenarios add theirs here.
var Races []Race

// raceSpacing separates the injected races from one another.
const raceSpacing = 3 * time.Second

// planRaces turns race names into scripted visits: the i-th race starts
// at 1 s + i·raceSpacing.
func planRaces(names []string, t Topology) ([]Visit, error) {
	var out []Visit
	for i, name := range names {
		r := findRace(name)
		if r == nil {
			return nil, fmt.Errorf("unknown race pattern %q: %s", name, knownRaces())
		}
		out = append(out, r.Plan(t, time.Second+time.Duration(i)*raceSpacing)...)
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

func knownRaces() string {
	if len(Races) == 0 {
		return "none are defined yet"
	}
	names := make([]string, len(Races))
	for i, r := range Races {
		names[i] = r.Name
	}
	return "want one of " + strings.Join(names, ", ")
}

// sortScript orders scripted visits by time, keeping the given order of
// visits at the same time.
func sortScript(vs []Visit) {
	slices.SortStableFunc(vs, func(a, b Visit) int { return cmp.Compare(a.At, b.At) })
}
