package ingest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

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

// Tag keys with a meaning beyond an attribute.
const (
	tagSpanKind       = "span.kind"
	tagError          = "error"
	tagOtelStatusCode = "otel.status_code"
)

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

// tags reads the span tags: kind, status, and the attributes to keep.
func (d *jaegerDecoder) tags(sp *trace.Span, tags []jaegerTag) *decodeError {
	var st spanStatusTags
	for i := range tags {
		tg := &tags[i]
		if tg.Key != tagSpanKind && tg.Key != tagError && tg.Key != tagOtelStatusCode && !d.env.keep.Has(tg.Key) {
			continue
		}
		text, ok, err := jaegerTagText(tg)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		switch tg.Key {
		case tagSpanKind:
			sp.Kind, _ = trace.ParseKind(text)
		case tagError:
			st.err = text == "true"
		case tagOtelStatusCode:
			st.code = text
		default:
			sp.Attrs = append(sp.Attrs, trace.Attr{Key: d.strs.string(tg.Key), Value: d.strs.string(text)})
		}
	}
	sp.Status = st.status()
	return nil
}

// spanStatusTags are the tags Jaeger and Zipkin carry the OTLP status in.
// An error indication wins: an "error" tag, or otel.status_code ERROR;
// else otel.status_code OK gives OK.
type spanStatusTags struct {
	err  bool
	code string
}

func (st spanStatusTags) status() trace.Status {
	code, _ := trace.ParseStatus(st.code)
	if st.err {
		return trace.StatusError
	}
	return code
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

// resourceTagField is the field of res that a resource attribute (OTLP), a
// process tag (Jaeger, with hostname and ip) or a span tag (Zipkin, where
// the Collector writes resource attributes) naming the host fills, or nil.
func resourceTagField(res *trace.Resource, key string, jaeger bool) *string {
	switch key {
	case "host.id":
		return &res.HostID
	case "host.name":
		return &res.HostName
	case "service.instance.id":
		return &res.InstanceID
	case "hostname":
		if jaeger {
			return &res.JaegerHostname
		}
	case "ip":
		if jaeger {
			return &res.JaegerIP
		}
	}
	return nil
}

// jaegerTagText returns a tag's value as text (see trace.Attr), and false
// for binary values, which are never kept. A tag without a type takes its
// value as it comes.
func jaegerTagText(tg *jaegerTag) (string, bool, *decodeError) {
	v := tg.Value
	var text string
	var ok bool
	switch tg.Type {
	case "string":
		text, ok = tagJSONString(v)
	case "bool":
		text, ok = tagJSONBool(v)
	case "int64":
		text, ok = tagJSONInt(v)
	case "float64":
		text, ok = tagJSONFloat(v)
	case "binary":
		return "", false, nil
	case "":
		text, ok = tagJSONScalar(v)
	default:
		return "", false, errorf(ReasonSchemaMismatch, 0, "tag %q: expected type string, bool, int64, float64 or binary, found %q", tg.Key, tg.Type)
	}
	if !ok {
		return "", false, errorf(ReasonSchemaMismatch, 0, "tag %q of type %s: expected %s, found %s", tg.Key, tg.Type, jaegerTypeWant[tg.Type], tagJSONSnippet(v))
	}
	return text, true, nil
}

var jaegerTypeWant = map[string]string{
	"string":  "a string",
	"bool":    "true or false",
	"int64":   "an integer (a number or a string of digits)",
	"float64": "a number",
	"":        "a string, number or boolean",
}

// negativeDurationDetail is the drop detail of a Jaeger or Zipkin span whose
// end is before its start.
func negativeDurationDetail(sp *trace.Span, durMicros int64) string {
	return "span " + sp.SpanID.String() + " has a negative duration of " + strconv.FormatInt(durMicros, 10) + " µs"
}

// What follows is shared by the Jaeger and Zipkin decoders, which both
// read JSON with encoding/json and write IDs and times the same way.

// byteOrderMark may start a JSON file (DESIGN §3 tolerates it).
const byteOrderMark = "\xEF\xBB\xBF"

// unmarshalRecord is json.Unmarshal past a byte order mark, with errors
// located in rec.
func unmarshalRecord(rec []byte, v any) error {
	body := bytes.TrimPrefix(rec, []byte(byteOrderMark))
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	de := stdJSONError(err)
	de.off += len(rec) - len(body)
	return de
}

// ID forms accepted in Jaeger and Zipkin (DESIGN §3), for drop details.
const (
	jzTraceIDForms = "16 or 32 hex digits or base64 of 16 bytes"
	jzSpanIDForms  = "16 hex digits or base64 of 8 bytes"
)

// textIDDetail says why an ID string is unusable; forms is what it may be.
func textIDDetail(what, s, forms string) string {
	switch {
	case s == "":
		return "span has no " + what
	case isZeroIDText(s):
		return fmt.Sprintf("%s %q is all zero", what, s)
	}
	return fmt.Sprintf("%s %q is not %s", what, s, forms)
}

// isZeroIDText reports whether s is all '0' digits or base64 of zero bytes.
func isZeroIDText(s string) bool {
	if s != "" && strings.Trim(s, "0") == "" {
		return true
	}
	b, err := base64.StdEncoding.DecodeString(s)
	return err == nil && (len(b) == 8 || len(b) == 16) && !anyNonZero(b)
}

func anyNonZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return true
		}
	}
	return false
}

