package render

import (
	"io"
	"slices"

	"github.com/raceline/raceline/internal/trace"
)

// FindingsSchema names the document WriteFindingsJSON writes.
const FindingsSchema = "raceline.findings/v1"

// The confidences and severities, strongest first: the order the text
// view lists them in.
var (
	confidenceOrder = []string{"certain", "likely", "possible"}
	severityOrder   = []string{"high", "medium"}
)

// Findings is what `raceline analyze` shows: raceline.findings/v1, plus
// what only the text view says. The summary counts are computed from
// Findings when written, so they always agree with the list.
type Findings struct {
	Version string // tool.version
	Input   *Stats // the whole input, whatever the filters; never nil
	Clock   Clock
	// Findings are the findings shown: at or above MinConfidence and
	// inside the filters, in DESIGN §4's order.
	Findings []Finding
	// Hidden counts the findings inside the filters but below
	// MinConfidence (summary.hidden_below_min_confidence).
	Hidden int64

	// The rest is for the text view only.
	MinConfidence string // as --min-confidence gave it
	Notes         FindingsNotes
}

// FindingsNotes are the caveats the text view ends with, besides those
// the input and the clock block tell (skipped records, unbounded hosts).
type FindingsNotes struct {
	// Filtered counts findings at or above MinConfidence that --since,
	// --until, --service or --key left out.
	Filtered int64
	// Jobs counts every job of the input; JobsWithoutEnqueue those whose
	// producer span is not in the input.
	Jobs, JobsWithoutEnqueue int64
	// ClockOff: --no-clock-correction, orderings judged on raw times.
	ClockOff bool
}

// Finding is one finding, raceline.findings/v1 field for field.
type Finding struct {
	ID         string
	Rule       string
	Severity   string // medium or high
	Confidence string // certain, likely or possible
	Key        string
	Keys       []string // sorted
	Summary    string
	Request    Unit        // the unit at fault
	Job        *FindingJob // nil: null
	Other      *Unit       // nil: null
	MarginNS   int64
	Events     []Event // sorted by start, trace ID, span ID, op
}

// FindingJob is the job a finding involves. Its Unit's Kind and Actor are
// not part of the JSON; Start and End span the job's whole subtree.
type FindingJob struct {
	Unit
	Enqueue    *SpanTimes // the PRODUCER span; nil when not in the input
	EnqueuedBy *Enqueuer  // the request holding it; nil when unknown
}

// SpanTimes names a span and its raw times.
type SpanTimes struct {
	TraceID    trace.TraceID
	SpanID     trace.SpanID
	Start, End int64
}

// Enqueuer is the request that enqueued a job: its root span and actor
// ("" when unknown: null).
type Enqueuer struct {
	TraceID trace.TraceID
	SpanID  trace.SpanID
	Actor   string
}

// Event is one entry of a finding's timeline.
type Event struct {
	Op         string // enqueue, job-start, job-end, read, fill, write, invalidate, source-read, source-write
	Key        string // "" for the job's events (null)
	Hit        *bool  // reads only
	TraceID    trace.TraceID
	SpanID     trace.SpanID
	Service    string
	Host       string
	Start, End int64 // raw ns
	// Name is the span's name, for the text view; it is not part of the
	// JSON.
	Name string
}

type findingJSON struct {
	ID         string      `json:"id"`
	Rule       string      `json:"rule"`
	Severity   string      `json:"severity"`
	Confidence string      `json:"confidence"`
	Key        string      `json:"key"`
	Keys       []string    `json:"keys"`
	Summary    string      `json:"summary"`
	Request    unitJSON    `json:"request"`
	Job        *jobJSON    `json:"job"`
	Other      *unitJSON   `json:"other"`
	MarginNS   int64       `json:"margin_ns"`
	Events     []eventJSON `json:"events"`
}

type jobJSON struct {
	TraceID    trace.TraceID   `json:"trace_id"`
	SpanID     trace.SpanID    `json:"span_id"`
	Service    string          `json:"service"`
	Host       string          `json:"host"`
	Name       *string         `json:"name"`
	Start      Time            `json:"start"`
	End        Time            `json:"end"`
	Enqueue    *enqueueJSON    `json:"enqueue"`
	EnqueuedBy *enqueuedByJSON `json:"enqueued_by"`
}

