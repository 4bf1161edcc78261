package clock

import "math"

// component is a connected part of the host graph: hosts tied by pairs.
type component struct {
	hosts []int32 // global host indices, ascending
	ref   int32   // local index of the reference host
	// The edges: one per host pair, local endpoints eu < ev, bounding
	// x_ev − x_eu.
	eu, ev []int32
	groups []int32
	edges  []*group // the groups, by edge
	// ok is false when the component is unbounded: bad names the host
	// pair whose observations contradict each other, or is −1 for bounds
	// that contradict each other around a cycle.
	ok    bool
	bad   int32
	mid   *view   // at the middle of the input
	width int64   // bucket width, ns
	views []*view // one per bucket, from the start of the input
	// drift is each host's drift rate against the reference, ns/s, when
	// driftOK: known along a path of host pairs that bound it.
	drift   []float64
	driftOK []bool
}

// components splits the hosts tied by pairs into connected components, in
// order of their first host, and picks each one's reference.
func (m *Model) components() {
	uf := make([]int32, len(m.hosts))
	for i := range uf {
		uf[i] = int32(i)
	}
	for i := range m.groups {
		a, b := find(uf, m.groups[i].u), find(uf, m.groups[i].v)
		uf[max(a, b)] = min(a, b) // the root is the component's first host
	}
	for _, g := range m.groups {
		m.hosts[g.u].comp, m.hosts[g.v].comp = 0, 0 // marks hosts with pairs
	}
	byRoot := make(map[int32]int32)
	for i := range m.hosts {
		h := &m.hosts[i]
		if h.comp < 0 {
			continue
		}
		r := find(uf, int32(i))
		c, ok := byRoot[r]
		if !ok {
			c = int32(len(m.comps))
			byRoot[r] = c
			m.comps = append(m.comps, component{bad: -1})
		}
		cp := &m.comps[c]
		h.comp, h.local = c, int32(len(cp.hosts))
		cp.hosts = append(cp.hosts, int32(i))
		if h.Spans > m.hosts[cp.hosts[cp.ref]].Spans {
			cp.ref = h.local
		}
	}
	for i, g := range m.groups {
		cp := &m.comps[m.hosts[g.u].comp]
		cp.eu = append(cp.eu, m.hosts[g.u].local)
		cp.ev = append(cp.ev, m.hosts[g.v].local)
		cp.groups = append(cp.groups, int32(i))
	}
}

// find returns the root of x in the union-find forest uf, halving paths.
func find(uf []int32, x int32) int32 {
	for uf[x] != x {
		uf[x] = uf[uf[x]]
		x = uf[x]
	}
	return x
}

// close closes the component's bounds over the host graph at the middle
// of the input and in every bucket. Any contradiction leaves it not ok.
func (m *Model) close(c *component) {
	for _, gi := range c.groups {
		if !m.groups[gi].ok {
			c.bad = gi
			return
		}
		c.edges = append(c.edges, &m.groups[gi])
	}
	mid := m.seconds(m.mid)
	if c.mid = c.newView(mid, mid); !c.mid.ok {
		return
	}
	span := uint64(m.end) - uint64(m.start)
	c.width = c.bucketWidth(span)
	c.views = make([]*view, span/uint64(c.width)+1)
	for k := range c.views {
		t0 := uint64(k) * uint64(c.width)
		t1 := min(t0+uint64(c.width), span)
		if c.views[k] = c.newView(float64(t0)/1e9, float64(t1)/1e9); !c.views[k].ok {
			c.views = nil
			return
		}
	}
	c.ok = true
	c.setDrift(mid)
}

// bucketWidth picks the component's bucket width for an input span ns
// long (see maxBucket).
func (c *component) bucketWidth(span uint64) int64 {
	w := float64(maxBucket)
	for _, g := range c.edges {
		if d := g.maxDriftRate(); d > 0 {
			w = math.Min(w, driftBudget/d*1e9) // d is in ns/s
		}
	}
	return max(int64(w), minBucket, int64(span/maxBuckets)+1)
}

// seconds is t's distance from the start of the input, in seconds.
func (m *Model) seconds(t int64) float64 {
	if d, ok := sub(t, m.start); ok {
		return float64(d) / 1e9
	}
	return (float64(t) - float64(m.start)) / 1e9
}

// setDrift walks from the reference along the host pairs whose drift at
// time t is known (breadth first, edges in order), summing drift rates.
func (c *component) setDrift(t float64) {
	n := len(c.hosts)
	c.drift, c.driftOK = make([]float64, n), make([]bool, n)
	c.driftOK[c.ref] = true
	queue := []int32{c.ref}
	for len(queue) > 0 {
		h := queue[0]
		queue = queue[1:]
		for e := range c.eu {
			d, ok := c.edges[e].driftAt(t)
			u, v := c.eu[e], c.ev[e]
			if v == h {
				u, v, d = v, u, -d
			}
			if !ok || u != h || c.driftOK[v] {
				continue
			}
			c.drift[v], c.driftOK[v] = c.drift[h]+d, true
			queue = append(queue, v)
		}
	}
}
