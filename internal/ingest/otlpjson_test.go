package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/raceline/raceline/internal/trace"
)

// The IDs most tests use, in hex and in base64.
const (
	tidHex = "5b8efff798038103d269b633813fc60c"
	tidB64 = "W47/95gDgQPSabYzgT/GDA=="
	sidHex = "eee19b7ec3c1b174"
	sidB64 = "7uGbfsPBsXQ="
	pidHex = "eee19b7ec3c1b173"
	pidB64 = "7uGbfsPBsXM="
)

func newTestOTLPJSON(keep ...string) *otlpJSONDecoder {
	return newOTLPJSONDecoder(decoderEnv{strs: trace.NewInterner(), keep: trace.NewKeySet(keep...)})
}

// decodeOK decodes one record that must decode without error.
func decodeOK(t *testing.T, d *otlpJSONDecoder, rec string) *batch {
	t.Helper()
	var b batch
	if err := d.decode([]byte(rec), &b); err != nil {
		t.Fatalf("decode: %v\nrecord: %s", err, rec)
	}
	return &b
}

func mustTraceID(t testing.TB, s string) trace.TraceID {
	id, err := trace.ParseTraceID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func mustSpanID(t testing.TB, s string) trace.SpanID {
	id, err := trace.ParseSpanID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// wrapSpans puts span objects into the canonical TracesData shape, with
// service "api".
func wrapSpans(spans ...string) string {
	return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},` +
		`"scopeSpans":[{"scope":{},"spans":[` + strings.Join(spans, ",") + `]}]}]}`
}

// spanWith is a valid span object with extra members appended.
func spanWith(members string) string {
	s := `{"traceId":"` + tidHex + `","spanId":"` + sidHex + `","name":"op"`
	if members != "" {
		s += "," + members
	}
	return s + "}"
}

// TestOTLPJSONShapes writes one span in every shape DESIGN §3 accepts and
// expects the same span from each.
func TestOTLPJSONShapes(t *testing.T) {
	camel := `{"traceId":"` + tidHex + `","spanId":"` + sidHex + `","parentSpanId":"` + pidHex + `","name":"GET /users",` +
		`"kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",` +
		`"attributes":[{"key":"http.route","value":{"stringValue":"/users"}},{"key":"thread.id","value":{"intValue":"7"}}],` +
		`"status":{"code":2}}`
	snake := `{"trace_id":"` + tidB64 + `","span_id":"` + sidB64 + `","parent_span_id":"` + pidB64 + `","name":"GET /users",` +
		`"kind":"SPAN_KIND_SERVER","start_time_unix_nano":1544712660000000000,"end_time_unix_nano":1544712661000000000,` +
		`"attributes":[{"key":"http.route","value":{"string_value":"/users"}}],"status":{"code":"STATUS_CODE_ERROR"}}`
	res := `{"attributes":[{"key":"service.name","value":{"stringValue":"api"}},{"key":"host.name","value":{"stringValue":"h1"}}]}`
	resSnake := `{"attributes":[{"key":"service.name","value":{"string_value":"api"}},{"key":"host.name","value":{"string_value":"h1"}}]}`
	rs := `{"resource":` + res + `,"scopeSpans":[{"scope":{"name":"lib"},"spans":[` + camel + `]}]}`
	unknown := `"x-unknown":{"a":[1,-2.5e-3,true,false,null,"s\"",{"b":[]}],"c":{}}`

	tests := []struct{ name, rec string }{
		{"TracesData", `{"resourceSpans":[` + rs + `]}`},
		{"snake_case", `{"resource_spans":[{"resource":` + resSnake + `,"scope_spans":[{"spans":[` + snake + `]}]}]}`},
		{"Tempo batches", `{"batches":[` + rs + `]}`},
		{"Tempo trace/resourceSpans", `{"trace":{"resourceSpans":[` + rs + `]}}`},
		{"Tempo trace/batches", `{"trace":{"batches":[` + rs + `]}}`},
		{"Jaeger API v3 result", `{"result":{"resourceSpans":[` + rs + `]}}`},
		{"instrumentationLibrarySpans", `{"resourceSpans":[{"resource":` + res + `,"instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"x"},"spans":[` + camel + `]}]}]}`},
		{"instrumentation_library_spans", `{"resource_spans":[{"resource":` + resSnake + `,"instrumentation_library_spans":[{"spans":[` + snake + `]}]}]}`},
		{"resource after spans", `{"resourceSpans":[{"scopeSpans":[{"spans":[` + camel + `]}],"resource":` + res + `}]}`},
		{"unknown fields everywhere", `{` + unknown + `,"resourceSpans":[{` + unknown + `,"resource":{` + unknown + `,"attributes":[{"key":"service.name",` + unknown + `,"value":{"stringValue":"api"}},{"key":"host.name","value":{"stringValue":"h1"}}]},"scopeSpans":[{` + unknown + `,"spans":[` + strings.Replace(camel, `{`, `{`+unknown+`,`, 1) + `]}]}]}`},
		{"BOM, indented, CRLF", "\uFEFF" + indent(t, `{"resourceSpans":[`+rs+`]}`, "\r\n") + "\r\n"},
		{"empty scopes and resources around", `{"resourceSpans":[{},{"scopeSpans":[]},` + rs + `,{"scopeSpans":[{"spans":[]}]}]}`},
	}
	want := []trace.Span{{
		TraceID: mustTraceID(t, tidHex), SpanID: mustSpanID(t, sidHex), ParentID: mustSpanID(t, pidHex),
		Start: 1544712660000000000, End: 1544712661000000000, Kind: trace.KindServer, Status: trace.StatusError,
		Service: "api", Host: "h1", Name: "GET /users", Attrs: []trace.Attr{{Key: "http.route", Value: "/users"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := decodeOK(t, newTestOTLPJSON("http.route"), tt.rec)
			if diff := cmp.Diff(want, b.spans); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
			if len(b.drops) != 0 {
				t.Errorf("drops: %v", b.drops)
			}
		})
	}
}

// indent pretty-prints a JSON record with the given line end.
func indent(t *testing.T, rec, eol string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(rec), "", "  "); err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(buf.String(), "\n", eol)
}

// TestOTLPJSONFields checks each span field in the forms writers use.
func TestOTLPJSONFields(t *testing.T) {
	tests := []struct {
		name    string
		members string
		check   func(*trace.Span) any // returns the value to compare with want
		want    any
	}{
		{"kind number", `"kind":3`, spanKindOf, trace.KindClient},
		{"kind name", `"kind":"SPAN_KIND_PRODUCER"`, spanKindOf, trace.KindProducer},
		{"kind short name", `"kind":"consumer"`, spanKindOf, trace.KindConsumer},
		{"kind unknown number", `"kind":9`, spanKindOf, trace.KindUnspecified},
		{"kind negative number", `"kind":-1`, spanKindOf, trace.KindUnspecified},
		{"kind unknown name", `"kind":"SPAN_KIND_SIDEWAYS"`, spanKindOf, trace.KindUnspecified},
		{"kind null", `"kind":null`, spanKindOf, trace.KindUnspecified},
		{"kind escaped name", `"kind":"SPAN_KIND_\u0053ERVER"`, spanKindOf, trace.KindServer},
		{"status number", `"status":{"code":1}`, statusOf, trace.StatusOK},
		{"status name", `"status":{"message":"m","code":"STATUS_CODE_ERROR"}`, statusOf, trace.StatusError},
		{"status unknown number", `"status":{"code":7}`, statusOf, trace.StatusUnset},
		{"status empty", `"status":{}`, statusOf, trace.StatusUnset},
		{"status null", `"status":null`, statusOf, trace.StatusUnset},
		{"times as strings", `"startTimeUnixNano":"1","endTimeUnixNano":"9223372036854775807"`, timesOf, [2]int64{1, 9223372036854775807}},
		{"times as numbers", `"startTimeUnixNano":1581452772000000321,"endTimeUnixNano":1581452773000000789`, timesOf, [2]int64{1581452772000000321, 1581452773000000789}},
		{"times with leading zeros", `"startTimeUnixNano":"0005","endTimeUnixNano":"0000000000000000000000000007"`, timesOf, [2]int64{5, 7}},
		{"times null", `"startTimeUnixNano":null,"endTimeUnixNano":null`, timesOf, [2]int64{0, 0}},
		{"name null", `"name":null`, nameOf, ""},
		{"name escaped", `"name":"a\nb\t\"c\" \/ \\ \u00e9 \ud83d\ude80 \ud800x"`, nameOf, "a\nb\t\"c\" / \\ é 🚀 \uFFFDx"},
		{"name raw UTF-8", `"name":"naïve ✓"`, nameOf, "naïve ✓"},
		{"parent upper hex", `"parentSpanId":"EEE19B7EC3C1B173"`, parentOf, pidHex},
		{"parent base64", `"parentSpanId":"` + pidB64 + `"`, parentOf, pidHex},
		{"parent empty", `"parentSpanId":""`, parentOf, "0000000000000000"},
		{"parent null", `"parentSpanId":null`, parentOf, "0000000000000000"},
		{"parent zero hex", `"parentSpanId":"0000000000000000"`, parentOf, "0000000000000000"},
		{"parent zero base64", `"parentSpanId":"AAAAAAAAAAA="`, parentOf, "0000000000000000"},
		{"parent snake", `"parent_span_id":"` + pidHex + `"`, parentOf, pidHex},
		{"events, flags, traceState, dropped counts skipped", `"flags":257,"traceState":"a=b","events":[{"name":"e","attributes":[{"key":"http.route","value":{"stringValue":"no"}}]}],"droppedAttributesCount":3,"droppedEventsCount":1,"droppedLinksCount":2`, attrsOf, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := decodeOK(t, newTestOTLPJSON("http.route"), wrapSpans(spanWith(tt.members)))
			if len(b.spans) != 1 {
				t.Fatalf("got %d spans, %v drops; want 1 span", len(b.spans), b.drops)
			}
			if diff := cmp.Diff(tt.want, tt.check(&b.spans[0])); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func spanKindOf(sp *trace.Span) any { return sp.Kind }
func statusOf(sp *trace.Span) any   { return sp.Status }
func timesOf(sp *trace.Span) any    { return [2]int64{sp.Start, sp.End} }
func nameOf(sp *trace.Span) any     { return sp.Name }
func parentOf(sp *trace.Span) any   { return sp.ParentID.String() }
func attrsOf(sp *trace.Span) any {
	var s []string
	for _, a := range sp.Attrs {
		s = append(s, a.Key+"="+a.Value)
	}
	return strings.Join(s, " ")
}

// TestOTLPJSONIDs checks the ID rules of DESIGN §3, above all that a
// 32-digit hex ID is never read as base64 (protojson's trap, which reads
// it as 24 bytes).
func TestOTLPJSONIDs(t *testing.T) {
	tests := []struct{ name, traceID, spanID string }{
		{"lower hex", tidHex, sidHex},
		{"upper hex", strings.ToUpper(tidHex), strings.ToUpper(sidHex)},
		{"mixed-case hex", "5B8efff798038103D269B633813FC60c", "EEE19b7ec3c1b174"},
		{"base64", tidB64, sidB64},
		{"base64 with escaped slash", strings.ReplaceAll(tidB64, "/", `\/`), sidB64},
		{"base64 with \\u escapes", strings.ReplaceAll(tidB64, "=", `\u003d`), sidB64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := wrapSpans(`{"traceId":"` + tt.traceID + `","spanId":"` + tt.spanID + `"}`)
			b := decodeOK(t, newTestOTLPJSON(), rec)
			if len(b.spans) != 1 {
				t.Fatalf("got %d spans, drops %v", len(b.spans), b.drops)
			}
			if got := b.spans[0].TraceID.String(); got != tidHex {
				t.Errorf("trace ID = %s, want %s", got, tidHex)
			}
			if got := b.spans[0].SpanID.String(); got != sidHex {
				t.Errorf("span ID = %s, want %s", got, sidHex)
			}
		})
	}
}

// TestOTLPJSONAttributes checks the keep-set filter and the text of each
// AnyValue type (trace.Attr documents it).
func TestOTLPJSONAttributes(t *testing.T) {
	tests := []struct {
		name  string
		attrs string
		want  string // kept attributes, key=value, space separated
	}{
		{"string", `{"key":"k","value":{"stringValue":"v"}}`, "k=v"},
		{"empty string", `{"key":"k","value":{"stringValue":""}}`, "k="},
		{"int as string", `{"key":"k","value":{"intValue":"42"}}`, "k=42"},
		{"int as number", `{"key":"k","value":{"intValue":-42}}`, "k=-42"},
		{"int with leading zeros", `{"key":"k","value":{"intValue":"007"}}`, "k=7"},
		{"int extremes", `{"key":"k","value":{"intValue":"-9223372036854775808"}},{"key":"k","value":{"int_value":9223372036854775807}}`, "k=-9223372036854775808 k=9223372036854775807"},
		{"bools", `{"key":"k","value":{"boolValue":true}},{"key":"k","value":{"bool_value":false}}`, "k=true k=false"},
		{"doubles", `{"key":"k","value":{"doubleValue":1.5}},{"key":"k","value":{"doubleValue":100}},{"key":"k","value":{"doubleValue":1e21}},{"key":"k","value":{"double_value":"2.50"}},{"key":"k","value":{"doubleValue":-0.0001}}`, "k=1.5 k=100 k=1e+21 k=2.5 k=-0.0001"},
		{"double specials", `{"key":"k","value":{"doubleValue":"NaN"}},{"key":"k","value":{"doubleValue":"Infinity"}},{"key":"k","value":{"doubleValue":"-Infinity"}}`, "k=NaN k=+Inf k=-Inf"},
		{"array, kvlist, bytes and empty values are never kept", `{"key":"k","value":{"arrayValue":{"values":[{"stringValue":"a"},{"arrayValue":{"values":[]}}]}}},{"key":"k","value":{"kvlistValue":{"values":[{"key":"a","value":{"intValue":"1"}}]}}},{"key":"k","value":{"bytesValue":"AAEC"}},{"key":"k","value":{}},{"key":"k","value":null},{"key":"k"}`, ""},
		{"unkept keys are dropped", `{"key":"other","value":{"stringValue":"x"}},{"key":"k","value":{"stringValue":"v"}},{"key":"k3","value":{"intValue":"1"}}`, "k=v"},
		{"value before key", `{"value":{"stringValue":"v"},"key":"k"},{"value":{"stringValue":"x"},"key":"other"}`, "k=v"},
		{"escaped key", `{"key":"\u006b","value":{"stringValue":"v"}}`, "k=v"},
		{"escaped value", `{"key":"k","value":{"stringValue":"a\"b\u00e9"}}`, `k=a"bé`},
		{"unknown members", `{"x":[{}],"key":"k","y":1,"value":{"z":"w","stringValue":"v"}}`, "k=v"},
		{"whitespace", "{ \"key\" : \"k\" ,\n \"value\" : { \"stringValue\" : \"v\" } }", "k=v"},
		{"unkept values are not type-checked", `{"key":"other","value":{"intValue":{"not":"an int"}}},{"value":{"intValue":"x"},"key":"other"}`, ""},
		{"two values", `{"value":{"stringValue":"a"},"key":"k","value":{"stringValue":"b"}},{"key":"k","value":{"stringValue":"c"},"value":{"stringValue":"d"}}`, "k=b k=d"},
		{"input order and duplicates kept", `{"key":"k2","value":{"stringValue":"b"}},{"key":"k","value":{"stringValue":"a"}},{"key":"k2","value":{"stringValue":"c"}}`, "k2=b k=a k2=c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestOTLPJSON("k", "k2")
			b := decodeOK(t, d, wrapSpans(spanWith(`"attributes":[`+tt.attrs+`]`)))
			if len(b.spans) != 1 {
				t.Fatalf("got %d spans, drops %v", len(b.spans), b.drops)
			}
			if got := attrsOf(&b.spans[0]); got != tt.want {
				t.Errorf("attrs = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOTLPJSONResource checks the service and host key of DESIGN §5.
func TestOTLPJSONResource(t *testing.T) {
	tests := []struct {
		name          string
		resource      string
		service, host string
	}{
		{"nothing", `{}`, "unknown_service", "unknown_service"},
		{"null", `null`, "unknown_service", "unknown_service"},
		{"service only", `{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]}`, "api", "api"},
		{"instance", `{"attributes":[{"key":"service.name","value":{"stringValue":"api"}},{"key":"service.instance.id","value":{"stringValue":"i1"}}]}`, "api", "i1"},
		{"host.name over instance", `{"attributes":[{"key":"service.instance.id","value":{"stringValue":"i1"}},{"key":"host.name","value":{"stringValue":"h"}}]}`, "unknown_service", "h"},
		{"host.id over host.name", `{"attributes":[{"key":"host.name","value":{"stringValue":"h"}},{"key":"host.id","value":{"stringValue":"id"}},{"key":"service.name","value":{"stringValue":"api"}}]}`, "api", "id"},
		{"other keys ignored", `{"attributes":[{"key":"host.arch","value":{"stringValue":"x"}},{"key":"http.route","value":{"stringValue":"/r"}}],"droppedAttributesCount":2}`, "unknown_service", "unknown_service"},
		{"non-string service", `{"attributes":[{"key":"service.name","value":{"intValue":"7"}}]}`, "7", "7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := `{"resourceSpans":[{"resource":` + tt.resource + `,"scopeSpans":[{"spans":[` + spanWith("") + `]}]}]}`
			b := decodeOK(t, newTestOTLPJSON("http.route"), rec)
			sp := b.spans[0]
			if sp.Service != tt.service || sp.Host != tt.host {
				t.Errorf("service, host = %q, %q; want %q, %q", sp.Service, sp.Host, tt.service, tt.host)
			}
			if len(sp.Attrs) != 0 {
				t.Errorf("resource attributes leaked into the span: %v", sp.Attrs)
			}
		})
	}
}

// TestOTLPJSONResourcesApart checks that each ResourceSpans names only its
// own spans.
func TestOTLPJSONResourcesApart(t *testing.T) {
	res := func(svc string) string {
		return `{"attributes":[{"key":"service.name","value":{"stringValue":"` + svc + `"}}]}`
	}
	rec := `{"resourceSpans":[` +
		`{"resource":` + res("a") + `,"scopeSpans":[{"spans":[` + spanWith(`"name":"1"`) + `]}]},` +
		`{"scopeSpans":[{"spans":[` + spanWith(`"name":"2"`) + `]},{"spans":[` + spanWith(`"name":"3"`) + `]}],"resource":` + res("b") + `},` +
		`{"scopeSpans":[{"spans":[` + spanWith(`"name":"4"`) + `]}]}]}`
	b := decodeOK(t, newTestOTLPJSON(), rec)
	var got []string
	for _, sp := range b.spans {
		got = append(got, sp.Name+":"+sp.Service)
	}
	if want := []string{"1:a", "2:b", "3:b", "4:unknown_service"}; !cmp.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestOTLPJSONLinks(t *testing.T) {
	link := func(tid, sid string) string {
		return `{"traceId":"` + tid + `","spanId":"` + sid + `","attributes":[],"flags":1}`
	}
	rec := wrapSpans(spanWith(`"links":[` + strings.Join([]string{
		link(tidHex, sidHex),
		link("", sidHex),
		link(tidHex, "0000000000000000"),
		link("zz", sidHex),
		link(tidB64, pidB64),
		`{"trace_id":"` + tidHex + `","span_id":"` + pidHex + `"}`,
		`{}`,
	}, ",") + `]`))
	b := decodeOK(t, newTestOTLPJSON(), rec)
	want := []trace.Link{
		{TraceID: mustTraceID(t, tidHex), SpanID: mustSpanID(t, sidHex)},
		{TraceID: mustTraceID(t, tidHex), SpanID: mustSpanID(t, pidHex)},
		{TraceID: mustTraceID(t, tidHex), SpanID: mustSpanID(t, pidHex)},
	}
	if diff := cmp.Diff(want, b.spans[0].Links); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
}

// TestOTLPJSONDrops checks every drop reason and its detail; the record
// still parses and the other spans are kept.
func TestOTLPJSONDrops(t *testing.T) {
	good := spanWith("")
	tests := []struct {
		name, span     string
		reason, detail string
	}{
		{"no trace ID", `{"spanId":"` + sidHex + `"}`, DropInvalidTraceID, "no trace ID"},
		{"empty trace ID", `{"traceId":"","spanId":"` + sidHex + `"}`, DropInvalidTraceID, "no trace ID"},
		{"null trace ID", `{"traceId":null,"spanId":"` + sidHex + `"}`, DropInvalidTraceID, "no trace ID"},
		{"short hex trace ID", `{"traceId":"` + tidHex[:16] + `","spanId":"` + sidHex + `"}`, DropInvalidTraceID, `trace ID "5b8efff798038103" is not 32 hex digits or base64 of 16 bytes`},
		{"base64 of 8 bytes as trace ID", `{"traceId":"` + sidB64 + `","spanId":"` + sidHex + `"}`, DropInvalidTraceID, `trace ID "7uGbfsPBsXQ=" is not 32 hex digits or base64 of 16 bytes`},
		{"zero trace ID", `{"traceId":"00000000000000000000000000000000","spanId":"` + sidHex + `"}`, DropInvalidTraceID, `trace ID "00000000000000000000000000000000" is all zeros`},
		{"zero base64 trace ID", `{"traceId":"AAAAAAAAAAAAAAAAAAAAAA==","spanId":"` + sidHex + `"}`, DropInvalidTraceID, `trace ID "AAAAAAAAAAAAAAAAAAAAAA==" is all zeros`},
		{"long trace ID is cut short", `{"traceId":"` + strings.Repeat("x", 100) + `","spanId":"` + sidHex + `"}`, DropInvalidTraceID, `trace ID "` + strings.Repeat("x", 64) + `"… is not 32 hex digits or base64 of 16 bytes`},
		{"bad trace ID wins over bad span ID", `{"spanId":"x","traceId":"y"}`, DropInvalidTraceID, `trace ID "y" is not 32 hex digits or base64 of 16 bytes`},
		{"no span ID", `{"traceId":"` + tidHex + `"}`, DropInvalidSpanID, "no span ID"},
		{"zero span ID", `{"traceId":"` + tidHex + `","spanId":"0000000000000000"}`, DropInvalidSpanID, `span ID "0000000000000000" is all zeros`},
		{"bad span ID", `{"traceId":"` + tidHex + `","spanId":"eee19b7ec3c1b17"}`, DropInvalidSpanID, `span ID "eee19b7ec3c1b17" is not 16 hex digits or base64 of 8 bytes`},
		{"bad parent ID", `{"traceId":"` + tidHex + `","spanId":"` + sidHex + `","parentSpanId":"g` + pidHex[1:] + `"}`, DropInvalidSpanID, `parent span ID "gee19b7ec3c1b173" is not 16 hex digits or base64 of 8 bytes`},
		{"end before start", `{"traceId":"` + tidHex + `","spanId":"` + sidHex + `","startTimeUnixNano":"20","endTimeUnixNano":"10"}`, DropEndBeforeStart, "end time 10 is before start time 20"},
		{"null element", `null`, DropInvalidTraceID, "no trace ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := decodeOK(t, newTestOTLPJSON(), wrapSpans(good, tt.span, good))
			want := []drop{{reason: tt.reason, detail: tt.detail}}
			if diff := cmp.Diff(want, b.drops, cmp.AllowUnexported(drop{})); diff != "" {
				t.Errorf("drops (-want +got):\n%s", diff)
			}
			if len(b.spans) != 2 {
				t.Errorf("kept %d spans, want the 2 good ones", len(b.spans))
			}
		})
	}
}

// TestOTLPJSONScratchReuse decodes records with escaped strings in a row
// with one decoder: reused buffers must not leak one string into another.
func TestOTLPJSONScratchReuse(t *testing.T) {
	d := newTestOTLPJSON("k")
	for i := range 50 {
		name := fmt.Sprintf(`n\u00e9%d`, i)
		val := fmt.Sprintf(`v\t%d`, i)
		rec := wrapSpans(spanWith(`"name":"` + name + `","attributes":[{"value":{"stringValue":"` + val + `"},"key":"\u006b"},{"key":"x\u0078","value":{"stringValue":"\u0041"}}]`))
		b := decodeOK(t, d, rec)
		sp := b.spans[0]
		if want := fmt.Sprintf("né%d", i); sp.Name != want {
			t.Fatalf("name = %q, want %q", sp.Name, want)
		}
		if got, want := attrsOf(&sp), fmt.Sprintf("k=v\t%d", i); got != want {
			t.Fatalf("attrs = %q, want %q", got, want)
		}
	}
}

// TestOTLPJSONKeptSlicesIndependent checks that the slab-carved Attrs and
// Links of one span cannot be overwritten through another's.
func TestOTLPJSONKeptSlicesIndependent(t *testing.T) {
	attr := `"attributes":[{"key":"k","value":{"stringValue":"a"}}]`
	b := decodeOK(t, newTestOTLPJSON("k"), wrapSpans(spanWith(attr), spanWith(attr)))
	b.spans[0].Attrs = append(b.spans[0].Attrs, trace.Attr{Key: "k", Value: "changed"})
	if got := attrsOf(&b.spans[1]); got != "k=a" {
		t.Errorf("second span's attrs = %q after appending to the first's", got)
	}
}
