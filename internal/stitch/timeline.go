package stitch

import (
	"cmp"
	"slices"

	"github.com/raceline/raceline/internal/trace"
)

// What a MissingRef points at.
const (
	MissingParent = "parent"
	MissingLink   = "link"
)

// Timeline is one request's cross-service timeline (raceline.timeline/v1):
// its trace's spans and, spliced in, the jobs it enqueued.
type Timeline struct {
	// Request is the unit at the first root of the trace shown.
	Request *Unit
	// Spans is depth-first: the trace's roots by (start, span ID), orphans
	// included, each span's children, and after a PRODUCER span's children
	// the jobs it enqueued, one level deeper, transitively. Each span
	// appears once, so each job once even when several producers enqueued
	// it, and cycles end.
	Spans []TimelineSpan
	// Missing lists, sorted by trace ID, span ID and What, the parents and
	// link targets of the shown spans that are not in the input.
	Missing []MissingRef
}

// TimelineSpan is one line of a Timeline.
type TimelineSpan struct {
	Span   *trace.Span
	Unit   *Unit // the unit owning the span (the first, for a job with several links)
	Depth  int
	Orphan bool
	// LinkedFrom is, on a job root shown under the span that enqueued it,
	// that span.
	LinkedFrom *trace.Span
}

// MissingRef is a span named by a parent ID or a link but not in the input.
type MissingRef struct {
	TraceID trace.TraceID
	SpanID  trace.SpanID
	What    string // MissingParent or MissingLink
}

// Timeline returns the timeline of the trace with this ID, and false when
// no such trace is in the input. When the trace's first root is a job whose
// enqueuer is known, it is that enqueuer's trace's timeline, which shows
// the job in place.
func (g *Graph) Timeline(id trace.TraceID) (*Timeline, bool) {
	t := g.Tree(id)
	if t == nil || len(t.Order) == 0 {
		return nil, false
	}
	if by := enqueuerOf(t); by != nil {
		t = by.tree
	}
	w := timelineWalk{g: g, seen: make(map[*Tree][]bool), missing: []MissingRef{}}
	w.walk(t)
	return &Timeline{Request: t.Units[t.Unit[t.Order[0]]], Spans: w.spans, Missing: w.sortedMissing()}, true
}

// enqueuerOf returns the enqueuer of the job at t's first root, if any.
func enqueuerOf(t *Tree) *Unit {
	for _, u := range t.UnitsOf(t.Order[0]) {
		if u.Kind == Job && u.EnqueuedBy != nil {
			return u.EnqueuedBy
		}
	}
	return nil
}

type timelineWalk struct {
	g       *Graph
	seen    map[*Tree][]bool
	spans   []TimelineSpan
	missing []MissingRef
}

type frame struct {
	t     *Tree
	s     int32
	depth int
	from  *trace.Span
}

// walk emits t's spans and the jobs they enqueued with an explicit stack.
func (w *timelineWalk) walk(t *Tree) {
	var stack []frame
	for k := len(t.Order) - 1; k >= 0; k-- {
		if r := t.Order[k]; t.Parent[r] < 0 {
			stack = append(stack, frame{t: t, s: r})
		}
	}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		seen := w.seenIn(f.t)
		if seen[f.s] {
			continue
		}
		seen[f.s] = true
		w.emit(f)
		stack = w.pushNext(stack, f)
	}
}

func (w *timelineWalk) seenIn(t *Tree) []bool {
	seen, ok := w.seen[t]
	if !ok {
		seen = make([]bool, len(t.Trace.Spans))
		w.seen[t] = seen
	}
	return seen
}

func (w *timelineWalk) emit(f frame) {
	t, sp := f.t, f.t.Span(f.s)
	w.spans = append(w.spans, TimelineSpan{
		Span: sp, Unit: t.Units[t.Unit[f.s]], Depth: f.depth, Orphan: t.Orphan[f.s], LinkedFrom: f.from,
	})
	if t.MissingParent(f.s) {
		w.missing = append(w.missing, MissingRef{t.Trace.ID, sp.ParentID, MissingParent})
	}
	for _, l := range sp.Links {
		if !w.g.index.find(l).ok() {
			w.missing = append(w.missing, MissingRef{l.TraceID, l.SpanID, MissingLink})
		}
	}
}

// pushNext pushes what follows f's span: its children, then the jobs it
// enqueued; reversed, so that they pop in that order.
func (w *timelineWalk) pushNext(stack []frame, f frame) []frame {
	t, n := f.t, len(stack)
	sp := t.Span(f.s)
	end := t.pos[f.s] + t.size[f.s]
	for k := t.pos[f.s] + 1; k < end; k += t.size[t.Order[k]] {
		c := t.Order[k]
		stack = append(stack, frame{t: t, s: c, depth: f.depth + 1, from: enqueuedFrom(t, c, f.s)})
	}
	if sp.Kind == trace.KindProducer {
		for _, u := range w.g.JobsEnqueuedBy(t, f.s) {
			stack = append(stack, frame{t: u.tree, s: u.Root, depth: f.depth + 1, from: sp})
		}
	}
	slices.Reverse(stack[n:])
	return stack
}

// enqueuedFrom returns span p when child c roots a job that p enqueued.
func enqueuedFrom(t *Tree, c, p int32) *trace.Span {
	for _, u := range t.UnitsOf(c) {
		if u.Kind == Job && u.Root == c && u.enq == (spanRef{t, p}) {
			return t.Span(p)
		}
	}
	return nil
}

func (w *timelineWalk) sortedMissing() []MissingRef {
	slices.SortFunc(w.missing, func(a, b MissingRef) int {
		if c := compareTraceID(a.TraceID, b.TraceID); c != 0 {
			return c
		}
		if c := compareSpanID(a.SpanID, b.SpanID); c != 0 {
			return c
		}
		return cmp.Compare(a.What, b.What)
	})
	return slices.Compact(w.missing)
}
