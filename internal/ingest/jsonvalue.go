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

	"github.com/raceline/raceline/internal/trace"
)

// What the Jaeger and Zipkin decoders share: both read JSON with
// encoding/json, carry status and host in tags, and write IDs and times the
// same way.

// Tag keys with a meaning beyond an attribute.
const (
	tagSpanKind       = "span.kind"
	tagError          = "error"
	tagOtelStatusCode = "otel.status_code"
)

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

// negativeDurationDetail is the drop detail of a Jaeger or Zipkin span whose
// end is before its start.
func negativeDurationDetail(sp *trace.Span, durMicros int64) string {
	return "span " + sp.SpanID.String() + " has a negative duration of " + strconv.FormatInt(durMicros, 10) + " µs"
}

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
