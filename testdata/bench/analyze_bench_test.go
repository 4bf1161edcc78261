package bench

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/raceline/raceline/testdata/bench/gen"
)

// The whole analysis (load → stitch → clock → ops → detect, as
// `raceline analyze -o json` runs it, without rendering) on the JSONL dump
// BenchmarkIngestOTLPJSON reads, so that analyze/ingest is one run; and
// how the analysis, and detection alone, scale with the dump's size. Every
// dump holds the race patterns, the hot key read by 2,000 requests among
// them (dumps_test.go). Run in this directory:
//
//	GOMAXPROCS=2 go test -run '^$' -bench 'Ingest(OTLPJSON)|Analyze|Detect' -benchtime 3x
//
// Each analysis reports the time of each step per op (load-ns/op …
// detect-ns/op) and the findings it kept, of every confidence.

func BenchmarkAnalyzeOTLPJSON(b *testing.B) {
	path := needDump(b)[gen.JSONL]
	eachWorkers(b, func(b *testing.B, w int) { benchAnalyze(b, path, w) })
}

// scales are the dump sizes of the scaling benchmarks, as multiples of
// the 1× dump: a quarter of RACELINE_BENCH_SIZE (25, 100 and 400 MB by
// default).
var scales = []int{1, 4, 16}

// BenchmarkAnalyzeScaling is the whole analysis on 1×, 4× and 16× the
// dump, with GOMAXPROCS workers.
func BenchmarkAnalyzeScaling(b *testing.B) {
	for _, s := range scales {
		b.Run(fmt.Sprintf("size=%dx", s), func(b *testing.B) {
			path := needSizedDump(b, float64(s)/4, []gen.Format{gen.JSONL})[gen.JSONL]
			benchAnalyze(b, path, runtime.GOMAXPROCS(0))
		})
	}
}

// BenchmarkDetectScaling is detection alone, on the operations derived
// once from 1×, 4× and 16× the dump. MB/s is of the dump's file.
func BenchmarkDetectScaling(b *testing.B) {
	for _, s := range scales {
		b.Run(fmt.Sprintf("size=%dx", s), func(b *testing.B) {
			path := needSizedDump(b, float64(s)/4, []gen.Format{gen.JSONL})[gen.JSONL]
			a := analyze(b, path, runtime.GOMAXPROCS(0))
			cfg := loadConfig(b)
			b.SetBytes(fileSize(b, path))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = len(detectAll(a.ops, a.clock, cfg).Findings)
			}
			b.ReportMetric(float64(n), "findings")
			b.ReportMetric(float64(countOps(a)), "ops")
		})
	}
}

// benchAnalyze runs the whole analysis of path with w workers per
// iteration.
func benchAnalyze(b *testing.B, path string, w int) {
	b.SetBytes(fileSize(b, path))
	b.ReportAllocs()
	var steps [len(stepNames)]time.Duration
	spans, findings := 0, 0
	for b.Loop() {
		a := analyze(b, path, w)
		for i, d := range a.steps {
			steps[i] += d
		}
		spans, findings = a.store.Len(), len(a.found.Findings)
	}
	report(b, spans, 0)
	for i, d := range steps {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), stepNames[i]+"-ns/op")
	}
	b.ReportMetric(float64(findings), "findings")
}

func countOps(a *analysis) int {
	n := 0
	for _, o := range a.ops {
		n += len(o)
	}
	return n
}
