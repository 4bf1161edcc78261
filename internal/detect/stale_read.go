package detect

import (
	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
)

// staleRead is stale-read-pending-job (DESIGN §5): a request hits K inside
// Window(J, K), and does not read K again after J's last mutation of it.
// One finding per (R, J, K), reporting R's last hit inside the window: the
// last of those with the highest confidence.
type staleRead struct{}

func (staleRead) Info() RuleInfo { return staleReadInfo }

func (staleRead) checkWindow(g *inWindow, e *env) *candidate {
	h := lastStrongest(g.hits, func(h *windowHit) verdict { return h.v })
	c := staleCandidate(g, e, h, nil, staleReadInfo)
	if c != nil {
		c.say = func() string { return sayStale(g, h, "") }
	}
	return c
}

// staleEvidence is what a stale-read candidate holds for partial-read.
type staleEvidence struct {
	hit    *windowHit
	again  []*ops.Op // R's later reads of K, still before J's last mutation
	orders []order   // every decisive ordering
}

// lastStrongest returns the hit with the highest confidence under judge,
// the last one (in op order) of equals.
func lastStrongest(hits []windowHit, judge func(*windowHit) verdict) *windowHit {
	var best *windowHit
	var bv verdict
	for i := range hits {
		h := &hits[i]
		if v := judge(h); best == nil || v.conf >= bv.conf {
			best, bv = h, v
		}
	}
	return best
}

// staleCandidate judges hit h of group g jointly with the extra orderings
// and with R not having waited for J's last mutation; nil when that cannot
// hold. The candidate has no summary yet.
func staleCandidate(g *inWindow, e *env, h *windowHit, extra []order, info RuleInfo) *candidate {
	if h == nil {
		return nil
	}
	in := g.w.inside(h.read, h.first)
	waits, again := notWaited(e.jn.reads(g.req, g.key), h)
	os := append(append(in[:], extra...), waits...)
	v := e.jd.decide(os...)
	if v.conf == clock.None {
		return nil
	}
	events := make([]Event, 0, 6+len(again))
	events = append(append(events, jobEvents(g.w.job)...), opEvents(h.read, h.first, h.last)...)
	events = append(events, opEvents(again...)...)
	return &candidate{rule: info, v: v, key: g.key, keys: []string{g.key}, req: g.req, job: g.w.job,
		events: events, stale: &staleEvidence{hit: h, again: again, orders: os}}
}

// sayStale is the summary of a stale read; how says how the job came to
// be (for read-your-writes), else the enqueue (or start) is dated.
func sayStale(g *inWindow, h *windowHit, how string) string {
	r, first := h.read, h.first
	if how == "" {
		what := "enqueued"
		if g.w.job.Enqueue == nil {
			what = "started"
		}
		how = what + " " + earlier(r.Span.Start-g.w.open.T)
	}
	return unitName(g.req) + " read " + g.key + " from cache " + gapText(first.Span.Start-r.Span.End, "before") +
		" " + unitName(g.w.job) + " (" + how + ") " + mutated(first) + " it"
}
