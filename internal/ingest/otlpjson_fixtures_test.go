package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/trace"
)

// The OTLP JSON decoder on real fixtures, and against protojson.

// fixtureKeep is the keep set of the fixture tests: the semconv defaults
// plus a few keys the upstream fixtures use.
func fixtureKeep() []string {
	return append(slices.Clone(config.SemconvAttributes), "my.span.attr", "net.peer.ip")
}

// spanLine summarises a span on one line for fixture expectations.
func spanLine(sp *trace.Span) string {
	parent := "-"
	if !sp.ParentID.IsZero() {
		parent = sp.ParentID.String()
	}
	var attrs, links []string
	for _, a := range sp.Attrs {
		attrs = append(attrs, a.Key+"="+a.Value)
	}
	for _, l := range sp.Links {
		links = append(links, l.TraceID.String()+"/"+l.SpanID.String())
	}
	return fmt.Sprintf("%s/%s parent=%s %s %s svc=%s host=%s name=%q t=%d..%d attrs=[%s] links=[%s]",
		sp.TraceID, sp.SpanID, parent, sp.Kind, sp.Status, sp.Service, sp.Host, sp.Name, sp.Start, sp.End,
		strings.Join(attrs, " "), strings.Join(links, " "))
}

// TestOTLPJSONFixtures decodes every upstream OTLP JSON and Tempo fixture
// and every hand-made one (a .jsonl file line by line), and checks each
// span and drop. A fixture without an expectation fails the test.
func TestOTLPJSONFixtures(t *testing.T) {
	protoExample := []string{`5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174 parent=eee19b7ec3c1b173 server unset svc=my.service host=my.service name="I'm a server span" t=1544712660000000000..1544712661000000000 attrs=[my.span.attr=some value] links=[]`}
	multi := []string{
		`c620759e5d60fafb8ee0922b30e06bc6/26f5ef9dbb885479 parent=49b8e9efa1e8a3b1 internal unset svc=example-trace host=example-trace name="ohboy.do" t=1711138246978000000..1711138247024460625 attrs=[] links=[]`,
		`c620759e5d60fafb8ee0922b30e06bc6/e76628f4e6dde174 parent=49b8e9efa1e8a3b1 internal unset svc=example-trace host=example-trace name="ohboy.do" t=1711138247025000000..1711138247096355250 attrs=[] links=[]`,
		`c620759e5d60fafb8ee0922b30e06bc6/49b8e9efa1e8a3b1 parent=eff3153be6b1fb93 internal unset svc=example-trace host=example-trace name="info" t=1711138246943000000..1711138247116150875 attrs=[] links=[]`,
		`c620759e5d60fafb8ee0922b30e06bc6/eff3153be6b1fb93 parent=- internal unset svc=example-trace host=example-trace name="main" t=1711138246940000000..1711138247116321958 attrs=[] links=[]`,
	}
	telemetrygen := `83a9efd15c1c98a977e0711cc93ee28b/e127af99e3b3e074 parent=909541b92cf05311 server unset svc=telemetrygen host=telemetrygen name="okey-dokey-0" t=1706678909209712000..1706678909209835000 attrs=[net.peer.ip=1.2.3.4] links=[]`
	const noTraceID = "invalid-trace-id: no trace ID"
	tests := map[string]struct {
		records int
		spans   []string
		drops   []string // reason: detail
	}{
		"fixtures/otlp/otel-proto-examples-trace.json":               {1, protoExample, nil},
		"fixtures/tempo/tempopb-trace-batches.json":                  {1, protoExample, nil},
		"fixtures/otlp/jaeger-ui-otlp2jaeger-in.json":                {1, []string{telemetrygen, telemetrygen}, nil},
		"fixtures/otlp/jaeger-ui-otlp2jaeger-multi-in.jsonl":         {4, multi, nil},
		"fixtures/otlp/jaeger-ui-otlp2jaeger-multi-in-combined.json": {1, multi, nil},
		"fixtures/otlp/jaeger-apiv3-GetTrace.json": {1, []string{
			`00000000000000000000000000000001/0000000000000002 parent=- server error svc=unknown_service host=unknown_service name="foobar" t=0..0 attrs=[] links=[]`,
		}, nil},
		// Every span of the specification's example has an empty trace ID.
		"fixtures/otlp/otel-spec-file-exporter-traces.jsonl": {4, nil, slices.Repeat([]string{noTraceID}, 8)},
		"ingest/otlpjson/snake-case.json": {1, []string{
			`0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331 parent=- server ok svc=checkout host=node-7 name="POST /checkout" t=1700000000000000000..1700000000250000000 attrs=[http.request.method=POST http.route=/checkout http.response.status_code=201] links=[]`,
			`0af7651916cd43dd8448eb211c80319c/00f067aa0ba902b7 parent=b7ad6b7169203331 client error svc=checkout host=node-7 name="SET cart" t=1700000000100000000..1700000000120000000 attrs=[db.system=redis db.statement=SET cart:42 {"items":3} cache.hit=false] links=[4bf92f3577b34da6a3ce929d0e0e4736/53995c3f42cd8ad8]`,
		}, nil},
		"ingest/otlpjson/grafana-batches.json": {1, []string{
			`5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174 parent=eee19b7ec3c1b173 server unset svc=frontend host=i-0abc123 name="HTTP GET /" t=1544712660000000000..1544712661000000000 attrs=[http.method=GET http.status_code=200] links=[]`,
		}, nil},
		"ingest/otlpjson/collector.jsonl": {3, []string{
			`4bf92f3577b34da6a3ce929d0e0e4736/00f067aa0ba902b7 parent=- server unset svc=api host=api-7d9f-x1 name="GET /profile/{id}" t=1700000000000000000..1700000000050000000 attrs=[http.request.method=GET http.route=/profile/{id} enduser.id=u-42] links=[]`,
			`4bf92f3577b34da6a3ce929d0e0e4736/53995c3f42cd8ad8 parent=00f067aa0ba902b7 producer unset svc=api host=api-7d9f-x1 name="orders publish" t=1700000000020000000..1700000000021000000 attrs=[messaging.system=kafka messaging.destination.name=orders messaging.operation.type=publish] links=[]`,
			`0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331 parent=- consumer error svc=worker host=worker-host-2 name="orders process" t=1700000000030000000..1700000000090000000 attrs=[messaging.operation.type=process] links=[4bf92f3577b34da6a3ce929d0e0e4736/53995c3f42cd8ad8]`,
			`0af7651916cd43dd8448eb211c80319c/b7ad6b7169203332 parent=b7ad6b7169203331 client ok svc=café 🚀 host=café 🚀 name="line1\nline2\t\"quoted\" /slash\\" t=1700000000040000000..1700000000041000000 attrs=[db.system=redis db.statement=GET user:é:profile] links=[]`,
			`0af7651916cd43dd8448eb211c80319c/b7ad6b7169203333 parent=b7ad6b7169203331 internal unset svc=billing host=i-123 name="charge" t=1700000000050000000..1700000000060000000 attrs=[db.system.name=postgresql db.collection.name=invoices http.response.status_code=500 cache.hit=true] links=[]`,
		}, nil},
		"ingest/otlpjson/drops.json": {1, []string{
			`4bf92f3577b34da6a3ce929d0e0e4736/00f067aa0ba902b7 parent=- unspecified unset svc=drops host=drops name="kept: all-zero parent is no parent" t=10..20 attrs=[] links=[]`,
			`4bf92f3577b34da6a3ce929d0e0e4736/00f067aa0ba902ba parent=- unspecified unset svc=drops host=drops name="kept: base64 zero parent, bad links ignored" t=0..0 attrs=[] links=[]`,
		}, []string{
			noTraceID,
			noTraceID,
			`invalid-trace-id: trace ID "4bf92f3577b34da6a3ce929d0e0e473" is not 32 hex digits or base64 of 16 bytes`,
			`invalid-trace-id: trace ID "00000000000000000000000000000000" is all zeros`,
			`invalid-trace-id: trace ID "AAAAAAAAAAAAAAAAAAAAAA==" is all zeros`,
			`invalid-span-id: no span ID`,
			`invalid-span-id: span ID "0000000000000000" is all zeros`,
			`invalid-span-id: span ID "00f067aa0ba902" is not 16 hex digits or base64 of 8 bytes`,
			`invalid-span-id: parent span ID "not an id" is not 16 hex digits or base64 of 8 bytes`,
			`end-before-start: end time 10 is before start time 20`,
		}},
	}
	seen := 0
	for _, path := range otlpJSONFixtures(t) {
		name, _ := filepath.Rel(filepath.Join("..", "..", "testdata"), path)
		name = filepath.ToSlash(name)
		t.Run(name, func(t *testing.T) {
			want, ok := tests[name]
			if !ok {
				t.Fatalf("no expectation for fixture %s", name)
			}
			seen++
			d := newTestOTLPJSON(fixtureKeep()...)
			recs := fixtureRecords(t, path)
			var b batch
			for i, rec := range recs {
				if err := d.decode(rec, &b); err != nil {
					t.Fatalf("record %d: %v", i+1, err)
				}
			}
			var spans, drops []string
			for i := range b.spans {
				spans = append(spans, spanLine(&b.spans[i]))
			}
			for _, dr := range b.drops {
				drops = append(drops, dr.reason+": "+dr.detail)
			}
			if len(recs) != want.records {
				t.Errorf("%d records, want %d", len(recs), want.records)
			}
			if diff := cmp.Diff(want.spans, spans); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want.drops, drops); diff != "" {
				t.Errorf("drops (-want +got):\n%s", diff)
			}
		})
	}
	if seen != len(tests) {
		t.Errorf("decoded %d fixtures, have expectations for %d", seen, len(tests))
	}
}

