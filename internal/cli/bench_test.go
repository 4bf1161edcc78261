package cli

import (
	"context"
	"os"
	"testing"

	"github.com/raceline/raceline/internal/ingest"
)

// BenchmarkAnalyze runs `raceline analyze -o json` in-process on the demo
// dump (120 KB of gzip, 1,314 spans): load, stitch, clock, ops, detect and
// render. Bytes are the compressed input's.
//
//	go test -run '^$' -bench Analyze -benchmem ./internal/cli
func BenchmarkAnalyze(b *testing.B) {
	for _, bm := range []struct{ name, path string }{
		{"demo", "../../testdata/demo/shop.otlp.jsonl.gz"},
		{"races", analyzeFixture("races.jsonl")},
	} {
		b.Run(bm.name, func(b *testing.B) {
			st, err := os.Stat(bm.path)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(st.Size())
			b.ReportAllocs()
			for b.Loop() {
				s, _, out, _ := TestStreams()
				if code := run(context.Background(), s, []string{"analyze", "-q", "-o", "json", bm.path}, ingest.Load); code != 0 || out.Len() == 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
