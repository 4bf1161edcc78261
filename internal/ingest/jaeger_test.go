package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/trace"
)

// jgTrace wraps span objects in a trace object of trace 1 with two
// processes: p1 is service api on hostname h1, p2 service db on ip 10.0.0.2.
func jgTrace(spans ...string) string {
	return `{"traceID":"00000000000000000000000000000001","spans":[` + strings.Join(spans, ",") + `],"processes":{` +
		`"p1":{"serviceName":"api","tags":[{"key":"hostname","type":"string","value":"h1"}]},` +
		`"p2":{"serviceName":"db","tags":[{"key":"ip","type":"string","value":"10.0.0.2"}]}}}`
}

// jgSpan is span 2 of trace 1 in process p1, starting at 1 s and lasting
// 5 µs. extra fields come last: a repeated key overrides (encoding/json
// keeps the last).
func jgSpan(extra string) string {
	s := `{"traceID":"00000000000000000000000000000001","spanID":"0000000000000002","operationName":"op",` +
		`"references":[],"startTime":1000000,"duration":5,"tags":[],"logs":[],"processID":"p1"`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

// jgWant is what jgSpan decodes to.
func jgWant(mod func(*trace.Span)) trace.Span {
	s := trace.Span{TraceID: xTID(1), SpanID: xSID(2), Name: "op", Start: 1e9, End: 1e9 + 5000, Service: "api", Host: "h1"}
	if mod != nil {
		mod(&s)
	}
	return s
}

// jgTag is a tag object.
func jgTag(key, typ, value string) string {
	return `{"key":"` + key + `","type":"` + typ + `","value":` + value + `}`
}

func jgTags(tags ...string) string { return `"tags":[` + strings.Join(tags, ",") + `]` }

func TestJaegerDecode(t *testing.T) {
	tests := []struct {
		name  string
		rec   string
		want  []trace.Span
		drops []drop
	}{
		{"plain span", jgTrace(jgSpan("")), []trace.Span{jgWant(nil)}, nil},
		{
			"parent from CHILD_OF, 16-hex trace ID padded",
			jgTrace(jgSpan(`"traceID":"0000000000000001","references":[{"refType":"CHILD_OF","traceID":"0000000000000001","spanID":"0000000000000001"}]`)),
			[]trace.Span{jgWant(func(s *trace.Span) { s.ParentID = xSID(1) })}, nil,
		},
		{
			"trace ID from the trace when the span has none",
			jgTrace(jgSpan(`"traceID":""`)),
			[]trace.Span{jgWant(nil)}, nil,
		},
		{
			"references: other trace and FOLLOWS_FROM become links, a ref without trace ID is in the span's trace",
			jgTrace(jgSpan(`"references":[` +
				`{"refType":"CHILD_OF","traceID":"000000000000000000000000000000ff","spanID":"00000000000000ff"},` +
				`{"refType":"CHILD_OF","spanID":"0000000000000001","span":{"nested":{"deep":[1,2]}}},` +
				`{"refType":"FOLLOWS_FROM","traceID":"00000000000000000000000000000001","spanID":"0000000000000001"},` +
				`{"refType":"FOLLOWS_FROM","traceID":"bad","spanID":"0000000000000003"}]`)),
			[]trace.Span{jgWant(func(s *trace.Span) {
				s.ParentID = xSID(1)
				s.Links = []trace.Link{{TraceID: xTID(0xff), SpanID: xSID(0xff)}, {TraceID: xTID(1), SpanID: xSID(1)}}
			})}, nil,
		},
		{
			"parentSpanID wins; a CHILD_OF to another span becomes a link",
			jgTrace(jgSpan(`"parentSpanID":"0000000000000009","references":[{"refType":"CHILD_OF","traceID":"00000000000000000000000000000001","spanID":"0000000000000001"}]`)),
			[]trace.Span{jgWant(func(s *trace.Span) {
				s.ParentID = xSID(9)
				s.Links = []trace.Link{{TraceID: xTID(1), SpanID: xSID(1)}}
			})}, nil,
		},
		{
			"all-zero parent is a root",
			jgTrace(jgSpan(`"parentSpanID":"0"`), jgSpan(`"spanID":"0000000000000003","references":[{"refType":"CHILD_OF","spanID":"0000000000000000"}]`)),
			[]trace.Span{jgWant(nil), jgWant(func(s *trace.Span) { s.SpanID = xSID(3) })}, nil,
		},
		{
			"tags of every type, kept or not",
			jgTrace(jgSpan(jgTags(
				jgTag("s", "string", `"x \"y\""`), jgTag("b", "bool", "true"), jgTag("bs", "bool", `"false"`),
				jgTag("i", "int64", "23456"), jgTag("big", "int64", `"9223372036854775222"`),
				jgTag("f", "float64", "72.5"), jgTag("bin", "binary", `"AAAwOQ=="`),
				jgTag("untyped", "", "12"), jgTag("not.kept", "nonsense", "{}"),
			))),
			[]trace.Span{jgWant(func(s *trace.Span) {
				s.Attrs = xfAttrs("s", `x "y"`, "b", "true", "bs", "false", "i", "23456", "big", "9223372036854775222", "f", "72.5", "untyped", "12")
			})}, nil,
		},
		{
			"kind and status tags",
			jgTrace(
				jgSpan(jgTags(jgTag("span.kind", "string", `"client"`), jgTag("error", "bool", "true"))),
				jgSpan(jgTags(jgTag("span.kind", "string", `"producer"`), jgTag("otel.status_code", "string", `"OK"`))),
				jgSpan(jgTags(jgTag("span.kind", "string", `"weird"`), jgTag("otel.status_code", "string", `"ERROR"`))),
				jgSpan(jgTags(jgTag("error", "string", `"true"`), jgTag("otel.status_code", "string", `"OK"`))),
				jgSpan(jgTags(jgTag("error", "bool", "false"))),
			),
			[]trace.Span{
				jgWant(func(s *trace.Span) { s.Kind, s.Status = trace.KindClient, trace.StatusError }),
				jgWant(func(s *trace.Span) { s.Kind, s.Status = trace.KindProducer, trace.StatusOK }),
				jgWant(func(s *trace.Span) { s.Status = trace.StatusError }),
				jgWant(func(s *trace.Span) { s.Status = trace.StatusError }),
				jgWant(nil),
			}, nil,
		},
		{
			"process: inline wins, host key precedence, missing process",
			jgTrace(
				jgSpan(`"processID":"p2"`),
				jgSpan(`"process":{"serviceName":"web","tags":[`+jgTag("ip", "int64", "167772161")+`,`+jgTag("hostname", "string", `"hn"`)+`,`+jgTag("host.name", "string", `"h.example"`)+`]}`),
				jgSpan(`"process":{"serviceName":"web","tags":[`+jgTag("service.instance.id", "string", `"i-1"`)+`,`+jgTag("host.id", "string", `"hid"`)+`]}`),
				jgSpan(`"process":{"serviceName":"web","tags":[`+jgTag("service.instance.id", "string", `"i-1"`)+`]}`),
				jgSpan(`"processID":"nope"`),
			),
			[]trace.Span{
				jgWant(func(s *trace.Span) { s.Service, s.Host = "db", "10.0.0.2" }),
				jgWant(func(s *trace.Span) { s.Service, s.Host = "web", "h.example" }),
				jgWant(func(s *trace.Span) { s.Service, s.Host = "web", "hid" }),
				jgWant(func(s *trace.Span) { s.Service, s.Host = "web", "i-1" }),
				jgWant(func(s *trace.Span) { s.Service, s.Host = "unknown_service", "unknown_service" }),
			}, nil,
		},
		{
			"whole document",
			`{"data":[` + jgTrace(jgSpan("")) + `,` + jgTrace(jgSpan(`"traceID":"00000000000000000000000000000002"`)) + `],"total":0,"errors":null}`,
			[]trace.Span{jgWant(nil), jgWant(func(s *trace.Span) { s.TraceID = xTID(2) })}, nil,
		},
		{"empty data", `{"data":[]}`, nil, nil},
		{
			"drops",
			jgTrace(
				jgSpan(`"traceID":"xyz"`),
				jgSpan(`"traceID":"00000000000000000000000000000000"`),
				jgSpan(`"spanID":""`),
				jgSpan(`"spanID":"AAAAAAAAAAA="`),
				jgSpan(`"spanID":"00000000000000021"`),
				jgSpan(`"parentSpanID":"12"`),
				jgSpan(`"references":[{"refType":"CHILD_OF","spanID":"nothex!!nothex!!"}]`),
				jgSpan(`"duration":-3,`+jgTags(jgTag("i", "int64", "1"))),
				jgSpan(`"spanID":"0000000000000003"`),
			),
			[]trace.Span{jgWant(func(s *trace.Span) { s.SpanID = xSID(3) })},
			[]drop{
				{DropInvalidTraceID, `trace ID "xyz" is not 16 or 32 hex digits or base64 of 16 bytes`},
				{DropInvalidTraceID, `trace ID "00000000000000000000000000000000" is all zero`},
				{DropInvalidSpanID, `span has no span ID`},
				{DropInvalidSpanID, `span ID "AAAAAAAAAAA=" is all zero`},
				{DropInvalidSpanID, `span ID "00000000000000021" is not 16 hex digits or base64 of 8 bytes`},
				{DropInvalidSpanID, `parent span ID "12" is not 16 hex digits or base64 of 8 bytes`},
				{DropInvalidSpanID, `parent span ID "nothex!!nothex!!" is not 16 hex digits or base64 of 8 bytes`},
				{DropEndBeforeStart, `span 0000000000000002 has a negative duration of -3 µs`},
			},
		},
		{
			"no trace ID anywhere",
			`{"spans":[{"spanID":"0000000000000002"}]}`,
			nil,
			[]drop{{DropInvalidTraceID, `span has no trace ID`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newJaegerDecoder(xfEnv("s", "b", "bs", "i", "big", "f", "bin", "untyped"))
			var b batch
			if err := d.decode([]byte(tt.rec), &b); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.spans); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.drops, b.drops, cmp.AllowUnexported(drop{})); diff != "" {
				t.Errorf("drops (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJaegerMalformed(t *testing.T) {
	tests := []struct {
		name, rec, reason, want string
	}{
		{"syntax", `{"spans":[}`, ReasonMalformedJSON, "invalid character '}' looking for beginning of value at byte 11 of the record"},
		{"truncated", `{"spans":[`, ReasonMalformedJSON, "unexpected end of JSON input at byte 10 of the record"},
		{"not an object", `[1]`, ReasonSchemaMismatch, "expected an object, found array at byte 1 of the record"},
		{"neither spans nor data", `{"traceID":"1"}`, ReasonSchemaMismatch, `expected a Jaeger trace object with "spans" or a document with "data", found an object with neither at byte 0 of the record`},
		{"null", `null`, ReasonSchemaMismatch, `expected a Jaeger trace object with "spans" or a document with "data", found an object with neither at byte 0 of the record`},
		{"float time", jgTrace(jgSpan(`"startTime":1.5`)), ReasonSchemaMismatch, `field "spans.startTime": expected an integer, found number 1.5 at byte 251 of the record`},
		{"string ID", `{"data":[{"spans":[{"spanID":7}]}]}`, ReasonSchemaMismatch, `field "data.spans.spanID": expected a string, found number at byte 30 of the record`},
		{"time out of range", jgTrace(jgSpan(`"startTime":9300000000000000`)), ReasonSchemaMismatch, "span \"0000000000000002\": startTime 9300000000000000 plus duration 5 µs: expected times before the year 2262, found one beyond at byte 0 of the record"},
		{"tag type mismatch", jgTrace(jgSpan(jgTags(jgTag("i", "int64", `"12x"`)))), ReasonSchemaMismatch, `span "0000000000000002": tag "i" of type int64: expected an integer (a number or a string of digits), found "12x" at byte 0 of the record`},
		{"bool mismatch", jgTrace(jgSpan(jgTags(jgTag("error", "bool", `1`)))), ReasonSchemaMismatch, `span "0000000000000002": tag "error" of type bool: expected true or false, found 1 at byte 0 of the record`},
		{"string mismatch", jgTrace(jgSpan(jgTags(jgTag("s", "string", `{"a":"a very long object that goes on and on"}`)))), ReasonSchemaMismatch, `span "0000000000000002": tag "s" of type string: expected a string, found {"a":"a very long object that goes on an… at byte 0 of the record`},
		{"no value", jgTrace(jgSpan(`"tags":[{"key":"f","type":"float64"}]`)), ReasonSchemaMismatch, `span "0000000000000002": tag "f" of type float64: expected a number, found no value at byte 0 of the record`},
		{"unknown tag type", jgTrace(jgSpan(jgTags(jgTag("s", "uint", `1`)))), ReasonSchemaMismatch, `span "0000000000000002": tag "s": expected type string, bool, int64, float64 or binary, found "uint" at byte 0 of the record`},
		{"bad process tag", jgTrace(jgSpan(`"process":{"serviceName":"x","tags":[` + jgTag("hostname", "bool", `"h"`) + `]}`)), ReasonSchemaMismatch, `span "0000000000000002": tag "hostname" of type bool: expected true or false, found "h" at byte 0 of the record`},
		{"byte order mark", "\xEF\xBB\xBF{\"spans\":[}", ReasonMalformedJSON, "invalid character '}' looking for beginning of value at byte 14 of the record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b batch
			err := newJaegerDecoder(xfEnv("i", "s", "f")).decode([]byte(tt.rec), &b)
			var de *decodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *decodeError", err)
			}
			if de.reason != tt.reason || de.Error() != tt.want {
				t.Errorf("got %s: %q\nwant %s: %q", de.reason, de.Error(), tt.reason, tt.want)
			}
		})
	}
}

// xfSummary is a span on one line: IDs, parent, kind, status, service,
// host, times, links and kept attributes.
func xfSummary(s *trace.Span) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s parent=%s %s %s %s@%s %d..%d", s.TraceID, s.SpanID, s.ParentID, s.Kind, s.Status, s.Service, s.Host, s.Start, s.End)
	if s.Shared {
		b.WriteString(" shared")
	}
	for _, l := range s.Links {
		fmt.Fprintf(&b, " link=%s/%s", l.TraceID, l.SpanID)
	}
	for _, a := range s.Attrs {
		fmt.Fprintf(&b, " %s=%q", a.Key, a.Value)
	}
	return b.String()
}

// xfElements splits a JSON array, or the array under key, into its
// elements, as the pipeline hands them to a decoder one record at a time.
func xfElements(t testing.TB, doc []byte, key string) [][]byte {
	t.Helper()
	if key != "" {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(doc, &m); err != nil {
			t.Fatal(err)
		}
		doc = m[key]
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(doc, &elems); err != nil {
		t.Fatal(err)
	}
	out := make([][]byte, len(elems))
	for i, e := range elems {
		out[i] = e
	}
	return out
}

// xfFixture reads a file of testdata/fixtures.
func xfFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xfDecodeAll decodes records one by one like the pipeline: a failed
// record loses what it appended. It returns the spans, drops and errors.
func xfDecodeAll(dec recordDecoder, recs [][]byte) (batch, []error) {
	var b batch
	var errs []error
	for _, r := range recs {
		n, m := len(b.spans), len(b.drops)
		if err := dec.decode(r, &b); err != nil {
			b.spans, b.drops = b.spans[:n], b.drops[:m]
			errs = append(errs, err)
		}
	}
	return b, errs
}

func xfSummaries(spans []trace.Span) []string {
	out := make([]string, len(spans))
	for i := range spans {
		out[i] = xfSummary(&spans[i])
	}
	return out
}

func TestJaegerFixtures(t *testing.T) {
	tests := []struct {
		file string
		data bool // records are the elements of "data"
		keep []string
		want []string
	}{
		{
			file: "jaeger/jaeger-uimodel-ui_01.json", // a bare trace object, 16-hex trace ID, every tag type
			keep: []string{"peer.ipv4", "temperature", "javascript_limit", "blob", "peer.service"},
			want: []string{
				"00000000000000000000000000000001/0000000000000002 parent=0000000000000000 unspecified unset service-x@service-x 1485467191639875000..1485467191639880000",
				`00000000000000000000000000000001/0000000000000002 parent=0000000000000000 unspecified error service-x@service-x 1485467191639875000..1485467191639880000 peer.service="service-y" peer.ipv4="23456" temperature="72.5" javascript_limit="9223372036854775222"`,
				"00000000000000000000000000000001/0000000000000003 parent=0000000000000002 unspecified unset service-y@service-y 1485467191639875000..1485467191639880000",
				"00000000000000000000000000000001/0000000000000004 parent=0000000000000002 unspecified unset service-y@service-y 1485467191639875000..1485467191639880000 link=000000000000000000000000000000ff/00000000000000ff link=00000000000000000000000000000001/0000000000000002",
				"00000000000000000000000000000001/0000000000000005 parent=0000000000000004 unspecified unset service-y@service-y 1485467191639875000..1485467191639879000",
			},
		},
		{
			file: "jaeger/jaeger-ui-otlp2jaeger-out.json", // two copies of one span
			data: true,
			want: []string{
				"83a9efd15c1c98a977e0711cc93ee28b/e127af99e3b3e074 parent=909541b92cf05311 server unset telemetrygen@telemetrygen 1706678909209712000..1706678909209835000",
				"83a9efd15c1c98a977e0711cc93ee28b/e127af99e3b3e074 parent=909541b92cf05311 server unset telemetrygen@telemetrygen 1706678909209712000..1706678909209835000",
			},
		},
		{
			file: "jaeger/jaeger-ui-oltp2jaeger-multi-out.json", // jaeger-ui form: inline processes, nested spans in references
			data: true,
			want: []string{
				"c620759e5d60fafb8ee0922b30e06bc6/26f5ef9dbb885479 parent=49b8e9efa1e8a3b1 internal unset example-trace@example-trace 1711138246978000000..1711138247024460000",
				"c620759e5d60fafb8ee0922b30e06bc6/e76628f4e6dde174 parent=49b8e9efa1e8a3b1 internal unset example-trace@example-trace 1711138247025000000..1711138247096355000",
				"c620759e5d60fafb8ee0922b30e06bc6/49b8e9efa1e8a3b1 parent=eff3153be6b1fb93 internal unset example-trace@example-trace 1711138246943000000..1711138247116150000",
				"c620759e5d60fafb8ee0922b30e06bc6/eff3153be6b1fb93 parent=0000000000000000 internal unset example-trace@example-trace 1711138246940000000..1711138247116321000",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := xfFixture(t, tt.file)
			recs := [][]byte{doc}
			if tt.data {
				recs = xfElements(t, doc, "data")
			}
			keep := tt.keep
			if keep == nil {
				keep = config.SemconvAttributes
			}
			b, errs := xfDecodeAll(newJaegerDecoder(xfEnv(keep...)), recs)
			if len(errs) > 0 || len(b.drops) > 0 {
				t.Fatalf("errors %v, drops %v", errs, b.drops)
			}
			if diff := cmp.Diff(tt.want, xfSummaries(b.spans)); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
			// The whole document decodes to the same spans.
			var whole batch
			if err := newJaegerDecoder(xfEnv(keep...)).decode(doc, &whole); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(b.spans, whole.spans); diff != "" {
				t.Errorf("whole document (-records +whole):\n%s", diff)
			}
		})
	}
}
