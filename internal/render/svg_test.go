package render

import (
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// checkXML reports whether doc is well-formed XML with one root element,
// an svg.
func checkXML(doc string) error {
	d := xml.NewDecoder(strings.NewReader(doc))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if t.Name.Local != "svg" {
					return errors.New("the root is <" + t.Name.Local + ">, not <svg>")
				}
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return errors.New("not exactly one root element")
	}
	return nil
}

// resourceRef finds what could make a browser fetch something: a URL
// scheme anywhere but in the SVG namespace declaration.
var resourceRef = regexp.MustCompile(`(?i)(https?:|ftp:|//[a-z0-9.-]+\.[a-z]{2,}/|url\(|@import|<script|<link|<img|<iframe|src=)`)

func checkNoResources(t *testing.T, name, doc string) {
	t.Helper()
	doc = strings.ReplaceAll(doc, `xmlns="http://www.w3.org/2000/svg"`, "")
	if m := resourceRef.FindString(doc); m != "" {
		t.Errorf("%s refers to an outside resource: %q", name, m)
	}
}

func TestFindingWindowAndCulprit(t *testing.T) {
	f := sampleFindings(t)
	ryw, lost := &f.Findings[0], &f.Findings[1]
	tests := []struct {
		name        string
		f           *Finding
		want        chartWindow
		culprit     int
		culpritWhat string
	}{
		{"read-your-writes", ryw, chartWindow{base + 5*ms, base + 51*ms, "pending window"}, 1, "stale read"},
		{"lost-update", lost, chartWindow{base + 402*ms, base + 420*ms, "read-modify-write"}, 2, "overwrite"},
	}
	for _, tt := range tests {
		w := findingWindow(tt.f)
		if w == nil || *w != tt.want {
			t.Errorf("%s: window %+v, want %+v", tt.name, w, tt.want)
		}
		if i, what := culpritEvent(tt.f); i != tt.culprit || what != tt.culpritWhat {
			t.Errorf("%s: culprit %d %q, want %d %q", tt.name, i, what, tt.culprit, tt.culpritWhat)
		}
	}
	// Without an enqueue the window opens at the job's start.
	noEnqueue := *ryw
	noEnqueue.Events = ryw.Events[1:]
	if w := findingWindow(&noEnqueue); w == nil || w.Start != base+30*ms {
		t.Errorf("window without an enqueue: %+v, want it to open at the job's start", w)
	}
	// Without the events the rule needs there is no window.
	bare := *lost
	bare.Events = nil
	if w := findingWindow(&bare); w != nil {
		t.Errorf("window without events: %+v, want none", w)
	}
}

func TestStaleFillWindow(t *testing.T) {
	hit := false
	f := Finding{Rule: "stale-cache-fill", Key: "product:7", Events: []Event{
		{Op: "read", Key: "product:7", Hit: &hit, Start: base, End: base + ms},
		{Op: "source-read", Key: "products", Start: base + 2*ms, End: base + 9*ms},
		{Op: "invalidate", Key: "product:7", Start: base + 13*ms, End: base + 14*ms},
		{Op: "fill", Key: "product:7", Start: base + 29*ms, End: base + 30*ms},
	}}
	if w := findingWindow(&f); w == nil || *w != (chartWindow{base + 2*ms, base + 29*ms, "old value in flight"}) {
		t.Errorf("window %+v", w)
	}
	if i, what := culpritEvent(&f); i != 3 || what != "stale fill" {
		t.Errorf("culprit %d %q, want 3 stale fill", i, what)
	}
}

func TestTickStep(t *testing.T) {
	tests := []struct {
		span uint64
		want int64
	}{{0, 1}, {8, 1}, {80, 10}, {130 * uint64(ms), 20 * ms}, {45 * uint64(ms), 10 * ms}, {1 << 63, 1e18}}
	for _, tt := range tests {
		if got := tickStep(tt.span); got != tt.want {
			t.Errorf("tickStep(%d) = %d, want %d", tt.span, got, tt.want)
		}
	}
}

