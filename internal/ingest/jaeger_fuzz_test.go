package ingest

import (
	"slices"
	"testing"

	"github.com/raceline/raceline/internal/config"
)

// go test ./internal/ingest -run '^$' -fuzz FuzzJaeger -fuzztime 60s
func FuzzJaeger(f *testing.F) {
	for _, name := range []string{"jaeger/jaeger-uimodel-ui_01.json", "jaeger/jaeger-ui-otlp2jaeger-out.json", "jaeger/jaeger-ui-oltp2jaeger-multi-out.json"} {
		doc := xfFixture(f, name)
		f.Add(doc)
		if name != "jaeger/jaeger-uimodel-ui_01.json" {
			for _, e := range xfElements(f, doc, "data") {
				f.Add(e)
			}
		}
	}
	f.Add(xfFile(f, "traces.jaeger.json"))
	f.Add([]byte(jgTrace(jgSpan(`"parentSpanID":"0","process":{"serviceName":"x","tags":[` + jgTag("ip", "int64", `"167772161"`) + `]},` + jgTags(jgTag("f", "float64", `"NaN"`))))))
	f.Add([]byte(jgTrace(jgSpan(`"traceID":"xyz"`), jgSpan(`"duration":-3`), jgSpan(`"references":[{"refType":"CHILD_OF","spanID":"0000000000000001"},{"refType":"FOLLOWS_FROM","traceID":"000000000000000000000000000000ff","spanID":"00000000000000ff"}]`))))
	f.Add([]byte(`{"data":[` + jgTrace(jgSpan(jgTags(jgTag("span.kind", "string", `"server"`), jgTag("error", "bool", "true"), jgTag("i", "int64", "1")))) + `]}`))
	xfFuzz(f, func() recordDecoder {
		return newJaegerDecoder(xfEnv(append(slices.Clone(config.SemconvAttributes), "f")...))
	})
}
