package detect

import (
	"slices"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// window is Window(J, K) of DESIGN §5: it opens where J's enqueue starts
// (J's own start when no enqueue is known) and closes at the end of J's
// last mutation of K. J's first mutation of K is the decisive point: a
// read is inside when it starts after the opening point and ends before
// that mutation starts.
type window struct {
	job  *stitch.Unit
	open clock.Point
	muts []*ops.Op // J's mutations of K, in op order
	// first and last are the first mutation and the one ending last,
	// whatever their hash fields; fielded says some mutation names a
	// field, so that a read naming one must look further.
	first, last *ops.Op
	fielded     bool
	// closeBy is the latest end of any mutation that is the first one some
	// read conflicts with: no read starting later can be inside.
	closeBy int64
}

func newWindow(j *unitOps) *window {
	w := &window{job: j.unit, open: openPoint(j.unit), muts: j.muts, first: j.muts[0]}
	firstOf := make(map[string]*ops.Op) // the first mutation naming each field
	for _, m := range j.muts {
		if w.last == nil || m.Span.End >= w.last.Span.End {
			w.last = m
		}
		if _, ok := firstOf[m.Field]; !ok {
			firstOf[m.Field] = m
		}
		w.fielded = w.fielded || m.Field != ""
	}
	w.closeBy = w.first.Span.End
	for _, m := range firstOf {
		w.closeBy = max(w.closeBy, m.Span.End)
	}
	return w
}

// openPoint is where Window(J, ·) opens: the start of J's enqueue, else of
// J's own root span (a job whose producer is not in the input gets no
// invented enqueue).
func openPoint(j *stitch.Unit) clock.Point {
	if j.Enqueue != nil {
		return clock.Point{Host: j.Enqueue.Host, T: j.Enqueue.Start}
	}
	r := j.RootSpan()
	return clock.Point{Host: r.Host, T: r.Start}
}

// edges returns J's first mutation of K that conflicts with op o, and the
// conflicting one that ends last; nil when none conflicts (different hash
// fields).
func (w *window) edges(o *ops.Op) (first, last *ops.Op) {
	if !w.fielded || o.Field == "" {
		return w.first, w.last
	}
	for _, m := range w.muts {
		if m.Conflicts(o) {
			if first == nil {
				first = m
			}
			if last == nil || m.Span.End >= last.Span.End {
				last = m
			}
		}
	}
	return first, last
}

// inside is the two orderings that put a read inside the window: it
// starts after the opening point (a point comparison) and ends before the
// first mutation starts.
func (w *window) inside(read, first *ops.Op) [2]order {
	return [2]order{pointBefore(w.open, startOf(read)), opBefore(read, first)}
}

// windowHit is one read that may be inside a window, judged on the
// window's orderings alone.
type windowHit struct {
	read, first, last *ops.Op
	v                 verdict
}

// inWindow is one request's hits of K that may lie inside one job's
// window: the (R, J, K) partition the stale-read rules work on.
type inWindow struct {
	req  *stitch.Unit
	w    *window
	key  string
	hits []windowHit // in op order
}

// scanWindow returns, request by request (in the order of their first
// such hit), the hits of K by requests that may be inside J's window. Hits
// are sorted by start, so the candidates are one slice of them, found by
// binary search.
func scanWindow(k *keyOps, j *unitOps, jd *judge) []*inWindow {
	w := newWindow(j)
	lo, _ := slices.BinarySearchFunc(k.hits, addSat(w.open.T, -jd.skew), startCmp)
	hi, _ := slices.BinarySearchFunc(k.hits, addSat(w.closeBy, jd.skew+1), startCmp)
	var out []*inWindow
	byReq := make(map[*stitch.Unit]*inWindow)
	for _, h := range k.hits[lo:max(lo, hi)] {
		first, last := w.edges(h)
		if first == nil {
			continue
		}
		in := w.inside(h, first)
		v := jd.decide(in[:]...)
		if v.conf == clock.None {
			continue
		}
		g := byReq[h.Unit]
		if g == nil {
			g = &inWindow{req: h.Unit, w: w, key: k.key}
			byReq[h.Unit] = g
			out = append(out, g)
		}
		g.hits = append(g.hits, windowHit{read: h, first: first, last: last, v: v})
	}
	return out
}

// startCmp compares an op's start with t, for binary searches by start.
func startCmp(o *ops.Op, t int64) int {
	switch {
	case o.Span.Start < t:
		return -1
	case o.Span.Start > t:
		return 1
	}
	return 0
}

// notWaited is the orderings saying that R did not read K again after J's
// last mutation of it (DESIGN §5: "it waited"): for each host R read K on,
// R's latest read there that conflicts with the reported one is before
// that mutation; overlapping it caps the finding at possible. Within one
// host the latest read decides for all. It also returns those reads.
func notWaited(reads []*ops.Op, h *windowHit) ([]order, []*ops.Op) {
	var latest []*ops.Op // one per host
	for _, r := range reads {
		if r == h.read || !r.Conflicts(h.read) {
			continue
		}
		i := slices.IndexFunc(latest, func(l *ops.Op) bool { return l.Span.Host == r.Span.Host })
		switch {
		case i < 0:
			latest = append(latest, r)
		case compareOps(r, latest[i]) > 0:
			latest[i] = r
		}
	}
	var os []order
	var again []*ops.Op
	for _, r := range latest {
		if r.Span.Host == h.read.Span.Host && compareOps(r, h.read) < 0 {
			continue // before the reported read on its host: holds with it
		}
		os = append(os, opBefore(r, h.last))
		again = append(again, r)
	}
	return os, again
}
