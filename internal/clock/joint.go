package clock

import (
	"math"
	"slices"
)

// feasible reports whether one offset vector within the bounds makes every
// ordering across hosts hold: the difference constraints over the hosts
// they name (the closed bounds between each two of them at t, and x_B −
// x_A ≤ gap − 1 ns for each ordering) have no negative cycle. Closed
// bounds stand for every path through the other hosts, so the few hosts
// named are enough.
func (m *Model) feasible(os []Ordering, js []judged, t int64) bool {
	var names []string
	for i, o := range os {
		if js[i].bound.Kind != Exact {
			names = appendNew(names, o.A.Host)
			names = appendNew(names, o.B.Host)
		}
	}
	k := len(names)
	w := make([]float64, k*k) // w[p*k+q] bounds x_q − x_p from above
	for p := range k {
		for q := range k {
			w[p*k+q] = math.Inf(1)
			if p == q {
				w[p*k+q] = 0
			} else if b := m.Between(names[p], names[q], t); b.Hi != NoUpper {
				w[p*k+q] = float64(b.Hi)
			}
		}
	}
	for i, o := range os {
		if js[i].bound.Kind != Exact {
			p, q := slices.Index(names, o.A.Host), slices.Index(names, o.B.Host)
			w[p*k+q] = math.Min(w[p*k+q], float64(js[i].gap)-1)
		}
	}
	return !negativeCycle(w, k)
}

// negativeCycle runs Floyd–Warshall over the k×k weights w (in place) and
// reports whether some host ends up at a negative distance from itself.
func negativeCycle(w []float64, k int) bool {
	for via := range k {
		for p := range k {
			for q := range k {
				w[p*k+q] = math.Min(w[p*k+q], w[p*k+via]+w[via*k+q])
			}
		}
	}
	for p := range k {
		if w[p*k+p] < -0.5 {
			return true
		}
	}
	return false
}

func appendNew(s []string, x string) []string {
	if slices.Contains(s, x) {
		return s
	}
	return append(s, x)
}
