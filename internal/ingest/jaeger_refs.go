package ingest

import (
	"strings"

	"github.com/raceline/raceline/internal/trace"
)

// How jaegerDecoder turns a span's IDs and references into its IDs, parent
// and links.

// jaegerIDs sets the span's IDs, parent and links, or says why it is
// dropped.
func jaegerIDs(sp *trace.Span, t *jaegerTrace, s *jaegerSpan) (reason, detail string) {
	tid := s.TraceID
	if tid == "" {
		tid = t.TraceID
	}
	var ok bool
	if sp.TraceID, ok = trace.DecodeTraceID([]byte(tid), true); !ok {
		return DropInvalidTraceID, textIDDetail("trace ID", tid, jzTraceIDForms)
	}
	if sp.SpanID, ok = trace.DecodeSpanID([]byte(s.SpanID)); !ok {
		return DropInvalidSpanID, textIDDetail("span ID", s.SpanID, jzSpanIDForms)
	}
	parent, parentRef := s.ParentSpanID, jaegerParentRef(sp.TraceID, s.References)
	if parent == "" && parentRef >= 0 {
		parent = s.References[parentRef].SpanID
	}
	if sp.ParentID, ok = textParentID(parent); !ok {
		return DropInvalidSpanID, textIDDetail("parent span ID", parent, jzSpanIDForms)
	}
	sp.Links = jaegerLinks(sp, s.References, parentRef)
	return "", ""
}

// jaegerParentRef is the index of the first CHILD_OF reference into trace
// tid (a reference without a trace ID is into the span's own trace), or -1.
func jaegerParentRef(tid trace.TraceID, refs []jaegerRef) int {
	for i, r := range refs {
		if !strings.EqualFold(r.RefType, "CHILD_OF") {
			continue
		}
		if r.TraceID == "" {
			return i
		}
		if id, ok := trace.DecodeTraceID([]byte(r.TraceID), true); ok && id == tid {
			return i
		}
	}
	return -1
}

// jaegerLinks turns every reference but the parent's into a link. The
// parent reference is skipped only when it names the parent the span
// ended up with (parentSpanID wins over references). References whose IDs
// are unusable point nowhere and are left out.
func jaegerLinks(sp *trace.Span, refs []jaegerRef, parentRef int) []trace.Link {
	var links []trace.Link
	for i, r := range refs {
		tid, ok1 := sp.TraceID, true
		if r.TraceID != "" {
			tid, ok1 = trace.DecodeTraceID([]byte(r.TraceID), true)
		}
		sid, ok2 := trace.DecodeSpanID([]byte(r.SpanID))
		if !ok1 || !ok2 || (i == parentRef && sid == sp.ParentID) {
			continue
		}
		links = append(links, trace.Link{TraceID: tid, SpanID: sid})
	}
	return links
}
