package render

import (
	"io"
	"math"
	"strings"
	"testing"

	"github.com/raceline/raceline/internal/trace"
)

// bigTimeline is a request with n spans, each a child of the one before
// it up to depth 20, then back to depth 1.
func bigTimeline(n int) *Timeline {
	tl := &Timeline{Request: Unit{Kind: "request", Service: "api", Host: "host-a", Name: "GET /x", Start: base, End: base + int64(n)*us}}
	tl.Request.TraceID[15], tl.Request.SpanID[7] = 1, 1
	for i := range n {
		sp := TimelineSpan{TraceID: tl.Request.TraceID, Depth: i % 20, Kind: trace.KindClient, Service: "api", Host: "host-a",
			Name: "redis GET user:42:profile", Start: base + int64(i)*us, End: base + int64(i+5)*us}
		sp.SpanID[6], sp.SpanID[7] = byte(i>>8), byte(i)
		tl.Spans = append(tl.Spans, sp)
	}
	return tl
}

// Run with: go test ./internal/render -run '^$' -bench Timeline -benchmem
func BenchmarkWriteTimelineText(b *testing.B) {
	tl := bigTimeline(10_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteTimelineText(io.Discard, tl, 120, Style{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteTimelineJSON(b *testing.B) {
	tl := bigTimeline(10_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteTimelineJSON(io.Discard, tl); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzTimelineTimes feeds extreme times and widths to the text and Mermaid
// writers: they must not panic, and every text row must end in a bar.
func FuzzTimelineTimes(f *testing.F) {
	f.Add(int64(0), int64(1), int64(5), int64(3), 100)
	f.Add(int64(math.MinInt64), int64(math.MaxInt64), int64(-1), int64(0), 1)
	f.Fuzz(func(t *testing.T, a, b, c, d int64, width int) {
		tl := &Timeline{Request: Unit{Kind: "request", Start: min(a, b), End: max(a, b)}}
		for _, p := range [][2]int64{{a, b}, {c, d}, {min(a, d), max(a, d)}} {
			tl.Spans = append(tl.Spans, TimelineSpan{Name: "x", Start: min(p[0], p[1]), End: max(p[0], p[1])})
		}
		var out strings.Builder
		if err := WriteTimelineText(&out, tl, width%1000, Style{}); err != nil {
			t.Fatal(err)
		}
		rows := strings.Split(out.String(), "\n")[4:7]
		for _, row := range rows {
			if !strings.HasSuffix(row, barFull) {
				t.Fatalf("row without a bar: %q", row)
			}
		}
		if err := WriteTimelineMermaid(io.Discard, tl); err != nil {
			t.Fatal(err)
		}
	})
}
