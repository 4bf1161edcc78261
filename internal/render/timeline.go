package render

import (
	"encoding/json"
	"io"

	"github.com/raceline/raceline/internal/trace"
)

// TimelineSchema names the document WriteTimelineJSON writes.
const TimelineSchema = "raceline.timeline/v1"

// Timeline is one unit's cross-service timeline: raceline.timeline/v1,
// plus what the text view needs.
type Timeline struct {
	Request Unit
	// Clock is the clock block of the hosts involved (DESIGN §6), already
	// encoded; nil is written as null (no clock model yet).
	Clock json.RawMessage
	// Spans in depth-first order: the unit's spans, then each job linked to
	// one of them right after its producer span.
	Spans   []TimelineSpan
	Missing []MissingRef
	// Hidden counts the spans left out by --service, --since and --until;
	// the text view says so. It is not part of the JSON.
	Hidden int
	// Finding is the finding the timeline was asked for (timeline
	// --finding), or nil; its events are the spans' Marks. The text view
	// names it; it is not part of the JSON.
	Finding *Finding
}

// Unit is the request (or job, or trace-rooted unit) a timeline is about.
type Unit struct {
	TraceID trace.TraceID
	SpanID  trace.SpanID // the unit's root span
	Kind    string       // request, job or trace
	Service string
	Host    string
	Name    string
	Start   int64 // raw ns, the unit's whole subtree
	End     int64
	Actor   string // "" when unknown (null)
}

// TimelineSpan is one row of a timeline.
type TimelineSpan struct {
	TraceID    trace.TraceID
	SpanID     trace.SpanID
	ParentID   trace.SpanID // zero for a root (null)
	Depth      int
	Kind       trace.Kind
	Service    string
	Host       string
	Name       string
	Start      int64 // raw ns
	End        int64
	Status     trace.Status
	Orphan     bool     // names a parent that is not in the input
	LinkedFrom *SpanRef // a job root: the producer span that enqueued it; else nil
	// LinkedFromName is the producer span's name, for the text view (a
	// filter may hide the producer). It is not part of the JSON.
	LinkedFromName string
	// Marks are the finding's events on this span ("read hit user:42"),
	// for the text view; they are not part of the JSON.
	Marks []string
}

// SpanRef points at a span.
type SpanRef struct {
	TraceID trace.TraceID `json:"trace_id"`
	SpanID  trace.SpanID  `json:"span_id"`
}

// MissingRef is a span the timeline refers to that is not in the input.
type MissingRef struct {
	TraceID trace.TraceID `json:"trace_id"`
	SpanID  trace.SpanID  `json:"span_id"`
	// ReferencedAs is "parent" (a span names it as its parent) or "link"
	// (a span links to it).
	ReferencedAs string `json:"referenced_as"`
}

// The ReferencedAs values.
const (
	MissingParent = "parent"
	MissingLink   = "link"
)

type unitJSON struct {
	TraceID trace.TraceID `json:"trace_id"`
	SpanID  trace.SpanID  `json:"span_id"`
	Kind    string        `json:"kind"`
	Service string        `json:"service"`
	Host    string        `json:"host"`
	Name    *string       `json:"name"`
	Start   Time          `json:"start"`
	End     Time          `json:"end"`
	Actor   *string       `json:"actor"`
}

type spanJSON struct {
	TraceID    trace.TraceID `json:"trace_id"`
	SpanID     trace.SpanID  `json:"span_id"`
	ParentID   *trace.SpanID `json:"parent_span_id"`
	Depth      int           `json:"depth"`
	Kind       string        `json:"kind"`
	Service    string        `json:"service"`
	Host       string        `json:"host"`
	Name       *string       `json:"name"`
	Start      Time          `json:"start"`
	End        Time          `json:"end"`
	Status     string        `json:"status"`
	Orphan     bool          `json:"orphan"`
	LinkedFrom *SpanRef      `json:"linked_from"`
}

// WriteTimelineJSON writes tl as a raceline.timeline/v1 document, indented
// by two spaces and ending in a newline.
func WriteTimelineJSON(w io.Writer, tl *Timeline) error {
	clock := tl.Clock
	if clock == nil {
		clock = json.RawMessage("null")
	}
	doc := struct {
		Schema  string          `json:"schema"`
		Request unitJSON        `json:"request"`
		Clock   json.RawMessage `json:"clock"`
		Spans   []spanJSON      `json:"spans"`
		Missing []MissingRef    `json:"missing"`
	}{TimelineSchema, unitToJSON(&tl.Request), clock, make([]spanJSON, len(tl.Spans)), nonNil(tl.Missing)}
	for i := range tl.Spans {
		doc.Spans[i] = spanToJSON(&tl.Spans[i])
	}
	return writeJSON(w, doc)
}

func unitToJSON(u *Unit) unitJSON {
	j := unitJSON{TraceID: u.TraceID, SpanID: u.SpanID, Kind: u.Kind, Service: u.Service, Host: u.Host,
		Name: optString(u.Name), Start: At(u.Start), End: At(u.End), Actor: optString(u.Actor)}
	return j
}

func spanToJSON(s *TimelineSpan) spanJSON {
	j := spanJSON{TraceID: s.TraceID, SpanID: s.SpanID, Depth: s.Depth, Kind: s.Kind.String(),
		Service: s.Service, Host: s.Host, Name: optString(s.Name), Start: At(s.Start), End: At(s.End),
		Status: s.Status.String(), Orphan: s.Orphan, LinkedFrom: s.LinkedFrom}
	if !s.ParentID.IsZero() {
		j.ParentID = &s.ParentID
	}
	return j
}

// optString is nil for "": an unknown value is null, never "".
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