// otlpJSONFixtures lists the OTLP JSON fixture files: the upstream copies
// and the hand-made ones.
func otlpJSONFixtures(t testing.TB) []string {
	var paths []string
	for _, dir := range []string{"fixtures/otlp", "fixtures/tempo", "ingest/otlpjson"} {
		entries, err := os.ReadDir(filepath.Join("..", "..", "testdata", dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if ext := filepath.Ext(e.Name()); ext == ".json" || ext == ".jsonl" {
				paths = append(paths, filepath.Join("..", "..", "testdata", dir, e.Name()))
			}
		}
	}
	return paths
}

// fixtureRecords reads a fixture as records: a .jsonl file by line (line
// ends stripped of '\n' only), anything else whole.
func fixtureRecords(t testing.TB, path string) [][]byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Ext(path) != ".jsonl" {
		return [][]byte{data}
	}
	var recs [][]byte
	for line := range bytes.Lines(data) {
		recs = append(recs, bytes.TrimSuffix(line, []byte("\n")))
	}
	return recs
}

// TestOTLPJSONMatchesProtojson compares the decoder with protojson, the
// reference OTLP JSON reader, on the fields raceline keeps. The records
// use base64 IDs: protojson reads an ID as base64 whatever it looks like.
func TestOTLPJSONMatchesProtojson(t *testing.T) {
	keep := fixtureKeep()
	span := func(id, members string) string {
		return `{"traceId":"` + tidB64 + `","spanId":"` + id + `","parentSpanId":"` + pidB64 + `"` + members + `}`
	}
	recs := map[string][]byte{
		"snake-case.json": fixtureRecords(t, filepath.Join("..", "..", "testdata", "ingest", "otlpjson", "snake-case.json"))[0],
		"generated":       genOTLPRecord(otlpGenOptions{services: 3, spansPerService: 40, base64IDs: true, seed: 2}),
		"values and escapes": []byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[` +
			span("AAAAAAAAAAE=", `,"name":"caf\u00e9 \ud83d\ude80 \"q\"","kind":"SPAN_KIND_CONSUMER","startTimeUnixNano":5,"endTimeUnixNano":"6",`+
				`"attributes":[{"value":{"doubleValue":"NaN"},"key":"cache.hit"},{"key":"db.statement","value":{"doubleValue":"-Infinity"}},`+
				`{"key":"db.system","value":{"intValue":-12}},{"key":"http.route","value":{"stringValue":"\/a\tb"}},{"key":"url.path","value":{"doubleValue":"1e3"}}],`+
				`"status":{"code":"STATUS_CODE_ERROR"},"links":[{"traceId":"`+tidB64+`","spanId":"`+sidB64+`"}]`) + "," +
			span("AAAAAAAAAAI=", `,"kind":3,"status":{"code":1}`) +
			`]}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}},{"key":"service.instance.id","value":{"stringValue":"inst"}}]}}]}`),
	}
	for name, rec := range recs {
		t.Run(name, func(t *testing.T) {
			var td tracepb.TracesData
			if err := protojson.Unmarshal(rec, &td); err != nil {
				t.Fatalf("protojson: %v", err)
			}
			want := protoSpans(t, &td, trace.NewKeySet(keep...))
			if len(want) == 0 {
				t.Fatal("protojson read no spans")
			}
			b := decodeOK(t, newTestOTLPJSON(keep...), string(rec))
			if diff := cmp.Diff(want, b.spans, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("spans (-protojson +decoder):\n%s", diff)
			}
		})
	}
	t.Run("hex IDs, which protojson misreads", func(t *testing.T) {
		rec := filepath.Join("..", "..", "testdata", "fixtures", "otlp", "otel-proto-examples-trace.json")
		data := fixtureRecords(t, rec)[0]
		var td tracepb.TracesData
		if err := protojson.Unmarshal(data, &td); err != nil {
			t.Fatal(err)
		}
		if n := len(td.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId); n != 24 {
			t.Fatalf("protojson read the hex trace ID as %d bytes; this test expects its 24-byte misreading", n)
		}
		b := decodeOK(t, newTestOTLPJSON(), string(data))
		if got := b.spans[0].TraceID.String(); got != tidHex {
			t.Errorf("trace ID = %s, want %s", got, tidHex)
		}
	})
}

// protoSpans converts what protojson read into the spans the decoder should
// produce: an independent reading of the same rules.
func protoSpans(t *testing.T, td *tracepb.TracesData, keep trace.KeySet) []trace.Span {
	var out []trace.Span
	for _, rs := range td.ResourceSpans {
		var res trace.Resource
		for _, kv := range rs.GetResource().GetAttributes() {
			v, _ := protoValueText(kv.GetValue())
			switch kv.Key {
			case "service.name":
				res.Service = v
			case "host.id":
				res.HostID = v
			case "host.name":
				res.HostName = v
			case "service.instance.id":
				res.InstanceID = v
			}
		}
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				if len(s.TraceId) != 16 || len(s.SpanId) != 8 || len(s.ParentSpanId)%8 != 0 {
					t.Fatalf("the oracle records must have valid IDs: %x %x %x", s.TraceId, s.SpanId, s.ParentSpanId)
				}
				sp := trace.Span{
					TraceID: trace.TraceID(s.TraceId), SpanID: trace.SpanID(s.SpanId),
					Start: int64(s.StartTimeUnixNano), End: int64(s.EndTimeUnixNano),
					Kind: trace.Kind(s.Kind), Status: trace.Status(s.GetStatus().GetCode()),
					Service: res.ServiceName(), Host: res.Host(), Name: s.Name,
				}
				if len(s.ParentSpanId) > 0 {
					sp.ParentID = trace.SpanID(s.ParentSpanId)
				}
				for _, kv := range s.Attributes {
					if v, ok := protoValueText(kv.GetValue()); ok && keep.Has(kv.Key) {
						sp.Attrs = append(sp.Attrs, trace.Attr{Key: kv.Key, Value: v})
					}
				}
				for _, l := range s.Links {
					sp.Links = append(sp.Links, trace.Link{TraceID: trace.TraceID(l.TraceId), SpanID: trace.SpanID(l.SpanId)})
				}
				out = append(out, sp)
			}
		}
	}
	return out
}

func protoValueText(v *commonpb.AnyValue) (string, bool) {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return x.StringValue, true
	case *commonpb.AnyValue_IntValue:
		return strconv.FormatInt(x.IntValue, 10), true
	case *commonpb.AnyValue_BoolValue:
		return strconv.FormatBool(x.BoolValue), true
	case *commonpb.AnyValue_DoubleValue:
		return strconv.FormatFloat(x.DoubleValue, 'g', -1, 64), true
	}
	return "", false
}
