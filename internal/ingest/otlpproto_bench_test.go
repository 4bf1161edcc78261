package ingest

import (
	"fmt"
	"testing"

	commonv1 "go.opentelemetry.io/proto/otlp/common/v1"
	resourcev1 "go.opentelemetry.io/proto/otlp/resource/v1"
	tracev1 "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/trace"
)

// Compare the hand-written decoder with generated-code unmarshalling on the
// same bytes:
//
//	go test ./internal/ingest -run '^$' -bench 'OTLPProto' -benchmem
func BenchmarkOTLPProtoDecode(b *testing.B) {
	rec := pbBenchTracesData(b)
	env := decoderEnv{strs: trace.NewInterner(), keep: trace.NewKeySet(config.SemconvAttributes...)}
	d := newOTLPProtoDecoder(env)
	var bt batch
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	for b.Loop() {
		bt.spans, bt.drops = bt.spans[:0], bt.drops[:0]
		if err := d.decode(rec, &bt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(bt.spans)), "spans/op")
}

// BenchmarkOTLPProtoUnmarshalGenerated is the baseline: proto.Unmarshal into
// the generated TracesData, which builds every field and attribute.
func BenchmarkOTLPProtoUnmarshalGenerated(b *testing.B) {
	rec := pbBenchTracesData(b)
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	for b.Loop() {
		var td tracev1.TracesData
		if err := proto.Unmarshal(rec, &td); err != nil {
			b.Fatal(err)
		}
	}
}

// pbBenchTracesData is one realistic export: 4 resources (services on their
// hosts with the usual SDK attributes), each with 2 scopes of 100 spans;
// every span has 14 attributes (3 to 5 of them kept), one in four an event
// and one in ten a link.
func pbBenchTracesData(tb testing.TB) []byte {
	td := &tracev1.TracesData{}
	for r := range 4 {
		rs := &tracev1.ResourceSpans{Resource: &resourcev1.Resource{Attributes: []*commonv1.KeyValue{
			pbKV("service.name", fmt.Sprintf("service-%d", r)),
			pbKV("service.instance.id", fmt.Sprintf("7f4c1a2e-%04d-4e6b-9a51-3c8d2b7e1f00", r)),
			pbKV("host.name", fmt.Sprintf("ip-10-0-%d-17.ec2.internal", r)),
			pbKV("telemetry.sdk.name", "opentelemetry"),
			pbKV("telemetry.sdk.language", "go"),
			pbKV("telemetry.sdk.version", "1.38.0"),
			pbKVAny("process.pid", pbInt(int64(4000+r))),
		}}}
		for s := range 2 {
			ss := &tracev1.ScopeSpans{Scope: &commonv1.InstrumentationScope{Name: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", Version: "0.63.0"}}
			for i := range 100 {
				ss.Spans = append(ss.Spans, pbBenchSpan(r, s*100+i))
			}
			rs.ScopeSpans = append(rs.ScopeSpans, ss)
		}
		td.ResourceSpans = append(td.ResourceSpans, rs)
	}
	return pbMarshal(tb, td)
}

func pbBenchSpan(r, i int) *tracev1.Span {
	n := byte(i + 1)
	start := uint64(pbT0 + i*1_000_000)
	sp := &tracev1.Span{
		TraceId: []byte{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, byte(r), n},
		SpanId:  []byte{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, byte(r), n}, ParentSpanId: []byte{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, byte(r), n + 1},
		TraceState: "rojo=00f067aa0ba902b7", Name: "GET /api/v1/users/{id}/profile",
		Kind: tracev1.Span_SPAN_KIND_SERVER, StartTimeUnixNano: start, EndTimeUnixNano: start + 3_456_789,
		Attributes: []*commonv1.KeyValue{
			pbKV("http.request.method", "GET"),
			pbKV("http.route", "/api/v1/users/{id}/profile"),
			pbKV("url.path", fmt.Sprintf("/api/v1/users/%d/profile", 10000+i)),
			pbKV("url.scheme", "https"),
			pbKVAny("http.response.status_code", pbInt(200)),
			pbKV("server.address", "api.example.com"),
			pbKVAny("server.port", pbInt(443)),
			pbKV("network.peer.address", "10.0.3.41"),
			pbKVAny("network.peer.port", pbInt(int64(40000+i))),
			pbKV("network.protocol.version", "1.1"),
			pbKV("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"),
			pbKV("enduser.id", fmt.Sprintf("user-%d", i%37)),
			pbKVAny("thread.id", pbInt(int64(i%16))),
			pbKV("code.function.name", "github.com/example/api/internal/handlers.(*Users).Profile"),
		},
		Status: &tracev1.Status{Code: tracev1.Status_STATUS_CODE_UNSET},
	}
	if i%4 == 0 {
		sp.Events = []*tracev1.Span_Event{{TimeUnixNano: start + 1000, Name: "cache miss", Attributes: []*commonv1.KeyValue{pbKV("cache.key", "user:42:profile")}}}
	}
	if i%10 == 0 {
		sp.Links = []*tracev1.Span_Link{{TraceId: pbTID(n), SpanId: pbSID(n)}}
	}
	return sp
}

func pbInt(v int64) *commonv1.AnyValue {
	return &commonv1.AnyValue{Value: &commonv1.AnyValue_IntValue{IntValue: v}}
}
