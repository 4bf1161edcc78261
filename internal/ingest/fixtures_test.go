package ingest

import (
	"fmt"
	"path/filepath"
	"testing"
)

// The real trace files of testdata/fixtures (copies of upstream files, see
// their README), each loaded through the whole pipeline as a user would.
func TestLoadRealFixtures(t *testing.T) {
	cases := []struct {
		file    string
		format  string
		records int64
		spans   int
		traces  int
		dropped string
	}{
		{"jaeger/jaeger-ui-oltp2jaeger-multi-out.json", "jaeger-json", 1, 4, 1, "map[]"},
		{"jaeger/jaeger-ui-otlp2jaeger-out.json", "jaeger-json", 1, 2, 1, "map[]"},
		{"jaeger/jaeger-uimodel-ui_01.json", "jaeger-json", 1, 5, 1, "map[]"},
		{"otlp/jaeger-apiv3-GetTrace.json", "otlp-json", 1, 1, 1, "map[]"},
		{"otlp/jaeger-ui-otlp2jaeger-in.json", "otlp-json", 1, 2, 1, "map[]"},
		{"otlp/jaeger-ui-otlp2jaeger-multi-in-combined.json", "otlp-json", 1, 4, 1, "map[]"},
		{"otlp/jaeger-ui-otlp2jaeger-multi-in.jsonl", "otlp-jsonl", 4, 4, 1, "map[]"},
		{"otlp/otel-proto-examples-trace.json", "otlp-json", 1, 1, 1, "map[]"},
		// The specification's file-exporter example: its IDs are empty.
		{"otlp/otel-spec-file-exporter-traces.jsonl", "otlp-jsonl", 4, 0, 0, "map[invalid-trace-id:8]"},
		{"tempo/tempopb-trace-batches.json", "otlp-json", 1, 1, 1, "map[]"},
		{"zipkin/ascend.json", "zipkin-json", 8, 8, 1, "map[]"},
		{"zipkin/messaging-kafka.json", "zipkin-json", 28, 28, 1, "map[]"},
		{"zipkin/messaging.json", "zipkin-json", 4, 4, 1, "map[]"},
		{"zipkin/simple-db-p6.json", "zipkin-json", 5, 5, 1, "map[]"},
		{"zipkin/skew.json", "zipkin-json", 4, 4, 1, "map[]"},
		{"zipkin/smartthings-mobile-web-install.json", "zipkin-json", 1041, 957, 1, "map[no-timestamp:84]"},
		{"zipkin/smartthings-oauth-authorization.json", "zipkin-json", 175, 175, 1, "map[]"},
		{"zipkin/yelp.json", "zipkin-json", 16, 16, 1, "map[]"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			got := load(t, Options{}, filepath.Join("../../testdata/fixtures", c.file))
			if got.err != nil || len(got.res.InputErrors) > 0 {
				t.Fatalf("err %v, input errors %v", got.err, got.res.InputErrors)
			}
			f := got.res.Files[0]
			if f.Format != c.format || f.Records != c.records || f.Parsed != c.records || got.res.SkippedCount() != 0 {
				t.Errorf("file %+v: want format %s, %d records all parsed", f, c.format, c.records)
			}
			if got.store.Len() != c.spans || got.store.NumTraces() != c.traces || fmt.Sprint(got.res.Dropped) != c.dropped {
				t.Errorf("%d spans in %d traces, dropped %v; want %d in %d, %s", got.store.Len(), got.store.NumTraces(), got.res.Dropped, c.spans, c.traces, c.dropped)
			}
		})
	}
}
