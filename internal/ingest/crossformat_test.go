package ingest

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	tracev1 "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/trace"
)

// The same two traces, written in each format by hand
// (testdata/ingest/xformat), decode to the same spans, up to what each
// format can carry. A request trace: frontend (host web-1) SERVER → CLIENT
// → api (host api-1) SERVER with a Redis GET, a Kafka PRODUCER, an
// INTERNAL span and a failed SQL query; a job trace: a worker
// (host.id i-0worker1) CONSUMER linked to that PRODUCER, with a Redis SET
// and an INTERNAL span. Times have sub-microsecond digits, which Jaeger and
// Zipkin lose.
//
// Jaeger and Zipkin are written the way the OpenTelemetry Collector's
// exporters write them: kind, status and resource attributes as tags
// (span.kind, otel.status_code, error, host.name, ...), links as
// FOLLOWS_FROM references (Jaeger) or otlp.link.N tags (Zipkin). So the
// only difference left is time precision.

// xfWant is the request and job traces as the OTLP JSON file states them.
var xfWant = []string{
	`0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331 parent=0000000000000000 server ok frontend@web-1 1700000000000123456..1700000000050987654 http.request.method="GET" http.route="/profile" enduser.id="u-42" http.response.status_code="200"`,
	`0af7651916cd43dd8448eb211c80319c/00f067aa0ba902b7 parent=b7ad6b7169203331 client unset frontend@web-1 1700000000001000500..1700000000040000999 http.request.method="GET" url.path="/api/profile"`,
	`0af7651916cd43dd8448eb211c80319c/53995c3f42cd8ad8 parent=00f067aa0ba902b7 server unset api@api-1 1700000000002500000..1700000000039000001 http.route="/api/profile" enduser.id="u-42"`,
	`0af7651916cd43dd8448eb211c80319c/0020000000000001 parent=53995c3f42cd8ad8 client unset api@api-1 1700000000003000000..1700000000003800000 db.system="redis" db.statement="GET user:42:profile" app.cached="true"`,
	`0af7651916cd43dd8448eb211c80319c/0020000000000002 parent=53995c3f42cd8ad8 producer unset api@api-1 1700000000005000000..1700000000006000000 messaging.system="kafka" messaging.destination.name="profile-refresh" messaging.operation.type="publish" messaging.message.id="m-1"`,
	`0af7651916cd43dd8448eb211c80319c/0020000000000003 parent=53995c3f42cd8ad8 internal unset api@api-1 1700000000007000010..1700000000007500020`,
	`0af7651916cd43dd8448eb211c80319c/0020000000000004 parent=53995c3f42cd8ad8 client error api@api-1 1700000000008000000..1700000000012000000 db.system="postgresql" db.statement="SELECT * FROM users WHERE id = $1"`,
	`5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174 parent=0000000000000000 consumer unset worker@i-0worker1 1700000000020000000..1700000000030000000 link=0af7651916cd43dd8448eb211c80319c/0020000000000002 messaging.system="kafka" messaging.destination.name="profile-refresh" messaging.operation.type="process" messaging.message.id="m-1"`,
	`5b8efff798038103d269b633813fc60c/eee19b7ec3c1b175 parent=eee19b7ec3c1b174 client unset worker@i-0worker1 1700000000021000000..1700000000022000000 db.system="redis" db.statement="SET user:42:profile v2"`,
	`5b8efff798038103d269b633813fc60c/eee19b7ec3c1b176 parent=eee19b7ec3c1b174 internal unset worker@i-0worker1 1700000000022500000..1700000000029000000 app.ratio="0.25"`,
}

func xfKeep() decoderEnv {
	return xfEnv(append(slices.Clone(config.SemconvAttributes), "app.cached", "app.ratio")...)
}

func xfFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ingest", "xformat", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCrossFormat(t *testing.T) {
	otlpJSON := xfFile(t, "traces.otlp.json")
	ref := xfDecodeOK(t, newOTLPJSONDecoder(xfKeep()), [][]byte{otlpJSON})
	if diff := gocmp.Diff(xfWant, xfSummaries(ref)); diff != "" {
		t.Fatalf("OTLP JSON (-want +got):\n%s", diff)
	}
	micros := xfNormal(ref, true)
	tests := []struct {
		name string
		dec  recordDecoder
		recs [][]byte
		want []trace.Span
	}{
		{"otlp-proto", newOTLPProtoDecoder(xfKeep()), [][]byte{xfProtoFromJSON(t, otlpJSON)}, xfNormal(ref, false)},
		{"jaeger", newJaegerDecoder(xfKeep()), xfElements(t, xfFile(t, "traces.jaeger.json"), "data"), micros},
		{"jaeger whole document", newJaegerDecoder(xfKeep()), [][]byte{xfFile(t, "traces.jaeger.json")}, micros},
		{"zipkin", newZipkinDecoder(xfKeep()), xfElements(t, xfFile(t, "traces.zipkin.json"), ""), micros},
		{"zipkin whole array", newZipkinDecoder(xfKeep()), [][]byte{xfFile(t, "traces.zipkin.json")}, micros},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := xfNormal(xfDecodeOK(t, tt.dec, tt.recs), false)
			if diff := gocmp.Diff(xfSummaries(tt.want), xfSummaries(got)); diff != "" {
				t.Errorf("spans (-OTLP JSON +%s):\n%s", tt.name, diff)
			}
		})
	}
}

func xfDecodeOK(t testing.TB, dec recordDecoder, recs [][]byte) []trace.Span {
	t.Helper()
	b, errs := xfDecodeAll(dec, recs)
	if len(errs) > 0 || len(b.drops) > 0 {
		t.Fatalf("errors %v, drops %v", errs, b.drops)
	}
	return b.spans
}

// xfNormal copies spans into a comparable form: sorted by trace and span
// ID, attributes sorted by key (Zipkin tags are a map), and with micros
// set, times truncated to the microsecond as Jaeger and Zipkin write them.
func xfNormal(spans []trace.Span, micros bool) []trace.Span {
	out := make([]trace.Span, len(spans))
	for i, sp := range spans {
		sp.Attrs = slices.Clone(sp.Attrs)
		slices.SortStableFunc(sp.Attrs, func(a, b trace.Attr) int { return cmp.Compare(a.Key, b.Key) })
		if micros {
			sp.Start, sp.End = sp.Start/1000*1000, sp.End/1000*1000
		}
		out[i] = sp
	}
	slices.SortStableFunc(out, func(a, b trace.Span) int {
		return cmp.Or(bytes.Compare(a.TraceID[:], b.TraceID[:]), bytes.Compare(a.SpanID[:], b.SpanID[:]))
	})
	return out
}

// xfProtoFromJSON turns an OTLP JSON TracesData into protobuf bytes.
// protojson reads IDs as base64, as the proto3 JSON mapping says, while
// OTLP JSON writes them as hex: the IDs are converted first.
func xfProtoFromJSON(t testing.TB, doc []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	if err := xfHexIDsToBase64(v); err != nil {
		t.Fatal(err)
	}
	b64, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var td tracev1.TracesData
	if err := protojson.Unmarshal(b64, &td); err != nil {
		t.Fatal(err)
	}
	return pbMarshal(t, &td)
}

// xfHexIDsToBase64 rewrites every traceId, spanId and parentSpanId string
// in a decoded JSON value, walking it with an explicit stack.
func xfHexIDsToBase64(root any) error {
	stack := []any{root}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch v := v.(type) {
		case []any:
			stack = append(stack, v...)
		case map[string]any:
			for k, e := range v {
				s, ok := e.(string)
				if !ok || (k != "traceId" && k != "spanId" && k != "parentSpanId") {
					stack = append(stack, e)
					continue
				}
				raw, err := hex.DecodeString(s)
				if err != nil {
					return err
				}
				v[k] = base64.StdEncoding.EncodeToString(raw)
			}
		}
	}
	return nil
}
