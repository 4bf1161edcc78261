package ingest

import (
	"testing"

	"github.com/raceline/raceline/internal/config"
)

// The 600 KB SmartThings trace (1041 spans, 84 of them without timestamp
// and skipped), one span record at a time as the pipeline hands them over:
//
//	go test ./internal/ingest -run '^$' -bench 'Zipkin' -benchmem
func BenchmarkZipkinDecode(b *testing.B) {
	var recs [][]byte
	for _, r := range xfElements(b, xfFixture(b, "zipkin/smartthings-mobile-web-install.json"), "") {
		if err := newZipkinDecoder(xfEnv()).decode(r, &batch{}); err == nil {
			recs = append(recs, r)
		}
	}
	xfBenchRecords(b, newZipkinDecoder(xfEnv(config.SemconvAttributes...)), recs)
}
