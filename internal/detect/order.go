package detect

import (
	"cmp"
	"slices"

	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// Total orders on operations and units. Rules pick "the last read before",
// "the first mutation" and so on within one unit by these raw-time orders;
// orderings between units are always left to the Judge.

// compareOps is op order: by raw start, end, trace ID, span ID, Seq, then
// kind, key, field and unit, so that every tie is broken.
func compareOps(a, b *ops.Op) int {
	if c := cmp.Compare(a.Span.Start, b.Span.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Span.End, b.Span.End); c != 0 {
		return c
	}
	if c := compareSpans(a, b); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Seq, b.Seq); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Key, b.Key); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Field, b.Field); c != 0 {
		return c
	}
	return compareUnits(a.Unit, b.Unit)
}

func compareSpans(a, b *ops.Op) int {
	if c := slices.Compare(a.Span.TraceID[:], b.Span.TraceID[:]); c != 0 {
		return c
	}
	return slices.Compare(a.Span.SpanID[:], b.Span.SpanID[:])
}

// sameOp reports whether two operations are one: the same span, Seq, kind
// and key (ops may list a shared span's operation once per unit).
func sameOp(a, b *ops.Op) bool {
	return a.Span == b.Span && a.Seq == b.Seq && a.Kind == b.Kind && a.Key == b.Key && a.Field == b.Field
}

// compareUnits orders units by root span (trace ID, span ID), then link
// target, kind and root index: a total order on the units of an input.
func compareUnits(a, b *stitch.Unit) int {
	ra, rb := a.RootSpan(), b.RootSpan()
	if c := slices.Compare(ra.TraceID[:], rb.TraceID[:]); c != 0 {
		return c
	}
	if c := slices.Compare(ra.SpanID[:], rb.SpanID[:]); c != 0 {
		return c
	}
	if c := compareLinks(a, b); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	return cmp.Compare(a.Root, b.Root)
}

func compareLinks(a, b *stitch.Unit) int {
	switch {
	case a.Link == nil || b.Link == nil:
		return cmp.Compare(boolInt(a.Link != nil), boolInt(b.Link != nil))
	}
	if c := slices.Compare(a.Link.TraceID[:], b.Link.TraceID[:]); c != 0 {
		return c
	}
	return slices.Compare(a.Link.SpanID[:], b.Link.SpanID[:])
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
