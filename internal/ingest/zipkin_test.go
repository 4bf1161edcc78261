package ingest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/trace"
)

// zkFields are the fields of zkSpan, in order.
var zkFields = [][2]string{
	{"traceId", `"00000000000000000000000000000001"`}, {"id", `"0000000000000002"`}, {"parentId", `"0000000000000001"`},
	{"name", `"op"`}, {"kind", `"SERVER"`}, {"timestamp", "1000000"}, {"duration", "5"},
	{"localEndpoint", `{"serviceName":"api","ipv4":"10.0.0.1","port":8080}`}, {"remoteEndpoint", `{"serviceName":"x"}`},
	{"annotations", "[]"},
}

// zkSpan is server span 2 (parent 1) of trace 1 in service api on
// 10.0.0.1, starting at 1 s and lasting 5 µs. extra fields come last: a
// repeated key overrides (encoding/json keeps the last).
func zkSpan(extra string) string { return zkSpanWithout("", extra) }

// zkSpanWithout is zkSpan without the field named omit (a JSON null would
// leave a Go value unchanged, not unset).
func zkSpanWithout(omit, extra string) string {
	var parts []string
	for _, f := range zkFields {
		if f[0] != omit {
			parts = append(parts, `"`+f[0]+`":`+f[1])
		}
	}
	if extra != "" {
		parts = append(parts, extra)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// zkWant is what zkSpan decodes to.
func zkWant(mod func(*trace.Span)) trace.Span {
	s := trace.Span{
		TraceID: xTID(1), SpanID: xSID(2), ParentID: xSID(1), Name: "op", Kind: trace.KindServer,
		Start: 1e9, End: 1e9 + 5000, Service: "api", Host: "10.0.0.1",
	}
	if mod != nil {
		mod(&s)
	}
	return s
}

func zkArray(spans ...string) string { return "[" + strings.Join(spans, ",") + "]" }

func TestZipkinDecode(t *testing.T) {
	tests := []struct {
		name  string
		rec   string
		want  []trace.Span
		drops []drop
	}{
		{"one span object", zkSpan(""), []trace.Span{zkWant(nil)}, nil},
		{
			"kinds",
			zkArray(
				zkSpan(`"kind":"CLIENT"`), zkSpan(`"kind":"PRODUCER"`), zkSpan(`"kind":"consumer"`),
				zkSpan(`"kind":""`), zkSpanWithout("kind", `"tags":{"span.kind":"internal"}`),
				zkSpan(`"tags":{"span.kind":"internal"}`),
			),
			[]trace.Span{
				zkWant(func(s *trace.Span) { s.Kind = trace.KindClient }),
				zkWant(func(s *trace.Span) { s.Kind = trace.KindProducer }),
				zkWant(func(s *trace.Span) { s.Kind = trace.KindConsumer }),
				zkWant(func(s *trace.Span) { s.Kind = trace.KindUnspecified }),
				zkWant(func(s *trace.Span) { s.Kind = trace.KindInternal }),
				zkWant(nil),
			}, nil,
		},
		{
			"short trace ID, no duration, no parent, shared",
			zkArray(
				zkSpan(`"traceId":"0000000000000001"`),
				zkSpanWithout("duration", ""),
				zkSpanWithout("parentId", ""),
				zkSpan(`"parentId":"0000000000000000"`),
				zkSpan(`"shared":true`),
			),
			[]trace.Span{
				zkWant(nil),
				zkWant(func(s *trace.Span) { s.End = s.Start }),
				zkWant(func(s *trace.Span) { s.ParentID = trace.SpanID{} }),
				zkWant(func(s *trace.Span) { s.ParentID = trace.SpanID{} }),
				zkWant(func(s *trace.Span) { s.Shared = true }),
			}, nil,
		},
		{
			"status",
			zkArray(
				zkSpan(`"tags":{"error":"500"}`),
				zkSpan(`"tags":{"error":""}`),
				zkSpan(`"tags":{"error":"false"}`),
				zkSpan(`"tags":{"otel.status_code":"OK"}`),
				zkSpan(`"tags":{"otel.status_code":"ERROR"}`),
				zkSpan(`"tags":{"otel.status_code":"OK","error":"true"}`),
			),
			[]trace.Span{
				zkWant(func(s *trace.Span) { s.Status = trace.StatusError }),
				zkWant(func(s *trace.Span) { s.Status = trace.StatusError }),
				zkWant(nil),
				zkWant(func(s *trace.Span) { s.Status = trace.StatusOK }),
				zkWant(func(s *trace.Span) { s.Status = trace.StatusError }),
				zkWant(func(s *trace.Span) { s.Status = trace.StatusError }),
			}, nil,
		},
		{
			"kept tags sorted by key",
			zkSpan(`"tags":{"http.route":"/x","db.statement":"GET k","other":"y","enduser.id":"u1"}`),
			[]trace.Span{zkWant(func(s *trace.Span) {
				s.Attrs = xfAttrs("db.statement", "GET k", "enduser.id", "u1", "http.route", "/x")
			})}, nil,
		},
		{
			"host key",
			zkArray(
				zkSpanWithout("localEndpoint", `"localEndpoint":{"serviceName":"api","ipv6":"::1"}`),
				zkSpan(`"localEndpoint":{"serviceName":"api","ipv4":"10.0.0.1","ipv6":"::1"},"tags":{"service.instance.id":"i-1"}`),
				zkSpan(`"tags":{"host.name":"h1","service.instance.id":"i-1"}`),
				zkSpan(`"tags":{"host.name":"h1","host.id":"hid"}`),
				zkSpanWithout("localEndpoint", `"localEndpoint":{"serviceName":"api"}`),
				zkSpanWithout("localEndpoint", ""),
			),
			[]trace.Span{
				zkWant(func(s *trace.Span) { s.Host = "::1" }),
				zkWant(nil),
				zkWant(func(s *trace.Span) { s.Host = "h1" }),
				zkWant(func(s *trace.Span) { s.Host = "hid" }),
				zkWant(func(s *trace.Span) { s.Host = "api" }),
				zkWant(func(s *trace.Span) { s.Service, s.Host = "unknown_service", "unknown_service" }),
			}, nil,
		},
		{
			// As the Collector's Zipkin exporter writes them: trace|span|state|attributes|dropped.
			"links from otlp.link.N tags",
			zkSpan(`"tags":{` +
				`"otlp.link.1":"000000000000000000000000000000aa|00000000000000bb|k=v|{\"a|b\":1}|0",` +
				`"otlp.link.0":"000000000000000000000000000000cc|00000000000000dd||{}|0",` +
				`"otlp.link.10":"00000000000000ee|00000000000000ff||{}|2",` +
				`"otlp.link.2":"nonsense",` +
				`"otlp.link.01":"0000000000000011|0000000000000022",` +
				`"otlp.link.3":"00000000000000000000000000000000|00000000000000dd||{}|0",` +
				`"otlp.link.x":"000000000000000000000000000000cc|00000000000000dd||{}|0"}`),
			[]trace.Span{zkWant(func(s *trace.Span) {
				s.Links = []trace.Link{
					{TraceID: xTID(0xcc), SpanID: xSID(0xdd)},
					{TraceID: xTID(0x11), SpanID: xSID(0x22)},
					{TraceID: xTID(0xaa), SpanID: xSID(0xbb)},
					{TraceID: xTID(0xee), SpanID: xSID(0xff)},
				}
			})}, nil,
		},
		{"empty array", `[]`, nil, nil},
		{
			"drops",
			zkArray(
				zkSpan(`"traceId":"1"`),
				zkSpan(`"traceId":"0000000000000000"`),
				zkSpanWithout("traceId", ""),
				zkSpan(`"id":"000000000000000g"`),
				zkSpan(`"id":"0000000000000000"`),
				zkSpan(`"parentId":"01"`),
				zkSpan(`"duration":-1,"tags":{"db.statement":"x"}`),
				zkSpanWithout("timestamp", ""),
				zkSpan(`"timestamp":0`),
				zkSpan(`"id":"0000000000000003"`),
			),
			[]trace.Span{zkWant(func(s *trace.Span) { s.SpanID = xSID(3) })},
			[]drop{
				{DropInvalidTraceID, `trace ID "1" is not 16 or 32 hex digits or base64 of 16 bytes`},
				{DropInvalidTraceID, `trace ID "0000000000000000" is all zero`},
				{DropInvalidTraceID, `span has no trace ID`},
				{DropInvalidSpanID, `span ID "000000000000000g" is not 16 hex digits or base64 of 8 bytes`},
				{DropInvalidSpanID, `span ID "0000000000000000" is all zero`},
				{DropInvalidSpanID, `parent span ID "01" is not 16 hex digits or base64 of 8 bytes`},
				{DropEndBeforeStart, `span 0000000000000002 has a negative duration of -1 µs`},
				{DropNoTimestamp, `span 7 of the array: expected "timestamp" in microseconds since the epoch, found none`},
				{DropNoTimestamp, `span 8 of the array: expected "timestamp" in microseconds since the epoch, found 0`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newZipkinDecoder(xfEnv(config.SemconvAttributes...))
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

func TestZipkinMalformed(t *testing.T) {
	tests := []struct {
		name, rec, reason, want string
	}{
		{"syntax", `[{"id":}]`, ReasonMalformedJSON, "invalid character '}' looking for beginning of value at byte 8 of the record"},
		{"not a span", `42`, ReasonSchemaMismatch, "expected an object, found number at byte 2 of the record"},
		{"array of numbers", `[42]`, ReasonSchemaMismatch, "expected an object, found number at byte 3 of the record"},
		{"float timestamp", `{"timestamp":1.5}`, ReasonSchemaMismatch, `field "timestamp": expected an integer, found number 1.5 at byte 16 of the record`},
		{"timestamp out of range", zkSpan(`"timestamp":-9300000000000000`), ReasonSchemaMismatch, "timestamp -9300000000000000 plus duration 5 µs: expected times before the year 2262, found one beyond at byte 0 of the record"},
		{"bad kind", zkArray(zkSpan(`"kind":"SERVERS"`)), ReasonSchemaMismatch, `span 0 of the array: expected "kind" CLIENT, SERVER, PRODUCER or CONSUMER, found "SERVERS" at byte 0 of the record`},
		{"number tag", zkSpan(`"tags":{"http.status_code":200}`), ReasonSchemaMismatch, `field "tags": expected a string, found number at byte 313 of the record`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b batch
			err := newZipkinDecoder(xfEnv()).decode([]byte(tt.rec), &b)
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

func TestZipkinFixtures(t *testing.T) {
	tests := []struct {
		file                      string
		records, skipped, spans   int
		noTimestamp               int
		shared, errors, withAttrs int
		services                  string
		check                     map[int]string // span index → summary
	}{
		{
			file: "zipkin/messaging.json", records: 4, spans: 4, withAttrs: 1, services: "backend frontend",
			check: map[int]string{
				0: "5aab74dbb904746bb33447baae403ed6/e457b5a2e4d86bd1 parent=05e3ac9a4f6e3b90 consumer unset backend@192.168.0.10 1521186011929043000..1521186011929057000",
				2: "5aab74dbb904746bb33447baae403ed6/05e3ac9a4f6e3b90 parent=b33447baae403ed6 producer unset frontend@192.168.0.10 1521186011927475000..1521186011927488000",
				3: `5aab74dbb904746bb33447baae403ed6/b33447baae403ed6 parent=0000000000000000 server unset frontend@192.168.0.10 1521186011926119000..1521186011928958000 http.method="GET"`,
			},
		},
		{
			file: "zipkin/skew.json", records: 4, spans: 4, shared: 1, services: "servicea serviceb",
			check: map[int]string{
				1: "00000000000000001e223ff1f80f1c69/74280ae0c10d8062 parent=bf396325699c84bf server unset serviceb@192.0.0.0 1470150004008761000..1470150004102338000 shared",
				3: "00000000000000001e223ff1f80f1c69/74280ae0c10d8062 parent=bf396325699c84bf client unset servicea@127.0.0.0 1470150004074202000..1470150004168741000",
			},
		},
		{file: "zipkin/ascend.json", records: 8, spans: 8, shared: 2, withAttrs: 6, services: "auth-service content-service mobile-gateway"},
		{file: "zipkin/messaging-kafka.json", records: 28, spans: 28, errors: 3, services: "servicea serviceb"},
		{file: "zipkin/simple-db-p6.json", records: 5, spans: 5, withAttrs: 1, services: "bootifulmeters"},
		{
			file: "zipkin/yelp.json", records: 16, spans: 16, shared: 4, withAttrs: 2, services: "mobile_api routing spectre unknown yelp-main yelp_main/api_proxy",
			check: map[int]string{
				2: "0000000000000000a03ee8fff1dcd9b9/7a778764a0d0b594 parent=f5f268651b2a2b34 server unset spectre@spectre 1571896375310740000..1571896375312230000 shared",
			},
		},
		{file: "zipkin/smartthings-oauth-authorization.json", records: 175, spans: 175, shared: 45, errors: 2, withAttrs: 29, services: "account auth bouncer datamgmt dove paperboy pusher stlogin"},
		{
			// 84 spans have no timestamp: each is dropped.
			file: "zipkin/smartthings-mobile-web-install.json", records: 1041, noTimestamp: 84, spans: 957, shared: 294, errors: 2, withAttrs: 287,
			services: "account alice auth bookie bouncer coreSrv dove execution gizmo guardian oreck paperboy platformapi pusher stLogin strongman",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs := xfElements(t, xfFixture(t, tt.file), "")
			b, errs := xfDecodeAll(newZipkinDecoder(xfEnv(config.SemconvAttributes...)), recs)
			if len(recs) != tt.records || len(errs) != tt.skipped || len(b.spans) != tt.spans || len(b.drops) != tt.noTimestamp {
				t.Fatalf("records %d, skipped %d, spans %d, drops %d; want %d, %d, %d, %d", len(recs), len(errs), len(b.spans), len(b.drops), tt.records, tt.skipped, tt.spans, tt.noTimestamp)
			}
			for _, d := range b.drops {
				if d.reason != DropNoTimestamp {
					t.Errorf("dropped for %v, want no-timestamp", d)
				}
			}
			for _, err := range errs {
				if de := (*decodeError)(nil); !errors.As(err, &de) || de.reason != ReasonSchemaMismatch {
					t.Errorf("skipped for %v, want schema-mismatch", err)
				}
			}
			var services []string
			shared, errored, withAttrs := 0, 0, 0
			for i := range b.spans {
				sp := &b.spans[i]
				services = append(services, sp.Service)
				shared += zkCount(sp.Shared)
				errored += zkCount(sp.Status == trace.StatusError)
				withAttrs += zkCount(len(sp.Attrs) > 0)
				if sp.End < sp.Start || sp.TraceID.IsZero() || sp.SpanID.IsZero() {
					t.Errorf("bad span %s", xfSummary(sp))
				}
			}
			slices.Sort(services)
			if got := strings.Join(slices.Compact(services), " "); got != tt.services {
				t.Errorf("services %q, want %q", got, tt.services)
			}
			if shared != tt.shared || errored != tt.errors || withAttrs != tt.withAttrs {
				t.Errorf("shared %d, errors %d, with attributes %d; want %d, %d, %d", shared, errored, withAttrs, tt.shared, tt.errors, tt.withAttrs)
			}
			for i, want := range tt.check {
				if got := xfSummary(&b.spans[i]); got != want {
					t.Errorf("span %d:\n got %s\nwant %s", i, got, want)
				}
			}
		})
	}
}

func zkCount(b bool) int {
	if b {
		return 1
	}
	return 0
}
