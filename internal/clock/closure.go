package clock

import "math"

// relaxEps is the least improvement, in ns, that Bellman–Ford counts, so
// that float64 rounding cannot keep it relaxing a zero-weight cycle.
const relaxEps = 1e-3

// view is a component's bounds over a time interval, closed over the host
// graph as difference constraints: an edge bounding x_v − x_u ∈ [lo, hi]
// is the arc u → v of weight hi and the arc v → u of weight −lo, and the
// shortest path from a to b bounds x_b − x_a from above.
type view struct {
	ok       bool      // false: a negative cycle (the bounds contradict each other)
	elo, ehi []float64 // per edge: bounds on x_ev − x_eu over the whole interval
	// Per host: the closed bounds on x_h − x_ref and the estimate.
	lo, hi, est []float64
}

// newView evaluates every edge over [t0, t1] (seconds from the base time)
// and closes the bounds.
func (c *component) newView(t0, t1 float64) *view {
	ne, n := len(c.eu), len(c.hosts)
	v := &view{elo: make([]float64, ne), ehi: make([]float64, ne)}
	for e, g := range c.edges {
		v.elo[e], v.ehi[e] = g.boundsOver(t0, t1)
	}
	if !c.relax(v, make([]float64, n), false) { // all zeros: a virtual source tied to every host
		return v
	}
	v.ok = true
	v.hi = c.from(v, c.ref, false)
	v.lo = c.from(v, c.ref, true)
	v.est = make([]float64, n)
	for h := range v.lo {
		v.lo[h] = -v.lo[h]
		v.est[h] = estimate(v.lo[h], v.hi[h])
	}
	return v
}

// estimate is DESIGN §6's rule: the midpoint of finite bounds, else the
// point of the interval nearest 0 (clocks are assumed NTP-synchronised).
func estimate(lo, hi float64) float64 {
	if !math.IsInf(lo, 0) && !math.IsInf(hi, 0) {
		return (lo + hi) / 2
	}
	return clamp(0, lo, hi)
}

// from returns the shortest distances from src: along the arcs, the upper
// bounds on x_h − x_src; against them (reverse), the upper bounds on
// x_src − x_h. The view must be ok (no negative cycle).
func (c *component) from(v *view, src int32, reverse bool) []float64 {
	d := make([]float64, len(c.hosts))
	for i := range d {
		d[i] = math.Inf(1)
	}
	d[src] = 0
	c.relax(v, d, reverse)
	return d
}

// relax runs Bellman–Ford rounds from the distances in d until none
// improves, and reports false when they still improve after n+1 rounds: a
// negative cycle.
func (c *component) relax(v *view, d []float64, reverse bool) bool {
	for range len(d) + 1 {
		changed := false
		for e := range c.eu {
			u, w := c.eu[e], c.ev[e]
			if reverse {
				u, w = w, u
			}
			changed = improve(d, u, w, v.ehi[e]) || changed
			changed = improve(d, w, u, -v.elo[e]) || changed
		}
		if !changed {
			return true
		}
	}
	return false
}

func improve(d []float64, from, to int32, w float64) bool {
	if math.IsInf(w, 1) || math.IsInf(d[from], 1) {
		return false
	}
	if nd := d[from] + w; nd < d[to]-relaxEps {
		d[to] = nd
		return true
	}
	return false
}

// viewAt returns component c's view at raw time t: its bucket's inside the
// input's range, else one evaluated at t alone.
func (m *Model) viewAt(c *component, t int64) *view {
	if t >= m.start && t <= m.end {
		k := (uint64(t) - uint64(m.start)) / uint64(c.width)
		return c.views[min(int(k), len(c.views)-1)]
	}
	s := m.seconds(t)
	return c.newView(s, s)
}
