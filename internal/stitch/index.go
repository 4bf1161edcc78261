package stitch

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/raceline/raceline/internal/trace"
)

func compareSpanID(a, b trace.SpanID) int { return cmp.Compare(spanIDKey(a), spanIDKey(b)) }

// indexSpans marks duplicates (same span ID, kind and Shared flag as an
// earlier span) and keeps the other spans as the trace's span ID index.
// byID is every span by (span ID, shared last, input index).
func (t *Tree) indexSpans(byID []sortKey) {
	spans := t.Trace.Spans
	var seen [4]uint64 // kinds seen in the current (span ID, shared) group
	for k, key := range byID {
		if k == 0 || key.major != byID[k-1].major || key.shared != byID[k-1].shared {
			seen = [4]uint64{}
		}
		i := key.index
		kind := spans[i].Kind
		if seen[kind/64]&(1<<(kind%64)) != 0 {
			t.Duplicate[i] = true
			continue
		}
		seen[kind/64] |= 1 << (kind % 64)
		t.ids = append(t.ids, i)
	}
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// Lookup returns the kept span with this span ID, or -1. Of several (a
// Zipkin client and its shared server half, or spans of different kinds
// reusing an ID), it returns the first non-shared one in input order, else
// the shared half.
func (t *Tree) Lookup(id trace.SpanID) int32 {
	k, found := t.search(id)
	if !found {
		return -1
	}
	return t.ids[k]
}

// search returns the position in ids of the first kept span with this ID.
func (t *Tree) search(id trace.SpanID) (int, bool) {
	return slices.BinarySearchFunc(t.ids, id, func(i int32, id trace.SpanID) int {
		return compareSpanID(t.Trace.Spans[i].SpanID, id)
	})
}

// parentNamed returns the span that a child naming id as its parent hangs
// under: the shared server half with that ID if there is one (DESIGN §3),
// else Lookup(id), else -1.
func (t *Tree) parentNamed(id trace.SpanID) int32 {
	k, found := t.search(id)
	if !found {
		return -1
	}
	// Shared halves sort last among spans with the ID.
	for j := k; j < len(t.ids) && t.Span(t.ids[j]).SpanID == id; j++ {
		if t.Span(t.ids[j]).Shared {
			return t.ids[j]
		}
	}
	return t.ids[k]
}

func compareTraceID(a, b trace.TraceID) int { return bytes.Compare(a[:], b[:]) }
