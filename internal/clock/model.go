package clock

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Time buckets: a component's host graph is closed over the bounds that
// its host pairs allow during each bucket, so that one closure serves every
// time in it; the bounds widen by how far the offsets drift during the
// bucket. Buckets are 10 s wide, narrower (down to 100 ms) when the clocks
// drift so fast that they would widen by more than 100 µs, and wider when
// the input is so long that there would be more than maxBuckets.
const (
	maxBucket   int64   = 10e9
	minBucket   int64   = 100e6
	driftBudget float64 = 100e3 // ns
	maxBuckets          = 4096
)

// Model is the clock model of every host of an input (DESIGN §6). It is
// immutable once Estimate returns and safe for concurrent use.
type Model struct {
	zero   bool // Zero: every offset exactly 0
	single bool // one host only: it is the reference, exactly
	hosts  []hostState
	index  map[string]int32
	groups []group // by (u, v)
	comps  []component
	aside  []Pair

	start, end, mid int64 // the input's time range, raw ns
}

// hostState is what the model knows of one host.
type hostState struct {
	HostInfo
	comp, local  int32 // component, and index in it; comp −1: in none
	pairs, aside int64
	warnings     []string
}

// Zero returns the model of --no-clock-correction: every offset is exactly
// 0, so orderings across hosts are judged on raw times, as on one host.
func Zero() *Model { return &Model{zero: true} }

// Estimate builds the clock model: it fits each host pair's observations
// (setting aside outliers; in windows of time when the clocks wander),
// joins host pairs into connected components, picks each component's
// reference (most spans; ties: host key in byte order) and closes the
// bounds over the host graph per time bucket. Bad data never fails it:
// contradictions become unbounded hosts with warnings. Its cost is about
// linear in the number of pairs (a bucket sort and a convex hull per host
// pair), plus a shortest-path closure per bucket over the few hosts.
func Estimate(in Input) *Model {
	m := &Model{}
	m.setRange(in)
	m.split(in)
	m.solveGroups()
	m.countPairs(in.Pairs)
	m.components()
	for i := range m.comps {
		m.close(&m.comps[i])
	}
	m.warn(in.Pairs)
	return m
}

// setRange sets the time range: in's, else the pairs'.
func (m *Model) setRange(in Input) {
	switch {
	case in.End >= in.Start:
		m.start, m.end = in.Start, in.End
	case len(in.Pairs) > 0:
		m.start, m.end = in.Pairs[0].T, in.Pairs[0].T
		for _, p := range in.Pairs {
			m.start, m.end = min(m.start, p.T), max(m.end, p.T)
		}
	}
	m.mid = m.start + int64((uint64(m.end)-uint64(m.start))/2)
}

// solveGroups fits every host pair, on as many goroutines as there are
// cores: each host pair is a partition of its own (DESIGN §1), so the
// result does not depend on the number of workers.
func (m *Model) solveGroups() {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(m.groups)) {
		wg.Go(func() {
			var s solver
			for i := next.Add(1) - 1; i < int64(len(m.groups)); i = next.Add(1) - 1 {
				m.groups[i].solve(&s)
			}
		})
	}
	wg.Wait()
}

// bound converts a pair's bound to float64, the sentinels to ±∞.
func bound(x int64) float64 {
	switch x {
	case NoLower:
		return math.Inf(-1)
	case NoUpper:
		return math.Inf(1)
	}
	return float64(x)
}

// countPairs counts each host's pairs and pairs set aside, and lists the
// pairs set aside, host pair by host pair, most extreme first.
func (m *Model) countPairs(pairs []Pair) {
	for i := range m.groups {
		g := &m.groups[i]
		n, a := int64(len(g.obs)), int64(len(g.aside))
		m.hosts[g.u].pairs += n
		m.hosts[g.v].pairs += n
		m.hosts[g.u].aside += a
		m.hosts[g.v].aside += a
		for _, k := range g.aside {
			m.aside = append(m.aside, pairs[g.obs[k].idx])
		}
	}
}

// SetAside returns the pairs set aside as outliers, host pair by host pair
// (in byte order of host keys), most extreme first. The slice must not be
// modified.
func (m *Model) SetAside() []Pair { return m.aside }
