package ingest

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	commonv1 "go.opentelemetry.io/proto/otlp/common/v1"
	resourcev1 "go.opentelemetry.io/proto/otlp/resource/v1"
	tracev1 "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/raceline/raceline/internal/trace"
)

// Compact prototypes for protobuf test messages: small IDs, a fixed base
// time.
const pbT0 = 1_700_000_000_000_000_000

func pbTID(n byte) []byte { return []byte{15: n} }
func pbSID(n byte) []byte { return []byte{7: n} }
func xTID(n byte) trace.TraceID {
	return trace.TraceID{15: n}
}
func xSID(n byte) trace.SpanID { return trace.SpanID{7: n} }

func pbKV(k, v string) *commonv1.KeyValue {
	return &commonv1.KeyValue{Key: k, Value: &commonv1.AnyValue{Value: &commonv1.AnyValue_StringValue{StringValue: v}}}
}

func pbKVAny(k string, v *commonv1.AnyValue) *commonv1.KeyValue {
	return &commonv1.KeyValue{Key: k, Value: v}
}

// pbTraces wraps spans in one resource with the given attributes.
func pbTraces(res []*commonv1.KeyValue, spans ...*tracev1.Span) *tracev1.TracesData {
	return &tracev1.TracesData{ResourceSpans: []*tracev1.ResourceSpans{{
		Resource:   &resourcev1.Resource{Attributes: res},
		ScopeSpans: []*tracev1.ScopeSpans{{Spans: spans}},
	}}}
}

// pbSpan is a valid server span 2 (parent 1) of trace 1 lasting 5 ms.
func pbSpan(mod func(*tracev1.Span)) *tracev1.Span {
	s := &tracev1.Span{
		TraceId: pbTID(1), SpanId: pbSID(2), ParentSpanId: pbSID(1), Name: "GET /x",
		Kind: tracev1.Span_SPAN_KIND_SERVER, StartTimeUnixNano: pbT0, EndTimeUnixNano: pbT0 + 5e6,
	}
	if mod != nil {
		mod(s)
	}
	return s
}

// wantSpan is what pbSpan decodes to with resource service "api".
func pbWant(mod func(*trace.Span)) trace.Span {
	s := trace.Span{
		TraceID: xTID(1), SpanID: xSID(2), ParentID: xSID(1), Name: "GET /x", Kind: trace.KindServer,
		Start: pbT0, End: pbT0 + 5e6, Service: "api", Host: "api",
	}
	if mod != nil {
		mod(&s)
	}
	return s
}

func xfEnv(keys ...string) decoderEnv {
	return decoderEnv{strs: trace.NewInterner(), keep: trace.NewKeySet(keys...)}
}

// xfAttrs builds attributes from key, value pairs.
func xfAttrs(kv ...string) []trace.Attr {
	var as []trace.Attr
	for i := 0; i+1 < len(kv); i += 2 {
		as = append(as, trace.Attr{Key: kv[i], Value: kv[i+1]})
	}
	return as
}

func pbMarshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var pbAPIRes = []*commonv1.KeyValue{pbKV("service.name", "api")}