type enqueueJSON struct {
	TraceID trace.TraceID `json:"trace_id"`
	SpanID  trace.SpanID  `json:"span_id"`
	Start   Time          `json:"start"`
	End     Time          `json:"end"`
}

type enqueuedByJSON struct {
	TraceID trace.TraceID `json:"trace_id"`
	SpanID  trace.SpanID  `json:"span_id"`
	Actor   *string       `json:"actor"`
}

type eventJSON struct {
	Op      string        `json:"op"`
	Key     *string       `json:"key"`
	Hit     *bool         `json:"hit"`
	TraceID trace.TraceID `json:"trace_id"`
	SpanID  trace.SpanID  `json:"span_id"`
	Service string        `json:"service"`
	Host    string        `json:"host"`
	Start   Time          `json:"start"`
	End     Time          `json:"end"`
}

type summaryJSON struct {
	Findings     int64  `json:"findings"`
	Hidden       int64  `json:"hidden_below_min_confidence"`
	ByRule       Counts `json:"by_rule"`
	BySeverity   Counts `json:"by_severity"`
	ByConfidence Counts `json:"by_confidence"`
}

type toolJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// WriteFindingsJSON writes f as a raceline.findings/v1 document, indented
// by two spaces and ending in a newline. Its input block is a whole
// raceline.stats/v1 document, and its clock block a raceline.clock/v1 one.
func WriteFindingsJSON(w io.Writer, f *Findings) error {
	input := struct {
		Schema string `json:"schema"`
		Stats
	}{StatsSchema, *f.Input}
	input.normalize()
	doc := struct {
		Schema   string        `json:"schema"`
		Tool     toolJSON      `json:"tool"`
		Input    any           `json:"input"`
		Clock    Clock         `json:"clock"`
		Summary  summaryJSON   `json:"summary"`
		Findings []findingJSON `json:"findings"`
	}{FindingsSchema, toolJSON{"raceline", f.Version}, input, f.Clock, f.summary(), make([]findingJSON, len(f.Findings))}
	for i := range f.Findings {
		doc.Findings[i] = findingToJSON(&f.Findings[i])
	}
	return writeJSON(w, doc)
}

// summary counts the findings by rule, severity and confidence.
func (f *Findings) summary() summaryJSON {
	s := summaryJSON{Findings: int64(len(f.Findings)), Hidden: f.Hidden,
		ByRule: Counts{}, BySeverity: Counts{}, ByConfidence: Counts{}}
	for i := range f.Findings {
		x := &f.Findings[i]
		s.ByRule[x.Rule]++
		s.BySeverity[x.Severity]++
		s.ByConfidence[x.Confidence]++
	}
	return s
}

func findingToJSON(f *Finding) findingJSON {
	j := findingJSON{ID: f.ID, Rule: f.Rule, Severity: f.Severity, Confidence: f.Confidence, Key: f.Key,
		Keys: nonNil(slices.Clip(f.Keys)), Summary: f.Summary, Request: unitToJSON(&f.Request),
		MarginNS: f.MarginNS, Events: make([]eventJSON, len(f.Events))}
	if f.Job != nil {
		j.Job = jobToJSON(f.Job)
	}
	if f.Other != nil {
		o := unitToJSON(f.Other)
		j.Other = &o
	}
	for i := range f.Events {
		j.Events[i] = eventToJSON(&f.Events[i])
	}
	return j
}

func jobToJSON(job *FindingJob) *jobJSON {
	j := &jobJSON{TraceID: job.TraceID, SpanID: job.SpanID, Service: job.Service, Host: job.Host,
		Name: optString(job.Name), Start: At(job.Start), End: At(job.End)}
	if q := job.Enqueue; q != nil {
		j.Enqueue = &enqueueJSON{TraceID: q.TraceID, SpanID: q.SpanID, Start: At(q.Start), End: At(q.End)}
	}
	if by := job.EnqueuedBy; by != nil {
		j.EnqueuedBy = &enqueuedByJSON{TraceID: by.TraceID, SpanID: by.SpanID, Actor: optString(by.Actor)}
	}
	return j
}

func eventToJSON(e *Event) eventJSON {
	return eventJSON{Op: e.Op, Key: optString(e.Key), Hit: e.Hit, TraceID: e.TraceID, SpanID: e.SpanID,
		Service: e.Service, Host: e.Host, Start: At(e.Start), End: At(e.End)}
}
