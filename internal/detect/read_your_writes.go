package detect

import (
	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/stitch"
)

// readYourWrites is read-your-writes (DESIGN §5): a stale read whose
// request acts for the same actor as the request E that enqueued the job,
// and that the user could only have made after E: either E had answered
// (ended) before the read started, or the read is E's own and starts after
// the enqueue ended. An E still running (another tab) leaves a plain
// stale read.
type readYourWrites struct{}

func (readYourWrites) Info() RuleInfo { return readYourWritesInfo }

func (readYourWrites) checkWindow(g *inWindow, e *env) *candidate {
	after, ok := afterEnqueuer(g)
	if !ok {
		return nil
	}
	judge := func(h *windowHit) verdict {
		in := g.w.inside(h.read, h.first)
		return e.jd.decide(in[0], in[1], after(h))
	}
	h := lastStrongest(g.hits, judge)
	c := staleCandidate(g, e, h, []order{after(h)}, readYourWritesInfo)
	if c != nil {
		c.say = func() string { return sayStale(g, h, rywHow(g, h)) }
	}
	return c
}

// afterEnqueuer returns the ordering that makes a hit of g come after the
// user saw the enqueuing request, or false when the rule cannot apply: the
// job has no enqueuing request, or it acts for another (or no) actor.
func afterEnqueuer(g *inWindow) (func(*windowHit) order, bool) {
	j := g.w.job
	by := j.EnqueuedBy
	if by == nil || by.Kind != stitch.Request || !g.req.Actor.Matches(by.Actor) {
		return nil, false
	}
	if by == g.req {
		q := j.Enqueue
		if q == nil {
			return nil, false
		}
		return func(h *windowHit) order {
			return pointBefore(clock.Point{Host: q.Host, T: q.End}, startOf(h.read))
		}, true
	}
	root := by.RootSpan()
	return func(h *windowHit) order {
		return pointBefore(clock.Point{Host: root.Host, T: root.End}, startOf(h.read))
	}, true
}

// rywHow dates the enqueue for the summary.
func rywHow(g *inWindow, h *windowHit) string {
	d := earlier(h.read.Span.Start - g.w.open.T)
	if g.w.job.EnqueuedBy == g.req {
		return "which it had enqueued " + d
	}
	return "enqueued by the same user " + d
}
