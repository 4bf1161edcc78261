package stitch

import (
	"cmp"
	"slices"

	"github.com/raceline/raceline/internal/trace"
)

// Tree is the span tree of one trace, with the trace's units. Slices indexed
// by span are parallel to Trace.Spans (input order); span indices are int32.
//
// Duplicate spans (AnomalyDuplicateSpan) stay in Trace.Spans but are
// excluded from everything else: Duplicate is true, Parent, Depth and Unit
// are -1, and they are absent from Order, Units and Counts.
//
// A Tree is immutable once Stitch returns and safe for concurrent reads.
type Tree struct {
	Trace *trace.Trace
	// Parent is the index of the span's parent, or -1 for a root: a span
	// naming no parent, or an orphan.
	Parent []int32
	Depth  []int32 // 0 for roots
	// Order lists every kept span depth-first: roots, then each span's
	// children, ordered by (start, span ID, input index).
	Order []int32
	// Orphan marks roots that name a parent: one missing from the trace,
	// the span itself (AnomalySelfParent), or a cycle member the cycle was
	// broken at (AnomalyParentCycle).
	Orphan    []bool
	Duplicate []bool
	// Unit is the index in Units of the unit owning the span: the nearest
	// enclosing request or job, else the trace unit. For a job root linking
	// N producers it is the first of its N units (see UnitsOf).
	Unit []int32
	// Units are the trace's units ordered by (root start, root span ID,
	// root index, link target); the units of one root are adjacent. Job
	// enqueues are filled in by the join step of Stitch.
	Units  []*Unit
	Counts Counts

	pos, size []int32 // a kept span's position in Order and the size of its subtree
	ids       []int32 // kept spans by (span ID, shared last, input index)
	missing   []int32 // orphans whose parent is not in the trace, in input order
	seq       int32   // the tree's position in Graph.Trees
}

// BuildTree builds the tree, anomaly counts and units of one trace. It is a
// pure function of tr and opts and does not modify tr. Job units come back
// without enqueue, enqueuer or inherited actor: those need the other traces
// (see Stitch).
func BuildTree(tr *trace.Trace, opts Options) *Tree {
	var b builder
	return b.build(tr, &opts)
}

// Span returns span i of the trace.
func (t *Tree) Span(i int32) *trace.Span { return &t.Trace.Spans[i] }

// Subtree returns span i and all its descendants in depth-first order: a
// sub-slice of Order, not to be modified. It is empty for a duplicate.
func (t *Tree) Subtree(i int32) []int32 {
	if t.Duplicate[i] {
		return nil
	}
	return t.Order[t.pos[i] : t.pos[i]+t.size[i]]
}

// UnitsOf returns the units owning span i: one, except inside a job linking
// several producers, which is one unit per link. Nil for a duplicate.
func (t *Tree) UnitsOf(i int32) []*Unit {
	if t.Duplicate[i] {
		return nil
	}
	first := t.Unit[i]
	end := first + 1
	for int(end) < len(t.Units) && t.Units[end].Root == t.Units[first].Root {
		end++
	}
	return t.Units[first:end]
}

// MissingParent reports whether span i is an orphan because its parent is
// not in the trace (rather than a self-parent or a broken cycle).
func (t *Tree) MissingParent(i int32) bool {
	_, found := slices.BinarySearch(t.missing, i)
	return found
}

// byStart orders spans a and b by (start, span ID, input index): the order
// of siblings, roots, actor search and cycle breaking.
func (t *Tree) byStart(a, b int32) int {
	sa, sb := &t.Trace.Spans[a], &t.Trace.Spans[b]
	if c := cmp.Compare(sa.Start, sb.Start); c != 0 {
		return c
	}
	if c := compareSpanID(sa.SpanID, sb.SpanID); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// newTree allocates the per-span slices of an n-span trace in two blocks.
func newTree(tr *trace.Trace) *Tree {
	n := len(tr.Spans)
	ints := make([]int32, 7*n)
	bools := make([]bool, 2*n)
	return &Tree{
		Trace:     tr,
		Parent:    ints[0*n : 1*n : 1*n],
		Depth:     ints[1*n : 2*n : 2*n],
		Order:     ints[2*n : 2*n : 3*n],
		Unit:      ints[3*n : 4*n : 4*n],
		pos:       ints[4*n : 5*n : 5*n],
		size:      ints[5*n : 6*n : 6*n],
		ids:       ints[6*n : 6*n : 7*n],
		Orphan:    bools[0*n : 1*n : 1*n],
		Duplicate: bools[1*n : 2*n : 2*n],
	}
}
