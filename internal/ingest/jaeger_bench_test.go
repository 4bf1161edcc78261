package ingest

import (
	"testing"

	"github.com/raceline/raceline/internal/config"
)

// go test ./internal/ingest -run '^$' -bench 'Jaeger|Zipkin' -benchmem
func BenchmarkJaegerDecode(b *testing.B) {
	recs := xfElements(b, xfFixture(b, "jaeger/jaeger-ui-oltp2jaeger-multi-out.json"), "data")
	recs = append(recs, xfElements(b, xfFile(b, "traces.jaeger.json"), "data")...)
	xfBenchRecords(b, newJaegerDecoder(xfEnv(config.SemconvAttributes...)), recs)
}

// xfBenchRecords decodes recs, one record at a time, per iteration.
func xfBenchRecords(b *testing.B, d recordDecoder, recs [][]byte) {
	n := 0
	for _, r := range recs {
		n += len(r)
	}
	var bt batch
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		bt.spans, bt.drops = bt.spans[:0], bt.drops[:0]
		for _, r := range recs {
			if err := d.decode(r, &bt); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(bt.spans)), "spans/op")
}
