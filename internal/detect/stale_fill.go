package detect

import (
	"slices"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// staleFill is stale-cache-fill (DESIGN §5): unit R misses K, reads the
// source, then fills K; another unit W changes the source and then
// invalidates or writes K. When the change ends after R's source read
// starts (R may have read the old value) and W's mutation ends before R's
// fill starts (the fill lands last), the cache keeps the old value. One
// finding per (R, W, K): the strongest, the latest of W's mutations for
// each fill.
type staleFill struct{}

func (staleFill) Info() RuleInfo { return staleFillInfo }

// change is one mutation of K that may make a fill stale, with what
// changed the source before it.
type change struct {
	mut *ops.Op // an invalidation, write or atomic command, never a fill
	// src is W's last source write before mut, or mut itself: the change
	// a fill's source read may have missed.
	src *ops.Op
	// reach is the later of src's and mut's ends.
	reach int64
}

func (staleFill) checkKey(k *keyOps, e *env) []*candidate {
	changes, reach := changesOf(k, e.jn)
	if len(changes) == 0 {
		return nil
	}
	var out []*candidate
	for _, u := range k.units {
		for _, f := range u.muts {
			if f.Kind == ops.Fill {
				out = append(out, fillRaces(u, f, changes, reach, e)...)
			}
		}
	}
	return out
}

// changesOf lists the key's invalidations, writes and atomic commands by
// start, and the running maximum of their reach.
func changesOf(k *keyOps, jn *joins) ([]change, []int64) {
	var cs []change
	for _, u := range k.units {
		for _, m := range u.muts {
			if m.Kind == ops.Fill {
				continue // two concurrent fills (a stampede) race harmlessly
			}
			src := lastBefore(jn.sources.get(u.unit).writesOf(), m)
			if src == nil {
				src = m
			}
			cs = append(cs, change{mut: m, src: src, reach: max(m.Span.End, src.Span.End)})
		}
	}
	slices.SortFunc(cs, func(a, b change) int { return compareOps(a.mut, b.mut) })
	reach := make([]int64, len(cs))
	for i, c := range cs {
		reach[i] = c.reach
		if i > 0 {
			reach[i] = max(reach[i], reach[i-1])
		}
	}
	return cs, reach
}

// fillRaces returns the races of fill f of unit u with every other unit's
// changes: for each such unit, its strongest change, the latest of equals.
func fillRaces(u *unitOps, f *ops.Op, cs []change, reach []int64, e *env) []*candidate {
	miss := lastBefore(u.reads, f, func(r *ops.Op) bool { return !r.Hit && r.Conflicts(f) })
	read := lastBefore(e.jn.sources.get(u.unit).readsOf(), f) // R's last source read before the fill
	if miss == nil || read == nil || compareOps(read, miss) < 0 {
		return nil
	}
	best := make(map[*stitch.Unit]*candidate)
	var order []*stitch.Unit
	hi, _ := slices.BinarySearchFunc(cs, addSat(f.Span.End, e.jd.skew+1), func(c change, t int64) int { return startCmp(c.mut, t) })
	for i := hi - 1; i >= 0 && reach[i] >= addSat(read.Span.Start, -e.jd.skew); i-- {
		c := &cs[i]
		w := c.mut.Unit
		if w == u.unit || !c.mut.Conflicts(f) {
			continue
		}
		v := e.jd.decide(pointBefore(startOf(read), endOf(c.src)), opBefore(c.mut, f))
		if v.conf == clock.None {
			continue
		}
		if b := best[w]; b == nil {
			order = append(order, w)
		} else if v.conf <= b.v.conf {
			continue // scanning backwards: the one found first is later
		}
		best[w] = fillCandidate(u.unit, miss, read, f, c, v)
	}
	out := make([]*candidate, len(order))
	for i, w := range order {
		out[i] = best[w]
	}
	return out
}

func fillCandidate(r *stitch.Unit, miss, read, f *ops.Op, c *change, v verdict) *candidate {
	src := c.src
	if src == c.mut {
		src = nil
	}
	cand := &candidate{rule: staleFillInfo, v: v, key: f.Key, keys: []string{f.Key}, req: r,
		events: opEvents(miss, read, f, c.mut, src)}
	cand.withParty(c.mut.Unit)
	cand.say = func() string {
		w := unitName(c.mut.Unit)
		return unitName(r) + " filled " + f.Key + " " + gapText(f.Span.Start-c.mut.Span.End, "after") + " " + w + " " +
			mutated(c.mut) + " it, with a value read from the source " + gapText(c.src.Span.End-read.Span.Start, "before") +
			" " + w + "'s change landed: the cache keeps the old value"
	}
	return cand
}

// lastBefore returns the last of os (in op order) before o that every
// test accepts, or nil.
func lastBefore(os []*ops.Op, o *ops.Op, tests ...func(*ops.Op) bool) *ops.Op {
	i, _ := slices.BinarySearchFunc(os, o, compareOps)
	for i--; i >= 0; i-- {
		if all(os[i], tests) {
			return os[i]
		}
	}
	return nil
}

func all(o *ops.Op, tests []func(*ops.Op) bool) bool {
	for _, t := range tests {
		if !t(o) {
			return false
		}
	}
	return true
}

// readsOf and writesOf are nil-safe accessors: a unit may have no source
// operations.
func (s *sourceOps) readsOf() []*ops.Op {
	if s == nil {
		return nil
	}
	return s.reads
}

func (s *sourceOps) writesOf() []*ops.Op {
	if s == nil {
		return nil
	}
	return s.writes
}

// addSat is a + b, saturated at the int64 limits.
func addSat(a, b int64) int64 {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return 1<<63 - 1
	case a < 0 && b < 0 && s >= 0:
		return -1 << 63
	}
	return s
}
