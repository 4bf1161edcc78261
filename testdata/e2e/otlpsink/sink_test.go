package otlpsink

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// TestSinkWritesThreeCopies exports spans through the real OTLP/HTTP
// exporter (gzip on, to cover that path) and checks that the three files
// hold the same requests.
func TestSinkWritesThreeCopies(t *testing.T) {
	ctx := context.Background()
	s, err := Start(PathsIn(t.TempDir(), "t"))
	if err != nil {
		t.Fatal(err)
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpoint(s.Endpoint()), otlptracehttp.WithInsecure(),
		otlptracehttp.WithCompression(otlptracehttp.GzipCompression))
	if err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	tr := tp.Tracer("test")
	pctx, producer := tr.Start(ctx, "send jobs", trace.WithSpanKind(trace.SpanKindProducer))
	_, child := tr.Start(pctx, "lpush", trace.WithSpanKind(trace.SpanKindClient))
	child.End()
	producer.End()
	_, consumer := tr.Start(ctx, "process jobs", trace.WithSpanKind(trace.SpanKindConsumer), trace.WithNewRoot(),
		trace.WithLinks(trace.Link{SpanContext: producer.SpanContext(), Attributes: []attribute.KeyValue{attribute.Int("n", 1)}}))
	consumer.End()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.Close(cctx); err != nil {
		t.Fatal(err)
	}
	if _, spans := s.Counts(); spans != 3 {
		t.Fatalf("sink counted %d spans, want 3", spans)
	}
	fromJSON := readJSONLines(t, s.Paths().JSON)
	fromProto := readFrames(t, s.Paths().Proto)
	if len(fromJSON) != len(fromProto) || len(fromJSON) == 0 {
		t.Fatalf("%d JSON lines, %d frames", len(fromJSON), len(fromProto))
	}
	for i := range fromJSON {
		if !proto.Equal(fromJSON[i], fromProto[i]) {
			t.Fatalf("record %d differs between JSON and protobuf", i)
		}
	}
	checkHexCopy(t, s.Paths().HexJSON, fromProto)
}

func readJSONLines(t *testing.T, path string) []*coltrace.ExportTraceServiceRequest {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var res []*coltrace.ExportTraceServiceRequest
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		req := &coltrace.ExportTraceServiceRequest{}
		if err := protojson.Unmarshal(sc.Bytes(), req); err != nil {
			t.Fatal(err)
		}
		res = append(res, req)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return res
}

func readFrames(t *testing.T, path string) []*coltrace.ExportTraceServiceRequest {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var res []*coltrace.ExportTraceServiceRequest
	r := bytes.NewReader(b)
	for {
		var n uint32
		if err := binary.Read(r, binary.BigEndian, &n); err == io.EOF {
			return res
		} else if err != nil {
			t.Fatal(err)
		}
		rec := make([]byte, n)
		if _, err := io.ReadFull(r, rec); err != nil {
			t.Fatal(err)
		}
		req := &coltrace.ExportTraceServiceRequest{}
		if err := proto.Unmarshal(rec, req); err != nil {
			t.Fatal(err)
		}
		res = append(res, req)
	}
}

// hexSpan is the part of a Collector-style span this test checks.
type hexSpan struct {
	TraceID      string `json:"traceId"`
	SpanID       string `json:"spanId"`
	ParentSpanID string `json:"parentSpanId"`
	Kind         int    `json:"kind"`
	Links        []struct {
		TraceID string `json:"traceId"`
		SpanID  string `json:"spanId"`
	} `json:"links"`
}

func checkHexCopy(t *testing.T, path string, want []*coltrace.ExportTraceServiceRequest) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
	if len(lines) != len(want) {
		t.Fatalf("%d hex lines, want %d", len(lines), len(want))
	}
	for i, line := range lines {
		var doc struct {
			ResourceSpans []struct {
				ScopeSpans []struct {
					Spans []hexSpan `json:"spans"`
				} `json:"scopeSpans"`
			} `json:"resourceSpans"`
		}
		if err := json.Unmarshal(line, &doc); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		for r, rs := range want[i].GetResourceSpans() {
			for s, ss := range rs.GetScopeSpans() {
				for k, sp := range ss.GetSpans() {
					compareHexSpan(t, doc.ResourceSpans[r].ScopeSpans[s].Spans[k], sp)
				}
			}
		}
	}
}

func compareHexSpan(t *testing.T, got hexSpan, want interface {
	GetTraceId() []byte
	GetSpanId() []byte
	GetParentSpanId() []byte
}) {
	t.Helper()
	if got.TraceID != hex.EncodeToString(want.GetTraceId()) || got.SpanID != hex.EncodeToString(want.GetSpanId()) ||
		got.ParentSpanID != hex.EncodeToString(want.GetParentSpanId()) {
		t.Fatalf("hex IDs %s/%s/%s do not match the protobuf copy", got.TraceID, got.SpanID, got.ParentSpanID)
	}
	if got.Kind == 0 {
		t.Fatalf("span %s: kind not written as a number", got.SpanID)
	}
	for _, l := range got.Links {
		if len(l.TraceID) != 32 || len(l.SpanID) != 16 {
			t.Fatalf("link IDs not hex: %+v", l)
		}
	}
}

func TestCollectorJSONRewritesIDsKindsAndStatus(t *testing.T) {
	in := `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"AAECAwQFBgcICQoLDA0ODw==","spanId":"AAECAwQFBgc=",` +
		`"parentSpanId":"","kind":"SPAN_KIND_CONSUMER","status":{"code":"STATUS_CODE_ERROR"},` +
		`"links":[{"traceId":"AAECAwQFBgcICQoLDA0ODw==","spanId":"AQIDBAUGBwg="}],"startTimeUnixNano":"17"}]}]}]}`
	want := `{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":5,"links":[{"spanId":"0102030405060708",` +
		`"traceId":"000102030405060708090a0b0c0d0e0f"}],"parentSpanId":"","spanId":"0001020304050607",` +
		`"startTimeUnixNano":"17","status":{"code":2},"traceId":"000102030405060708090a0b0c0d0e0f"}]}]}]}`
	got, err := CollectorJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if _, err := CollectorJSON([]byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"!!"}]}]}]}`)); err == nil {
		t.Fatal("an ID that is not base64 was accepted")
	}
}
