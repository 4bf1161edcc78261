package dumpedit

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
	"time"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// span is a compact prototype: trace number, span number, start and end
// in milliseconds.
type span struct {
	trace, id  byte
	start, end uint64
}

func resource(host string, spans ...span) *tracepb.ResourceSpans {
	rs := &tracepb.ResourceSpans{Resource: &resourcepb.Resource{Attributes: []*commonpb.KeyValue{
		{Key: "host.name", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: host}}},
	}}}
	ss := &tracepb.ScopeSpans{}
	for _, s := range spans {
		tid := make([]byte, 16)
		tid[15] = s.trace
		sp := &tracepb.Span{TraceId: tid, SpanId: []byte{0, 0, 0, 0, 0, 0, 0, s.id}, Name: "s",
			StartTimeUnixNano: s.start * 1e6, EndTimeUnixNano: s.end * 1e6,
			Events: []*tracepb.Span_Event{{Name: "e", TimeUnixNano: s.start * 1e6}}}
		ss.Spans = append(ss.Spans, sp)
	}
	rs.ScopeSpans = []*tracepb.ScopeSpans{ss}
	return rs
}

func writeDump(t *testing.T, reqs ...*coltrace.ExportTraceServiceRequest) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.jsonl")
	var b []byte
	for _, r := range reqs {
		line, err := protojson.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b = append(append(b, line...), '\n')
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readDump(t *testing.T, p string) []*coltrace.ExportTraceServiceRequest {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var res []*coltrace.ExportTraceServiceRequest
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		r := &coltrace.ExportTraceServiceRequest{}
		if err := protojson.Unmarshal(sc.Bytes(), r); err != nil {
			t.Fatal(err)
		}
		res = append(res, r)
	}
	return res
}

func TestShiftHost(t *testing.T) {
	in := writeDump(t, &coltrace.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{
		resource("host-a", span{1, 1, 100, 110}),
		resource("host-b", span{1, 2, 102, 108}),
	}})
	for _, tc := range []struct {
		d     time.Duration
		start uint64 // host-b's span, ms
	}{{40 * time.Millisecond, 142}, {-60 * time.Millisecond, 42}, {0, 102}} {
		out := filepath.Join(t.TempDir(), "out.jsonl")
		if err := ShiftHost(in, out, "host-b", tc.d); err != nil {
			t.Fatal(err)
		}
		got := readDump(t, out)[0].ResourceSpans
		a, b := got[0].ScopeSpans[0].Spans[0], got[1].ScopeSpans[0].Spans[0]
		if a.StartTimeUnixNano != 100e6 || a.EndTimeUnixNano != 110e6 {
			t.Errorf("%v: host-a moved to %d–%d", tc.d, a.StartTimeUnixNano, a.EndTimeUnixNano)
		}
		if b.StartTimeUnixNano != tc.start*1e6 || b.EndTimeUnixNano != (tc.start+6)*1e6 || b.Events[0].TimeUnixNano != tc.start*1e6 {
			t.Errorf("%v: host-b at %d–%d, event %d; want start %d ms", tc.d, b.StartTimeUnixNano, b.EndTimeUnixNano, b.Events[0].TimeUnixNano, tc.start)
		}
	}
}

func TestHeadSampleDropsWholeTraces(t *testing.T) {
	var a, b []span
	for i := byte(1); i <= 100; i++ {
		a = append(a, span{i, 1, 100, 110})
		b = append(b, span{i, 2, 101, 109})
	}
	in := writeDump(t,
		&coltrace.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{resource("host-a", a...)}},
		&coltrace.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{resource("host-b", b...)}})
	out := filepath.Join(t.TempDir(), "out.jsonl")
	dropped, err := HeadSample(in, out, 7, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	if len(dropped) < 10 || len(dropped) > 30 {
		t.Fatalf("dropped %d of 100 traces at rate 0.8", len(dropped))
	}
	kept := map[byte]int{}
	for _, r := range readDump(t, out) {
		for _, rs := range r.ResourceSpans {
			for _, sp := range rs.ScopeSpans[0].Spans {
				kept[sp.TraceId[15]]++
			}
		}
	}
	for id, n := range kept {
		if n != 2 {
			t.Errorf("trace %d: %d of its 2 spans kept", id, n)
		}
	}
	if len(kept)+len(dropped) != 100 {
		t.Errorf("%d kept + %d dropped != 100", len(kept), len(dropped))
	}
	for id, n := range dropped {
		if n != 2 {
			t.Errorf("trace %s: %d spans dropped, want 2", id, n)
		}
	}
	again := filepath.Join(t.TempDir(), "again.jsonl")
	if d2, _ := HeadSample(in, again, 7, 0.8); len(d2) != len(dropped) {
		t.Errorf("same seed dropped %d, then %d traces", len(dropped), len(d2))
	}
}
