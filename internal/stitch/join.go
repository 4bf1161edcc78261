package stitch

import (
	"cmp"
	"slices"

	"github.com/raceline/raceline/internal/trace"
)

// spanRef locates a kept span across trees; the zero value is "none".
type spanRef struct {
	tree *Tree
	span int32
}

func (r spanRef) ok() bool { return r.tree != nil }

func (r spanRef) get() *trace.Span {
	if r.tree == nil {
		return nil
	}
	return r.tree.Span(r.span)
}

// owner returns the unit owning the span (the first, for a job root with
// several links).
func (r spanRef) owner() *Unit { return r.tree.Units[r.tree.Unit[r.span]] }

// traceIndex finds trees by trace ID. The IDs are copied into one slice so
// that a search reads contiguous memory.
type traceIndex struct {
	ids   []trace.TraceID
	trees []*Tree
}

// newTraceIndex indexes trees, which must be sorted by trace ID.
func newTraceIndex(trees []*Tree) traceIndex {
	x := traceIndex{ids: make([]trace.TraceID, len(trees)), trees: trees}
	for i, t := range trees {
		x.ids[i] = t.Trace.ID
	}
	return x
}

func (x *traceIndex) tree(id trace.TraceID) *Tree {
	k, found := slices.BinarySearchFunc(x.ids, id, compareTraceID)
	if !found {
		return nil
	}
	return x.trees[k]
}

// find returns the kept span a link points at.
func (x *traceIndex) find(l trace.Link) spanRef {
	if t := x.tree(l.TraceID); t != nil {
		if s := t.Lookup(l.SpanID); s >= 0 {
			return spanRef{t, s}
		}
	}
	return spanRef{}
}

// joiner is the cross-trace step: it finds each job's enqueue and
// enqueuer. Its input is every tree, sorted by trace ID; it writes only the
// jobs' Enqueue, EnqueuedBy and Actor, and each tree's MissingLinkTargets.
type joiner struct {
	index   traceIndex
	pending [][]pendingMessage // by tree
}

// pendingMessage is a job waiting for the message ID match: unit at of
// group, whose root carries key.
type pendingMessage struct {
	group []*Unit
	at    int
	key   messageKey
}

// messageKey identifies a message for the last-resort enqueue match.
type messageKey struct{ destination, id string }

// linkJobs runs the join. The steps run in this order because a job's
// enqueuer is only known once the enqueue of every job above it is. The
// first step writes only to its own tree, so trees run in parallel.
func linkJobs(index traceIndex, workers int) {
	j := joiner{index: index, pending: make([][]pendingMessage, len(index.trees))}
	parallel(len(index.trees), workers, func() func(int) {
		return func(i int) {
			t := index.trees[i]
			j.countMissing(t)
			j.pending[i] = j.setEnqueues(t)
		}
	})
	j.matchMessages(slices.Concat(j.pending...))
	j.setEnqueuers()
}

func (j *joiner) countMissing(t *Tree) {
	if t.Counts.Links == 0 {
		return
	}
	for _, s := range t.Order {
		for _, l := range t.Span(s).Links {
			if !j.index.find(l).ok() {
				t.Counts.MissingLinkTargets++
			}
		}
	}
}

// setEnqueues finds the enqueue of each job of t. A unit standing for a
// link takes that link's target, whatever its kind. The first unit of a
// root left without one (a root with no link, or whose link target is
// missing) falls back to the root's parent when it is a PRODUCER span, else
// to the PRODUCER with the same message ID and destination (matchMessages),
// unless a sibling unit already has that span. It returns the jobs waiting
// for that match.
func (j *joiner) setEnqueues(t *Tree) (pending []pendingMessage) {
	for k := 0; k < len(t.Units); {
		group := t.UnitsOf(t.Units[k].Root)
		k += len(group)
		if group[0].Kind != Job {
			continue
		}
		for _, u := range group {
			if u.Link != nil {
				u.enq = j.index.find(*u.Link)
			}
		}
		i := slices.IndexFunc(group, func(u *Unit) bool { return !u.enq.ok() })
		if i < 0 {
			continue
		}
		root := group[i].Root
		if p := t.Parent[root]; p >= 0 && t.Span(p).Kind == trace.KindProducer {
			claim(group, i, spanRef{t, p})
		} else if key, ok := messageOf(t.Span(root)); ok {
			pending = append(pending, pendingMessage{group, i, key})
		}
	}
	return pending
}

// claim makes r the enqueue of group[i] unless a sibling has it already.
func claim(group []*Unit, i int, r spanRef) {
	if r.ok() && !slices.ContainsFunc(group, func(u *Unit) bool { return u.enq == r }) {
		group[i].enq = r
	}
}

func messageOf(sp *trace.Span) (messageKey, bool) {
	id, _ := sp.Attr("messaging.message.id")
	dest, _ := sp.Attr("messaging.destination.name")
	return messageKey{dest, id}, id != ""
}

// matchMessages gives each pending job the PRODUCER span with its message
// ID and destination; of several, the first by (start, trace ID, span ID).
// Only the wanted keys are indexed, so the index stays small.
func (j *joiner) matchMessages(pending []pendingMessage) {
	if len(pending) == 0 {
		return
	}
	best := make(map[messageKey]spanRef, len(pending))
	for _, p := range pending {
		best[p.key] = spanRef{}
	}
	for _, t := range j.index.trees {
		for _, s := range t.Order {
			if sp := t.Span(s); sp.Kind == trace.KindProducer {
				key, _ := messageOf(sp)
				if old, wanted := best[key]; wanted && (!old.ok() || compareRefs(spanRef{t, s}, old) < 0) {
					best[key] = spanRef{t, s}
				}
			}
		}
	}
	for _, p := range pending {
		claim(p.group, p.at, best[p.key])
	}
}

// compareRefs orders spans by (start, trace ID, span ID, input index).
func compareRefs(a, b spanRef) int {
	sa, sb := a.get(), b.get()
	if c := cmp.Compare(sa.Start, sb.Start); c != 0 {
		return c
	}
	if c := compareTraceID(sa.TraceID, sb.TraceID); c != 0 {
		return c
	}
	if c := compareSpanID(sa.SpanID, sb.SpanID); c != 0 {
		return c
	}
	return cmp.Compare(a.span, b.span)
}