func TestFindingChartLanes(t *testing.T) {
	f := sampleFindings(t)
	c := findingChart(&f.Findings[0], clockHosts(f.Clock))
	var got []string
	for _, l := range c.Lanes {
		for _, r := range l.Rows {
			got = append(got, where(l.Service, l.Host)+": "+r.Label+pick(r.Culprit != "", " ["+r.Culprit+"]", ""))
		}
	}
	want := []string{
		"api on host-a: request GET /profile/{id}",
		"api on host-a: enqueue send jobs",
		"api on host-a: read hit user:42:profile [stale read]",
		"worker on host-b: job process jobs",
		"worker on host-b: invalidate user:42:profile",
	}
	diff(t, "rows", strings.Join(got, "\n"), strings.Join(want, "\n"))
	if c.Origin != base+5*ms {
		t.Errorf("origin %d, want the enqueue's start", c.Origin-base)
	}
}

func TestWriteTimelineSVG(t *testing.T) {
	tl := sampleTimeline(t)
	tl.Clock = []byte(`{"schema":"raceline.clock/v1","hosts":[{"host":"host-b","reference":false,"bounded":true,"offset_ns":0,"min_ns":-2000000,"max_ns":2000000}]}`)
	var b strings.Builder
	if err := WriteTimelineSVG(&b, tl); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	if err := checkXML(doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, doc)
	}
	checkNoResources(t, "timeline svg", doc)
	for _, want := range []string{"warm: cache #1; 100%", "⇢ process profile.updated", "error status", "├┤", `fill="#f87171"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("no %q in\n%s", want, doc)
		}
	}
	f := sampleFindings(t).Findings[0]
	tl.Finding = &f
	b.Reset()
	if err := WriteTimelineSVG(&b, tl); err != nil {
		t.Fatal(err)
	}
	if err := checkXML(b.String()); err != nil || !strings.Contains(b.String(), "stale read: read hit user:42:profile") {
		t.Errorf("finding chart: %v\n%s", err, b.String())
	}
	tl.Clock = []byte(`{`)
	if err := WriteTimelineSVG(&b, tl); err == nil {
		t.Error("a bad clock block gave no error")
	}
}

func TestChartSVGNastyNames(t *testing.T) {
	f := nastyFinding(t)
	var b strings.Builder
	writeChartSVG(&b, findingChart(&f, nil), true)
	if err := checkXML(b.String()); err != nil {
		t.Errorf("not well-formed: %v\n%s", err, b.String())
	}
}

// FuzzChartSVG draws a finding with names and a key from the fuzzer, and
// wants well-formed XML, a valid Mermaid chart and no panic.
func FuzzChartSVG(f *testing.F) {
	f.Add("user:42:profile", "GET /profile/{id}", int64(5), int64(51))
	f.Add("a:b#c;d%e<f>&`|]]>", "section <x>", int64(-3), int64(0))
	f.Add("\x00\xff\ufffe", "\n", int64(1<<62), int64(-1<<62))
	f.Fuzz(func(t *testing.T, key, name string, start, end int64) {
		fd := sampleFindings(t).Findings[0]
		fd.Key, fd.Request.Name, fd.Request.Service = key, name, name
		fd.Events[1].Key, fd.Events[3].Key, fd.Events[1].Name = key, key, name
		fd.Events[1].Start, fd.Events[1].End = start, end
		c := findingChart(&fd, nil)
		var b strings.Builder
		writeChartSVG(&b, c, true)
		if err := checkXML(b.String()); err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, b.String())
		}
		b.Reset()
		writeChartMermaid(&b, c)
		if err := checkGantt(b.String()); err != nil {
			t.Fatalf("Mermaid: %v\n%s", err, b.String())
		}
	})
}

// TestReportGoldensSVG checks every SVG the cli package's tests keep as
// golden files: each inline chart of an HTML report, each .svg document.
func TestReportGoldensSVG(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "golden", "report")
	paths, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	svgs, _ := filepath.Glob(filepath.Join(dir, "*.svg"))
	if len(paths)+len(svgs) == 0 {
		t.Skip("no golden reports yet: run the cli package's tests with -update")
	}
	inline := regexp.MustCompile(`(?s)<svg .*?</svg>`)
	for _, p := range append(paths, svgs...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		checkNoResources(t, p, string(b))
		docs := []string{string(b)}
		if strings.HasSuffix(p, ".html") {
			docs = inline.FindAllString(string(b), -1)
		}
		for i, d := range docs {
			if err := checkXML(d); err != nil {
				t.Errorf("%s: svg %d: %v", p, i, err)
			}
		}
	}
}
