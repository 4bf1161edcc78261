package stitch

import (
	"cmp"
	"encoding/binary"
	"slices"

	"github.com/raceline/raceline/internal/trace"
)

// builder holds the scratch space of BuildTree, so that one worker reuses
// it from trace to trace. Nothing in it outlives a build.
type builder struct {
	byStart []int32 // kept spans by (start, span ID, input index)
	a, b    []int32 // general int32 scratch, n and n+1 long
	flags   []uint8 // n long
	stack   []int32
	keys    []sortKey
	done    []bool
	links   []int
}

// sortKey carries what spans are sorted by, so that sorting reads one
// contiguous slice instead of chasing span pointers.
type sortKey struct {
	major  int64  // start, or the span ID when sorting by ID
	minor  uint64 // span ID, or the Shared flag when sorting by ID
	index  int32
	shared bool
}

func compareKeys(a, b sortKey) int {
	if c := cmp.Compare(a.major, b.major); c != 0 {
		return c
	}
	if c := cmp.Compare(a.minor, b.minor); c != 0 {
		return c
	}
	return cmp.Compare(a.index, b.index)
}

// build runs the per-trace steps. Each needs the ones before it:
// duplicates must be known before parents are looked up, cycles broken
// before the depth-first order exists, and units need that order (an
// ancestor is classified before its descendants).
func (b *builder) build(tr *trace.Trace, opts *Options) *Tree {
	t := newTree(tr)
	b.reset(len(tr.Spans))
	t.indexSpans(b.sortByID(tr))
	t.linkParents()
	t.breakCycles(b.flags, b.stack[:0])
	b.sortByStart(t)
	t.order(b.byStart, b.a, b.b, b.stack[:0])
	b.classify(t, opts)
	t.count()
	return t
}

func (b *builder) reset(n int) {
	if cap(b.a) < n {
		b.a = make([]int32, n)
		b.b = make([]int32, n+1)
		b.flags = make([]uint8, n)
		b.byStart = make([]int32, 0, n)
		b.keys = make([]sortKey, 0, n)
	}
	b.a, b.b, b.flags = b.a[:n], b.b[:n+1], b.flags[:n]
	clear(b.flags)
}

func spanIDKey(id trace.SpanID) uint64 { return binary.BigEndian.Uint64(id[:]) }

// sortByID returns every span (duplicates too) by (span ID, shared last,
// input index).
func (b *builder) sortByID(tr *trace.Trace) []sortKey {
	b.keys = b.keys[:0]
	for i := range tr.Spans {
		sp := &tr.Spans[i]
		// Flipping the top bit makes signed order the unsigned order of
		// the ID, the order Lookup searches in.
		k := sortKey{major: int64(spanIDKey(sp.SpanID) ^ 1<<63), index: int32(i), shared: sp.Shared}
		if sp.Shared {
			k.minor = 1
		}
		b.keys = append(b.keys, k)
	}
	slices.SortFunc(b.keys, compareKeys)
	return b.keys
}

// sortByStart lists the kept spans by (start, span ID, input index), the
// order siblings, roots and actor candidates are taken in.
func (b *builder) sortByStart(t *Tree) {
	b.keys = b.keys[:0]
	for i := range t.Duplicate {
		if !t.Duplicate[i] {
			sp := t.Span(int32(i))
			b.keys = append(b.keys, sortKey{major: sp.Start, minor: spanIDKey(sp.SpanID), index: int32(i)})
		}
	}
	slices.SortFunc(b.keys, compareKeys)
	b.byStart = b.byStart[:0]
	for _, k := range b.keys {
		b.byStart = append(b.byStart, k.index)
	}
}

// count fills the per-trace span and link counts.
func (t *Tree) count() {
	c := &t.Counts
	for _, i := range t.Order {
		sp := t.Span(i)
		c.Spans++
		c.Links += int64(len(sp.Links))
		switch {
		case t.Parent[i] >= 0:
			c.SpansWithParent++
		case t.Orphan[i]:
			c.OrphanSpans++
		}
	}
	c.DuplicateSpans = int64(len(t.Trace.Spans)) - c.Spans
}
