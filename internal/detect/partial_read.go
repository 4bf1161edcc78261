package detect

import (
	"cmp"
	"slices"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// partialRead is partial-read (DESIGN §5): request R hits two keys that
// job J mutates, one inside Window(J, K1) (a stale read of K1 that R did
// not wait out) and one after J's last mutation of K2: R combined old and
// new state. One finding per (R, J); its confidence is that of the
// strongest such pair of reads, judged jointly.
type partialRead struct{}

func (partialRead) Info() RuleInfo { return partialReadInfo }

// pairCands is the (R, J) partition: what the window rules found for one
// request and one job, one candidate per rule and key, keys in byte order.
type pairCands struct {
	req, job *stitch.Unit
	stale    []*candidate // stale-read-pending-job: what partial-read combines
	others   []*candidate // the other window rules' (read-your-writes)
}

func (p *pairCands) add(c *candidate) {
	if c.rule.Name == StaleRead {
		p.stale = append(p.stale, c)
	} else {
		p.others = append(p.others, c)
	}
}

// freshHit is R's hit of a key after J's last mutation of it.
type freshHit struct {
	key        string
	read, last *ops.Op
	o          order
	v          verdict
}

func (partialRead) checkPair(p *pairCands, e *env) *candidate {
	if len(p.stale) == 0 {
		return nil
	}
	s, f, v := strongestMix(p.stale, freshHits(p, e), e)
	if s == nil {
		return nil
	}
	first := slices.MinFunc(p.stale, func(a, b *candidate) int { return compareOps(a.stale.hit.read, b.stale.hit.read) })
	c := &candidate{rule: partialReadInfo, v: v, key: first.key, req: p.req, job: p.job,
		events: opEvents(f.read, f.last), keys: []string{f.key}}
	for _, st := range p.stale {
		c.keys = append(c.keys, st.key)
		c.events = append(c.events, st.events...) // the job's, the stale read's and its mutations
	}
	slices.Sort(c.keys)
	c.keys = slices.Compact(c.keys)
	c.say = func() string { return sayPartial(p, s, f) }
	return c
}

// freshHits returns, for each key R hits and J mutates (in key order), R's
// hit after J's last mutation of the key with the highest confidence (the
// earliest of equals).
func freshHits(p *pairCands, e *env) []*freshHit {
	var out []*freshHit
	for _, key := range e.jn.hits.get(p.req) {
		muts := e.jn.muts(p.job, key)
		if len(muts) == 0 {
			continue
		}
		w := newWindow(&unitOps{unit: p.job, muts: muts})
		var best *freshHit
		for _, r := range e.jn.reads(p.req, key) {
			if !r.Hit {
				continue
			}
			_, last := w.edges(r)
			if last == nil {
				continue
			}
			o := opBefore(last, r)
			if v := e.jd.decide(o); v.conf != clock.None && (best == nil || v.conf > best.v.conf) {
				best = &freshHit{key: key, read: r, last: last, o: o, v: v}
			}
		}
		if best != nil {
			out = append(out, best)
		}
	}
	return out
}

// strongestMix returns the stale read and the fresh read of another key
// whose orderings, judged jointly, give the highest confidence: the
// strongest single reads are tried first, earliest first, and a certain
// pair ends the search.
func strongestMix(stale []*candidate, fresh []*freshHit, e *env) (*candidate, *freshHit, verdict) {
	stale = slices.Clone(stale)
	slices.SortStableFunc(stale, func(a, b *candidate) int {
		if c := cmp.Compare(b.v.conf, a.v.conf); c != 0 {
			return c
		}
		return compareOps(a.stale.hit.read, b.stale.hit.read)
	})
	slices.SortStableFunc(fresh, func(a, b *freshHit) int {
		if c := cmp.Compare(b.v.conf, a.v.conf); c != 0 {
			return c
		}
		return compareOps(a.read, b.read)
	})
	var bs *candidate
	var bf *freshHit
	var bv verdict
	for _, s := range stale {
		for _, f := range fresh {
			if f.key == s.key {
				continue
			}
			v := e.jd.decide(append(slices.Clip(s.stale.orders), f.o)...)
			if v.conf != clock.None && (bs == nil || v.conf > bv.conf) {
				bs, bf, bv = s, f, v
			}
			if bv.conf == clock.Certain {
				return bs, bf, bv
			}
		}
	}
	return bs, bf, bv
}

// sayPartial is the summary of a partial read.
func sayPartial(p *pairCands, s *candidate, f *freshHit) string {
	h := s.stale.hit
	return unitName(p.req) + " read " + s.key + " from cache " +
		gapText(h.first.Span.Start-h.read.Span.End, "before") + " " + unitName(p.job) + " " + mutated(h.first) +
		" it, and " + f.key + " " + gapText(f.read.Span.Start-f.last.Span.End, "after") + " it " +
		mutated(f.last) + " that: a mix of old and new state"
}
