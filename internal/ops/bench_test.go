package ops

import (
	"testing"

	"github.com/raceline/raceline/internal/stitch"
)

// BenchmarkDerive derives about a million ops from generated traffic
// (genStoreRounds: 20,000 requests of 10 rounds, and their jobs); the
// store is built and stitched before the timer starts. ns/derived-op is
// the cost of one op.
//
//	go test ./internal/ops -run '^$' -bench Derive -benchmem
func BenchmarkDerive(b *testing.B) {
	g := stitch.Stitch(genStoreRounds(20_000, 10, 1), stitch.Options{})
	var n int
	for _, t := range g.Trees {
		ops, _ := Derive(t, Options{})
		n += len(ops)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range g.Trees {
			Derive(t, Options{})
		}
	}
	b.ReportMetric(float64(n), "derived-ops")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/derived-op")
}
