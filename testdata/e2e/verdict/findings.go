package verdict

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Schema is the findings schema this package reads.
const Schema = "raceline.findings/v1"

// Document is the part of raceline.findings/v1 scoring needs. Fields the
// schema gains later are ignored.
type Document struct {
	Schema   string    `json:"schema"`
	Clock    Clock     `json:"clock"`
	Summary  Summary   `json:"summary"`
	Findings []Finding `json:"findings"`
}

// Clock is raceline's clock model (DESIGN §6, raceline.clock/v1).
type Clock struct {
	Hosts []Host `json:"hosts"`
}

// Host is one host's estimated offset and bounds, in nanoseconds.
type Host struct {
	Host      string `json:"host"`
	Reference bool   `json:"reference"`
	Bounded   bool   `json:"bounded"`
	OffsetNS  int64  `json:"offset_ns"`
	MinNS     *int64 `json:"min_ns"`
	MaxNS     *int64 `json:"max_ns"`
}

// Summary counts the findings.
type Summary struct {
	Findings int            `json:"findings"`
	Hidden   int            `json:"hidden_below_min_confidence"`
	ByRule   map[string]int `json:"by_rule"`
}

// Finding is one finding.
type Finding struct {
	ID         string   `json:"id"`
	Rule       string   `json:"rule"`
	Severity   string   `json:"severity"`
	Confidence string   `json:"confidence"`
	Key        string   `json:"key"`
	Keys       []string `json:"keys"`
	Summary    string   `json:"summary"`
	Request    Unit     `json:"request"`
	Job        *Job     `json:"job"`
	Other      *Unit    `json:"other"`
	MarginNS   int64    `json:"margin_ns"`
	Events     []Event  `json:"events"`
}

// Unit names a request, job or trace by its root span.
type Unit struct {
	TraceID string  `json:"trace_id"`
	SpanID  string  `json:"span_id"`
	Kind    string  `json:"kind"`
	Service string  `json:"service"`
	Host    string  `json:"host"`
	Name    string  `json:"name"`
	Start   string  `json:"start"`
	End     string  `json:"end"`
	Actor   *string `json:"actor"`
}

// Job is the job a finding involves, with its enqueue when known.
type Job struct {
	Unit
	Enqueue    *Ref `json:"enqueue"`
	EnqueuedBy *Ref `json:"enqueued_by"`
}

// Ref points at a span.
type Ref struct {
	TraceID string `json:"trace_id"`
	SpanID  string `json:"span_id"`
}

// Event is one operation a finding used.
type Event struct {
	Op      string `json:"op"`
	Key     string `json:"key"`
	Hit     *bool  `json:"hit"`
	TraceID string `json:"trace_id"`
	SpanID  string `json:"span_id"`
	Service string `json:"service"`
	Host    string `json:"host"`
	Start   string `json:"start"`
	End     string `json:"end"`
}

// Parse reads a findings document and checks its schema and that the
// summary counts the findings listed.
func Parse(b []byte) (*Document, error) {
	d := &Document{}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(d); err != nil {
		return nil, fmt.Errorf("findings: %w", err)
	}
	if d.Schema != Schema {
		return nil, fmt.Errorf("findings: schema %q, want %q", d.Schema, Schema)
	}
	if d.Summary.Findings != len(d.Findings) {
		return nil, fmt.Errorf("findings: summary counts %d findings, the document lists %d", d.Summary.Findings, len(d.Findings))
	}
	return d, nil
}

// Traces returns every trace ID a finding names: its request, job,
// enqueue, enqueuer, other party and events.
func (f *Finding) Traces() []string {
	ids := []string{f.Request.TraceID}
	if f.Job != nil {
		ids = append(ids, f.Job.TraceID)
		for _, r := range []*Ref{f.Job.Enqueue, f.Job.EnqueuedBy} {
			if r != nil {
				ids = append(ids, r.TraceID)
			}
		}
	}
	if f.Other != nil {
		ids = append(ids, f.Other.TraceID)
	}
	for _, e := range f.Events {
		ids = append(ids, e.TraceID)
	}
	return ids
}