// textParentID decodes a parent span ID; empty or all zero means no parent
// (the zero ID and true).
func textParentID(s string) (trace.SpanID, bool) {
	if s == "" || isZeroIDText(s) {
		return trace.SpanID{}, true
	}
	return trace.DecodeSpanID([]byte(s))
}

// maxMicros is the largest microsecond time whose nanoseconds fit an int64
// (April 2262).
const maxMicros = math.MaxInt64 / 1000

// microsToNanos turns a start and a duration in microseconds into start and
// end in nanoseconds; name is the start field, for the error.
func microsToNanos(start, dur int64, name string) (int64, int64, *decodeError) {
	end := start + dur // cannot overflow once both are within ±maxMicros
	for _, v := range [...]int64{start, dur, end} {
		if v > maxMicros || v < -maxMicros {
			return 0, 0, errorf(ReasonSchemaMismatch, 0, "%s %d plus duration %d µs: expected times before the year 2262, found one beyond", name, start, dur)
		}
	}
	return start * 1000, end * 1000, nil
}

// stdJSONError turns an encoding/json error into a decodeError: a syntax
// error is malformed JSON; a value of the wrong type is a schema mismatch
// that names the field, what was expected and what was found.
func stdJSONError(err error) *decodeError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return errorf(ReasonMalformedJSON, int(se.Offset), "%s", se.Error())
	case errors.As(err, &te):
		want := jsonWant(te.Type)
		if te.Field == "" {
			return errorf(ReasonSchemaMismatch, int(te.Offset), "expected %s, found %s", want, te.Value)
		}
		return errorf(ReasonSchemaMismatch, int(te.Offset), "field %q: expected %s, found %s", te.Field, want, te.Value)
	}
	return errorf(ReasonMalformedJSON, 0, "%s", err.Error())
}

// jsonWant describes the JSON a Go type takes.
func jsonWant(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// tagJSONString is a JSON string's content.
func tagJSONString(v json.RawMessage) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), true
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err == nil
}

// tagJSONBool takes true/false, bare or quoted.
func tagJSONBool(v json.RawMessage) (string, bool) {
	switch string(v) {
	case "true", `"true"`:
		return "true", true
	case "false", `"false"`:
		return "false", true
	}
	return "", false
}

// tagJSONInt takes an integer, bare or quoted: Jaeger writes int64 values
// beyond 2^53 as strings so that JavaScript does not round them.
func tagJSONInt(v json.RawMessage) (string, bool) {
	s := string(v)
	if q, ok := tagJSONString(v); ok {
		s = q
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return "", false
	}
	return strconv.FormatInt(n, 10), true
}

// tagJSONFloat takes a number, bare or quoted ("NaN" and "Inf" quoted).
func tagJSONFloat(v json.RawMessage) (string, bool) {
	s := string(v)
	if q, ok := tagJSONString(v); ok {
		s = q
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "", false
	}
	return string(appendAttrFloat(nil, f)), true
}

// tagJSONScalar is the text of any scalar, for tags without a type.
func tagJSONScalar(v json.RawMessage) (string, bool) {
	if s, ok := tagJSONString(v); ok {
		return s, true
	}
	if s, ok := tagJSONBool(v); ok {
		return s, true
	}
	if s, ok := tagJSONInt(v); ok {
		return s, true
	}
	return tagJSONFloat(v)
}

// tagJSONSnippet shows a value found, shortened.
func tagJSONSnippet(v json.RawMessage) string {
	const maxLen = 40
	switch {
	case len(v) == 0:
		return "no value"
	case len(v) > maxLen:
		n := maxLen
		for n > 0 && !utf8.RuneStart(v[n]) {
			n--
		}
		return string(v[:n]) + "…"
	}
	return string(v)
}
