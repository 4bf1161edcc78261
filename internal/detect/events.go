package detect

import (
	"cmp"
	"slices"

	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// opEvents returns the events of operations (nil ones skipped).
func opEvents(os ...*ops.Op) []Event {
	out := make([]Event, 0, len(os))
	for _, o := range os {
		if o == nil {
			continue
		}
		e := Event{Op: o.Kind.Event(), Key: o.Key, Span: o.Span, Unit: o.Unit, Start: o.Span.Start, End: o.Span.End}
		if o.Kind == ops.Read {
			hit := o.Hit
			e.Hit = &hit
		}
		out = append(out, e)
	}
	return out
}

// jobEvents returns a job's enqueue (when known), start and end.
func jobEvents(j *stitch.Unit) []Event {
	root := j.RootSpan()
	out := make([]Event, 0, 3)
	if q := j.Enqueue; q != nil {
		out = append(out, Event{Op: "enqueue", Span: q, Unit: j, Start: q.Start, End: q.End})
	}
	return append(out,
		Event{Op: "job-start", Span: root, Unit: j, Start: j.Start, End: j.Start},
		Event{Op: "job-end", Span: root, Unit: j, Start: j.End, End: j.End})
}

// sortEvents sorts events by start, trace ID, span ID and op (then key and
// end, so that every tie is broken) and drops repeated ones.
func sortEvents(es []Event) []Event {
	slices.SortFunc(es, compareEvents)
	return slices.CompactFunc(es, func(a, b Event) bool { return compareEvents(a, b) == 0 })
}

func compareEvents(a, b Event) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := slices.Compare(a.Span.TraceID[:], b.Span.TraceID[:]); c != 0 {
		return c
	}
	if c := slices.Compare(a.Span.SpanID[:], b.Span.SpanID[:]); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Op, b.Op); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Key, b.Key); c != 0 {
		return c
	}
	return cmp.Compare(a.End, b.End)
}
