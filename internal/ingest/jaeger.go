package ingest

import (
	"encoding/json"
	"fmt"

	"github.com/raceline/raceline/internal/trace"
)

// jaegerDecoder decodes Jaeger query JSON: one trace object
// {traceID, spans, processes} (the pipeline hands over the elements of a
// "data" array one at a time), or a whole {"data": [...]} document. It
// also reads the jaeger-ui in-memory form: spans with an inline "process",
// references with a nested "span". Unknown keys are ignored.
//
// A span's parent is its parentSpanID if set, else its first CHILD_OF
// reference into the same trace; every other reference becomes a link.
type jaegerDecoder struct {
	env  decoderEnv
	strs internMemo
}

func newJaegerDecoder(env decoderEnv) *jaegerDecoder {
	return &jaegerDecoder{env: env, strs: newInternMemo(env.strs)}
}

// jaegerDoc is either form of a record: Data is set for a whole document,
// Spans for one trace object. (Embedding jaegerTrace would put its type
// name into the field paths of error messages.)
type jaegerDoc struct {
	Data      *[]jaegerTrace           `json:"data"`
	TraceID   string                   `json:"traceID"`
	Spans     []jaegerSpan             `json:"spans"`
	Processes map[string]jaegerProcess `json:"processes"`
}

type jaegerTrace struct {
	TraceID   string                   `json:"traceID"`
	Spans     []jaegerSpan             `json:"spans"`
	Processes map[string]jaegerProcess `json:"processes"`
}

type jaegerSpan struct {
	TraceID       string         `json:"traceID"`
	SpanID        string         `json:"spanID"`
	ParentSpanID  string         `json:"parentSpanID"`
	OperationName string         `json:"operationName"`
	References    []jaegerRef    `json:"references"`
	StartTime     int64          `json:"startTime"` // µs
	Duration      int64          `json:"duration"`  // µs
	Tags          []jaegerTag    `json:"tags"`
	ProcessID     string         `json:"processID"`
	Process       *jaegerProcess `json:"process"`
}

type jaegerRef struct {
	RefType string `json:"refType"`
	TraceID string `json:"traceID"`
	SpanID  string `json:"spanID"`
}

type jaegerTag struct {
	Key   string          `json:"key"`
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

type jaegerProcess struct {
	ServiceName string      `json:"serviceName"`
	Tags        []jaegerTag `json:"tags"`
}

// decode implements recordDecoder.
func (d *jaegerDecoder) decode(rec []byte, b *batch) error {
	var doc jaegerDoc
	if err := unmarshalRecord(rec, &doc); err != nil {
		return err
	}
	switch {
	case doc.Data != nil:
		for i := range *doc.Data {
			if err := d.trace(&(*doc.Data)[i], b); err != nil {
				return err
			}
		}
		return nil
	case doc.Spans != nil:
		return d.trace(&jaegerTrace{TraceID: doc.TraceID, Spans: doc.Spans, Processes: doc.Processes}, b)
	}
	return errorf(ReasonSchemaMismatch, 0, `expected a Jaeger trace object with "spans" or a document with "data", found an object with neither`)
}

func (d *jaegerDecoder) trace(t *jaegerTrace, b *batch) error {
	for i := range t.Spans {
		if err := d.span(t, &t.Spans[i], b); err != nil {
			return err
		}
	}
	return nil
}

// span decodes one span. Errors (a tag value of the wrong type, a time out
// of range) skip the record and name the span; unusable IDs and times drop
// the span.
func (d *jaegerDecoder) span(t *jaegerTrace, s *jaegerSpan, b *batch) error {
	sp := trace.Span{Name: d.strs.string(s.OperationName)}
	if err := d.fields(&sp, t, s); err != nil {
		err.msg = fmt.Sprintf("span %q: %s", s.SpanID, err.msg)
		return err
	}
	if reason, detail := jaegerIDs(&sp, t, s); reason != "" {
		b.drops = append(b.drops, drop{reason: reason, detail: detail})
		return nil
	}
	if checkTimes(&sp) != "" {
		b.drops = append(b.drops, drop{reason: DropEndBeforeStart, detail: negativeDurationDetail(&sp, s.Duration)})
		return nil
	}
	b.spans = append(b.spans, sp)
	return nil
}

// fields reads the times, tags and process of a span.
func (d *jaegerDecoder) fields(sp *trace.Span, t *jaegerTrace, s *jaegerSpan) *decodeError {
	var err *decodeError
	if sp.Start, sp.End, err = microsToNanos(s.StartTime, s.Duration, "startTime"); err != nil {
		return err
	}
	if err := d.tags(sp, s.Tags); err != nil {
		return err
	}
	return d.process(sp, t, s)
}

// process fills the span's service and host from its inline process, else
// from the trace's processes by processID. A span whose process is missing
// runs on an unknown service.
func (d *jaegerDecoder) process(sp *trace.Span, t *jaegerTrace, s *jaegerSpan) *decodeError {
	p := s.Process
	if p == nil {
		if q, ok := t.Processes[s.ProcessID]; ok {
			p = &q
		}
	}
	var res trace.Resource
	if p != nil {
		res.Service = p.ServiceName
		if err := jaegerProcessTags(&res, p.Tags); err != nil {
			return err
		}
	}
	sp.Service = d.strs.string(res.ServiceName())
	sp.Host = d.strs.string(res.Host())
	return nil
}

func jaegerProcessTags(res *trace.Resource, tags []jaegerTag) *decodeError {
	for i := range tags {
		dst := resourceTagField(res, tags[i].Key, true)
		if dst == nil {
			continue
		}
		text, _, err := jaegerTagText(&tags[i])
		if err != nil {
			return err
		}
		*dst = text
	}
	return nil
}
