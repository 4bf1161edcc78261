package bench

import (
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/raceline/raceline/internal/trace"
	"github.com/raceline/raceline/testdata/bench/gen"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// Ingest throughput against the Collector's own decoders, on one dump of
// about 100 MB (see dumps_test.go) in three formats. MB/s is of the file
// as stored; for gzip, raw-MB/s is of the JSONL inside. Run in this
// directory:
//
//	GOMAXPROCS=2 go test -run '^$' -bench . -benchtime 5x
//
// (GOMAXPROCS from the environment, not -cpu: with b.Loop the measurement
// runs before -cpu's first value is applied.)
//
// Each benchmark has a workers=1 and a workers=gomaxprocs case. raceline
// keeps every span in a Store; pdata decodes and discards (its best case).

func BenchmarkIngestOTLPJSON(b *testing.B)  { benchIngest(b, needDump(b)[gen.JSONL], 0) }
func BenchmarkIngestOTLPProto(b *testing.B) { benchIngest(b, needDump(b)[gen.ProtoFramed], 0) }

func BenchmarkIngestGzip(b *testing.B) {
	paths := needDump(b)
	benchIngest(b, paths[gen.JSONLGzip], fileSize(b, paths[gen.JSONL]))
}

func BenchmarkPdataJSON(b *testing.B)  { benchPdata(b, needDump(b)[gen.JSONL]) }
func BenchmarkPdataProto(b *testing.B) { benchPdata(b, needDump(b)[gen.ProtoFramed]) }

// eachWorkers runs f as sub-benchmarks workers=1 and workers=gomaxprocs.
// -cpu sets GOMAXPROCS only inside sub-benchmarks, so the count is read
// there; with GOMAXPROCS=1 the second case would repeat the first and is
// skipped.
func eachWorkers(b *testing.B, f func(b *testing.B, workers int)) {
	b.Run("workers=1", func(b *testing.B) { f(b, 1) })
	b.Run("workers=gomaxprocs", func(b *testing.B) {
		n := runtime.GOMAXPROCS(0)
		if n == 1 {
			b.Skip("GOMAXPROCS=1: the same as workers=1")
		}
		f(b, n)
	})
}

// benchIngest loads path into a fresh Store per iteration. raw, when not
// 0, is the decompressed size, reported as raw-MB/s.
func benchIngest(b *testing.B, path string, raw int64) {
	size := fileSize(b, path)
	eachWorkers(b, func(b *testing.B, w int) {
		b.SetBytes(size)
		b.ReportAllocs()
		spans := 0
		for b.Loop() {
			store := trace.NewStore()
			res := load(b, path, store, w)
			if res.SkippedCount() != 0 || store.Len() == 0 {
				b.Fatalf("skipped %d records, kept %d spans", res.SkippedCount(), store.Len())
			}
			spans = store.Len()
		}
		report(b, spans, raw)
	})
}

// benchPdata decodes path with pdata, record by record, over w workers.
func benchPdata(b *testing.B, path string) {
	size := fileSize(b, path)
	eachWorkers(b, func(b *testing.B, w int) {
		b.SetBytes(size)
		b.ReportAllocs()
		var spans atomic.Int64
		for b.Loop() {
			spans.Store(0)
			err := DecodePdata(path, w, func(td ptrace.Traces) { spans.Add(int64(td.SpanCount())) })
			if err != nil {
				b.Fatal(err)
			}
		}
		report(b, int(spans.Load()), 0)
	})
}

// report adds spans per second, comparable across formats, and for a
// compressed file the throughput of its content.
func report(b *testing.B, spans int, raw int64) {
	secs := b.Elapsed().Seconds()
	if secs == 0 {
		return
	}
	b.ReportMetric(float64(spans)*float64(b.N)/secs, "spans/s")
	if raw > 0 {
		b.ReportMetric(float64(raw)*float64(b.N)/1e6/secs, "raw-MB/s")
	}
}
