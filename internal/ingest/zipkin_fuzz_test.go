package ingest

import (
	"testing"

	"github.com/raceline/raceline/internal/config"
)

// go test ./internal/ingest -run '^$' -fuzz FuzzZipkin -fuzztime 60s
func FuzzZipkin(f *testing.F) {
	for _, name := range []string{"zipkin/messaging.json", "zipkin/skew.json", "zipkin/ascend.json", "zipkin/yelp.json"} {
		doc := xfFixture(f, name)
		f.Add(doc)
		for _, e := range xfElements(f, doc, "") {
			f.Add(e)
		}
	}
	f.Add(xfFile(f, "traces.zipkin.json"))
	f.Add([]byte(zkSpan(`"tags":{"otlp.link.0":"000000000000000000000000000000cc|00000000000000dd||{}|0","error":"","span.kind":"internal"}`)))
	xfFuzz(f, func() recordDecoder { return newZipkinDecoder(xfEnv(config.SemconvAttributes...)) })
}