func TestOTLPProtoDecode(t *testing.T) {
	tests := []struct {
		name  string
		msg   *tracev1.TracesData
		want  []trace.Span
		drops []drop
	}{
		{
			name: "plain span",
			msg:  pbTraces(pbAPIRes, pbSpan(nil)),
			want: []trace.Span{pbWant(nil)},
		},
		{
			name: "kept attributes of every scalar type, others skipped",
			msg: pbTraces(pbAPIRes, pbSpan(func(s *tracev1.Span) {
				s.Attributes = []*commonv1.KeyValue{
					pbKV("db.statement", "GET k"),
					pbKV("not.kept", "x"),
					pbKVAny("i", &commonv1.AnyValue{Value: &commonv1.AnyValue_IntValue{IntValue: -42}}),
					pbKVAny("b", &commonv1.AnyValue{Value: &commonv1.AnyValue_BoolValue{BoolValue: true}}),
					pbKVAny("d", &commonv1.AnyValue{Value: &commonv1.AnyValue_DoubleValue{DoubleValue: 0.5}}),
					pbKVAny("arr", &commonv1.AnyValue{Value: &commonv1.AnyValue_ArrayValue{ArrayValue: &commonv1.ArrayValue{}}}),
					pbKVAny("bytes", &commonv1.AnyValue{Value: &commonv1.AnyValue_BytesValue{BytesValue: []byte{1}}}),
					pbKVAny("empty", &commonv1.AnyValue{}),
				}
			})),
			want: []trace.Span{pbWant(func(s *trace.Span) {
				s.Attrs = xfAttrs("db.statement", "GET k", "i", "-42", "b", "true", "d", "0.5")
			})},
		},
		{
			name: "links, status and kind",
			msg: pbTraces(pbAPIRes, pbSpan(func(s *tracev1.Span) {
				s.Kind = tracev1.Span_SPAN_KIND_CONSUMER
				s.Status = &tracev1.Status{Code: tracev1.Status_STATUS_CODE_ERROR, Message: "boom"}
				s.Links = []*tracev1.Span_Link{
					{TraceId: pbTID(9), SpanId: pbSID(8)},
					{TraceId: pbTID(9)},                    // no span ID: left out
					{TraceId: []byte{1}, SpanId: pbSID(7)}, // malformed: left out
				}
			})),
			want: []trace.Span{pbWant(func(s *trace.Span) {
				s.Kind, s.Status = trace.KindConsumer, trace.StatusError
				s.Links = []trace.Link{{TraceID: xTID(9), SpanID: xSID(8)}}
			})},
		},
		{
			name: "unknown enum values are unspecified",
			msg: pbTraces(pbAPIRes, pbSpan(func(s *tracev1.Span) {
				s.Kind = 17
				s.Status = &tracev1.Status{Code: 9}
			})),
			want: []trace.Span{pbWant(func(s *trace.Span) { s.Kind = trace.KindUnspecified })},
		},
		{
			name: "host key precedence and missing service",
			msg: &tracev1.TracesData{ResourceSpans: []*tracev1.ResourceSpans{
				{Resource: &resourcev1.Resource{Attributes: []*commonv1.KeyValue{
					pbKV("service.name", "a"), pbKV("service.instance.id", "i-1"), pbKV("host.name", "h1"), pbKV("host.id", "id1"),
				}}, ScopeSpans: []*tracev1.ScopeSpans{{Spans: []*tracev1.Span{pbSpan(nil)}}}},
				{Resource: &resourcev1.Resource{Attributes: []*commonv1.KeyValue{pbKV("service.instance.id", "i-2")}},
					ScopeSpans: []*tracev1.ScopeSpans{{Spans: []*tracev1.Span{pbSpan(nil)}}}},
				{ScopeSpans: []*tracev1.ScopeSpans{{Spans: []*tracev1.Span{pbSpan(nil)}}}},
			}},
			want: []trace.Span{
				pbWant(func(s *trace.Span) { s.Service, s.Host = "a", "id1" }),
				pbWant(func(s *trace.Span) { s.Service, s.Host = "unknown_service", "i-2" }),
				pbWant(func(s *trace.Span) { s.Service, s.Host = "unknown_service", "unknown_service" }),
			},
		},
		{
			name: "all-zero parent is a root",
			msg:  pbTraces(pbAPIRes, pbSpan(func(s *tracev1.Span) { s.ParentSpanId = make([]byte, 8) })),
			want: []trace.Span{pbWant(func(s *trace.Span) { s.ParentID = trace.SpanID{} })},
		},
		{
			name: "end equal to start is kept",
			msg:  pbTraces(pbAPIRes, pbSpan(func(s *tracev1.Span) { s.EndTimeUnixNano = s.StartTimeUnixNano })),
			want: []trace.Span{pbWant(func(s *trace.Span) { s.End = s.Start })},
		},
		{
			name: "drops",
			msg: pbTraces(pbAPIRes,
				pbSpan(func(s *tracev1.Span) { s.TraceId = nil }),
				pbSpan(func(s *tracev1.Span) { s.TraceId = make([]byte, 12) }),
				pbSpan(func(s *tracev1.Span) { s.TraceId = make([]byte, 16) }),
				pbSpan(func(s *tracev1.Span) { s.SpanId = nil }),
				pbSpan(func(s *tracev1.Span) { s.SpanId = make([]byte, 8) }),
				pbSpan(func(s *tracev1.Span) { s.ParentSpanId = []byte{1, 2, 3, 4, 5} }),
				pbSpan(func(s *tracev1.Span) {
					s.EndTimeUnixNano = s.StartTimeUnixNano - 1
					s.Attributes = []*commonv1.KeyValue{pbKV("db.statement", "dropped with its span")}
				}),
				pbSpan(func(s *tracev1.Span) { s.SpanId = pbSID(3) }),
			),
			want: []trace.Span{pbWant(func(s *trace.Span) { s.SpanID = xSID(3) })},
			drops: []drop{
				{DropInvalidTraceID, "span has no trace ID"},
				{DropInvalidTraceID, "trace ID is 12 bytes, expected 16"},
				{DropInvalidTraceID, "trace ID is all zero"},
				{DropInvalidSpanID, "span has no span ID"},
				{DropInvalidSpanID, "span ID is all zero"},
				{DropInvalidSpanID, "parent span ID is 5 bytes, expected 8"},
				{DropEndBeforeStart, "span 0000000000000002 ends at 1699999999999999999 ns, before its start at 1700000000000000000 ns"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newOTLPProtoDecoder(xfEnv("db.statement", "i", "b", "d", "arr", "bytes", "empty"))
			var b batch
			if err := d.decode(pbMarshal(t, tt.msg), &b); err != nil {
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

// Hand-built wire bytes, for what proto.Marshal never writes.
func pbTag(num protowire.Number, typ protowire.Type) []byte {
	return protowire.AppendTag(nil, num, typ)
}

func pbLen(num protowire.Number, parts ...[]byte) []byte {
	var body []byte
	for _, p := range parts {
		body = append(body, p...)
	}
	return protowire.AppendBytes(pbTag(num, protowire.BytesType), body)
}

func pbFixed64(num protowire.Number, v uint64) []byte {
	return protowire.AppendFixed64(pbTag(num, protowire.Fixed64Type), v)
}

func pbVarint(num protowire.Number, v uint64) []byte {
	return protowire.AppendVarint(pbTag(num, protowire.VarintType), v)
}

func pbCat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// TestOTLPProtoWireOrder covers what generated code never writes but the
// wire format allows: the resource after the spans, the legacy
// instrumentation_library_spans, fields out of order and unknown fields.
func TestOTLPProtoWireOrder(t *testing.T) {
	span := pbLen(2, // ScopeSpans.spans
		pbVarint(99, 7), // unknown field
		pbFixed64(8, pbT0+5e6), pbFixed64(7, pbT0),
		pbLen(5, []byte("GET /x")), pbVarint(6, 2),
		pbLen(4, pbSID(1)), pbLen(2, pbSID(2)), pbLen(1, pbTID(1)),
		pbLen(11, pbLen(2, []byte("event, skipped"))),
		pbLen(9, pbLen(2, pbLen(1, []byte("v"))), pbLen(1, []byte("db.statement"))), // value before key
	)
	res := pbLen(1, pbLen(1, pbLen(1, []byte("service.name")), pbLen(2, pbLen(1, []byte("api")))))
	rec := pbCat(
		pbLen(1, pbLen(2, span), res),    // resource after scope_spans
		pbLen(1, res, pbLen(1000, span)), // legacy instrumentation_library_spans
	)
	d := newOTLPProtoDecoder(xfEnv("db.statement"))
	var b batch
	if err := d.decode(rec, &b); err != nil {
		t.Fatal(err)
	}
	w := pbWant(func(s *trace.Span) { s.Attrs = xfAttrs("db.statement", "v") })
	if diff := cmp.Diff([]trace.Span{w, w}, b.spans); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}
}

func TestOTLPProtoMalformed(t *testing.T) {
	// A Span at byte 6: TracesData{1: ResourceSpans{2: ScopeSpans{2: Span}}}.
	inSpan := func(span ...[]byte) []byte { return pbLen(1, pbLen(2, pbLen(2, span...))) }
	tests := []struct {
		name string
		rec  []byte
		want string
	}{
		{"bad tag", []byte{0x00}, "TracesData: expected a field tag, found invalid field number at byte 0 of the record"},
		{"truncated length", []byte{0x0a, 0x05, 0x01}, "TracesData field 1: expected a bytes value, found truncated data at byte 1 of the record"},
		{"truncated varint", []byte{0x10, 0x80}, "TracesData field 2: expected a varint value, found truncated data at byte 1 of the record"},
		{"truncated fixed64", inSpan([]byte{0x39, 1, 2}), "Span field 7: expected a fixed64 value, found truncated data at byte 7 of the record"},
		{"wrong type for resource_spans", []byte{0x08, 0x01}, "TracesData.resource_spans (field 1): expected wire type bytes, found varint at byte 0 of the record"},
		{"wrong type for start", inSpan(pbLen(7)), "Span.start_time_unix_nano (field 7): expected wire type fixed64, found bytes at byte 6 of the record"},
		{"wrong type for kind", inSpan(pbFixed64(6, 1)), "Span.kind (field 6): expected wire type varint, found fixed64 at byte 6 of the record"},
		{"group", inSpan(pbTag(3, protowire.StartGroupType)), "Span field 3: expected wire type varint, fixed64, bytes or fixed32, found start-group at byte 6 of the record"},
		{"bad attribute", inSpan(pbLen(9, pbVarint(1, 1))), "KeyValue.key (field 1): expected wire type bytes, found varint at byte 8 of the record"},
		{"bad status", inSpan(pbLen(15, pbLen(3))), "Status.code (field 3): expected wire type varint, found bytes at byte 8 of the record"},
		{"bad link", inSpan(pbLen(13, pbVarint(2, 1))), "Span.Link.span_id (field 2): expected wire type bytes, found varint at byte 8 of the record"},
		{"bad resource", pbLen(1, pbLen(1, pbLen(1, bytes.Repeat([]byte{0xff}, 10)))), "KeyValue: expected a field tag, found variable length integer overflow at byte 6 of the record"},
		{"text", []byte("hello"), "TracesData field 13: expected wire type varint, fixed64, bytes or fixed32, found end-group at byte 2 of the record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b batch
			err := newOTLPProtoDecoder(xfEnv()).decode(tt.rec, &b)
			var de *decodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *decodeError", err)
			}
			if de.reason != ReasonMalformedProtobuf || de.Error() != tt.want {
				t.Errorf("got %s: %q\nwant %s: %q", de.reason, de.Error(), ReasonMalformedProtobuf, tt.want)
			}
		})
	}
}

// TestOTLPProtoReuse checks that a decoder keeps nothing of a failed record:
// the half-read span's attributes must not leak into the next one.
func TestOTLPProtoReuse(t *testing.T) {
	d := newOTLPProtoDecoder(xfEnv("db.statement"))
	bad := pbLen(1, pbLen(2, pbLen(2, pbLen(9, pbLen(1, []byte("db.statement")), pbLen(2, pbLen(1, []byte("x")))), pbLen(7))))
	var b batch
	if err := d.decode(bad, &b); err == nil {
		t.Fatal("want an error")
	}
	b = batch{}
	if err := d.decode(pbMarshal(t, pbTraces(pbAPIRes, pbSpan(nil))), &b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]trace.Span{pbWant(nil)}, b.spans); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}
}
