package render

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/raceline/raceline/internal/trace"
)

func sampleReport(t testing.TB, f *Findings) *Report {
	return &Report{Findings: f, GroupPatterns: defaultPatterns()}
}

func TestWriteReportHTML(t *testing.T) {
	f := sampleFindings(t)
	f.Findings = append(f.Findings, nastyFinding(t))
	r := sampleReport(t, f)
	r.Redacted, r.RandomKey = true, true
	var a, b strings.Builder
	if err := WriteReportHTML(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteReportHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	doc := a.String()
	if doc != b.String() {
		t.Error("two runs gave different bytes")
	}
	checkNoResources(t, "report", doc)
	svgs := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(doc, -1)
	if len(svgs) != 3 {
		t.Errorf("%d inline charts, want 3", len(svgs))
	}
	for i, s := range svgs {
		if err := checkXML(s); err != nil {
			t.Errorf("chart %d: %v", i, err)
		}
	}
	for _, want := range []string{
		"<!DOCTYPE html>", "<title>raceline report: 2 files</title>", `<section id="findings">`,
		`<section id="input">`, `<section id="clock">`, `<section id="caveats">`, "@media print",
		`<a href="#rl-3f9a1c2e5b7d"`, `<article class="finding" id="rl-3f9a1c2e5b7d">`,
		"The key is random", "Look these up in your tracing UI", "Why it matters",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("no %q", want)
		}
	}
	// What the input names is text, never markup.
	for _, bad := range []string{"<f>", "\x07"} {
		if strings.Contains(doc, bad) {
			t.Errorf("unescaped %q", bad)
		}
	}
}

func TestWriteReportNoFindings(t *testing.T) {
	f := sampleFindings(t)
	f.Findings, f.Hidden = nil, 0
	for name, write := range map[string]func(io.Writer, *Report) error{"markdown": WriteReportMarkdown, "html": WriteReportHTML} {
		var b strings.Builder
		if err := write(&b, sampleReport(t, f)); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "No findings") || strings.Contains(b.String(), "mermaid") || strings.Contains(b.String(), "<svg") {
			t.Errorf("%s: want a report of no findings without charts:\n%s", name, b.String())
		}
	}
}

// manyFindings is n copies of f's first finding, of one shape, for the
// caps and the benchmarks.
func manyFindings(f *Findings, n int) *Findings {
	one := f.Findings[0]
	f.Findings = nil
	for i := range n {
		x := one
		x.ID = fmt.Sprintf("rl-%012x", i)
		x.Key = fmt.Sprintf("user:%d:profile", i)
		x.MarginNS = int64(i) * us
		f.Findings = append(f.Findings, x)
	}
	return f
}

func TestReportCaps(t *testing.T) {
	n := maxWorst + maxRest + 7
	var md, h strings.Builder
	r := sampleReport(t, manyFindings(sampleFindings(t), n))
	if err := WriteReportMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteReportHTML(&h, r); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(md.String(), "```mermaid"); got != maxWorst {
		t.Errorf("%d charts, want %d", got, maxWorst)
	}
	for _, want := range []string{"### 1. 30 reads of the user's own old `user:*:profile` pending in `process jobs`",
		"- … and 7 more findings (raceline analyze -o json lists them all)", "#### `rl-000000000000`"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown: no %q", want)
		}
	}
	// The table lists every finding: the last ones link to their group.
	if got := strings.Count(h.String(), `<a href="#group-1"`); got != 7 {
		t.Errorf("%d table rows link to the group, want 7", got)
	}
}

// Run with: go test -run '^$' -bench Report ./internal/render/
func BenchmarkWriteReport(b *testing.B) {
	r := sampleReport(b, manyFindings(benchFindings(), 200))
	for name, write := range map[string]func(io.Writer, *Report) error{"markdown": WriteReportMarkdown, "html": WriteReportHTML} {
		b.Run(name, func(b *testing.B) {
			var size int64
			for b.Loop() {
				var cw countWriter
				if err := write(&cw, r); err != nil {
					b.Fatal(err)
				}
				size = int64(cw)
			}
			b.SetBytes(size)
			b.ReportAllocs()
		})
	}
}

// benchFindings is one stale read, built without a *testing.T.
func benchFindings() *Findings {
	hit := true
	req, job := trace.TraceID{1}, trace.TraceID{2}
	return &Findings{Input: sampleStats(), Findings: []Finding{{
		ID: "rl-000000000000", Rule: "stale-read-pending-job", Severity: "medium", Confidence: "certain",
		Key: "user:1:profile", Keys: []string{"user:1:profile"}, Summary: "GET /profile/{id} read user:1:profile",
		Request: Unit{TraceID: req, SpanID: trace.SpanID{1}, Kind: "request", Service: "api", Host: "host-a",
			Name: "GET /profile/{id}", Start: base + 20*ms, End: base + 25*ms},
		Job: &FindingJob{Unit: Unit{TraceID: job, SpanID: trace.SpanID{2}, Kind: "job", Service: "worker", Host: "host-b",
			Name: "process jobs", Start: base + 30*ms, End: base + 60*ms}},
		Events: []Event{
			{Op: "enqueue", TraceID: req, Service: "api", Host: "host-a", Start: base + 5*ms, End: base + 6*ms},
			{Op: "read", Key: "user:1:profile", Hit: &hit, TraceID: req, Service: "api", Host: "host-a", Start: base + 21*ms, End: base + 22*ms},
			{Op: "write", Key: "user:1:profile", TraceID: job, Service: "worker", Host: "host-b", Start: base + 50*ms, End: base + 51*ms},
		},
	}}}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
