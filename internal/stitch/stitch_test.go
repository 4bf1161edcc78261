package stitch

import (
	"cmp"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/trace"
)

var update = flag.Bool("update", false, "rewrite golden files")

// dump renders everything Stitch found, for comparisons and golden files.
func dump(g *Graph) string {
	var b strings.Builder
	fmt.Fprintf(&b, "counts %+v\nanomalies %v\n", g.Counts, g.Anomalies)
	for _, u := range g.Units {
		fmt.Fprintln(&b, describe(u))
	}
	for _, t := range g.Trees {
		tl, _ := g.Timeline(t.Trace.ID)
		fmt.Fprintf(&b, "\ntimeline %s\n", name(t.Span(t.Order[0])))
		for _, l := range append(lines(tl), missing(tl)...) {
			fmt.Fprintln(&b, l)
		}
	}
	return b.String()
}

func TestStitchGolden(t *testing.T) {
	got := dump(Stitch(genStore(12, 1), Options{}))
	path := filepath.Join("..", "..", "testdata", "stitch", "generated.golden")
	want, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(string(want), got); diff != "" {
		if !*update {
			t.Fatalf("%s (-want +got):\n%s", path, diff)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStitchDeterministic checks that neither the order traces arrive in
// nor the number of workers changes the output.
func TestStitchDeterministic(t *testing.T) {
	st := genStore(200, 7)
	want := dump(Stitch(st, Options{Workers: 1}))
	reversed := trace.NewStore()
	traces := st.Traces()
	for i := len(traces) - 1; i >= 0; i-- {
		for _, s := range traces[i].Spans {
			reversed.Add(s)
		}
	}
	for _, tt := range []struct {
		name string
		st   *trace.Store
		opts Options
	}{
		{"8 workers", st, Options{Workers: 8}},
		{"traces reversed", reversed, Options{Workers: 3}},
	} {
		if got := dump(Stitch(tt.st, tt.opts)); got != want {
			t.Errorf("%s: output differs:\n%s", tt.name, gocmp.Diff(want, got))
		}
	}
}

func TestStitchCounts(t *testing.T) {
	g := Stitch(makeStore(
		sp(1, 1, 0, server, 0, 100),
		sp(1, 1, 0, server, 0, 100),
		sp(1, 2, 2, internal, 0, 100),
		sp(1, 3, 4, internal, 0, 100),
		sp(1, 4, 3, internal, 1, 100),
		sp(1, 5, 1, internal, 0, 100, link(9, 9), link(1, 1)),
		sp(2, 1, 7, consumer, 0, 100),
	), Options{})
	want := Counts{
		Spans: 6, SpansWithParent: 2, OrphanSpans: 3, Links: 2, MissingLinkTargets: 1,
		Requests: 1, Jobs: 1, DuplicateSpans: 1, SelfParents: 1, ParentCycles: 1,
	}
	if diff := gocmp.Diff(want, g.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	wantAnomalies := map[string]int64{AnomalyDuplicateSpan: 1, AnomalySelfParent: 1, AnomalyParentCycle: 1}
	if diff := gocmp.Diff(wantAnomalies, g.Anomalies); diff != "" {
		t.Errorf("anomalies (-want +got):\n%s", diff)
	}
}

// compareUnits is the documented order of Graph.Units, spelled out in
// full; Stitch reaches it more cheaply.
func compareUnits(a, b *Unit) int {
	ra, rb := a.RootSpan(), b.RootSpan()
	if c := cmp.Compare(ra.Start, rb.Start); c != 0 {
		return c
	}
	if c := compareTraceID(a.Trace.ID, b.Trace.ID); c != 0 {
		return c
	}
	if c := compareSpanID(ra.SpanID, rb.SpanID); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Root, b.Root); c != 0 {
		return c
	}
	return compareLinks(a.Link, b.Link)
}

func TestUnitOrder(t *testing.T) {
	g := Stitch(genStore(300, 3), Options{})
	if !slices.IsSortedFunc(g.Units, compareUnits) {
		t.Error("Units are not in (root start, trace ID, root span ID, root index, link) order")
	}
}

func TestStitchEmpty(t *testing.T) {
	g := Stitch(trace.NewStore(), Options{})
	if len(g.Trees) != 0 || len(g.Units) != 0 || g.Counts != (Counts{}) {
		t.Errorf("got %+v", g)
	}
	if _, ok := g.Timeline(tid(1)); ok {
		t.Error("found a timeline in an empty graph")
	}
}

func TestGraphLookups(t *testing.T) {
	g := Stitch(requestWithJobs(), Options{})
	if g.Tree(tid(3)) == nil || g.Tree(tid(5)) != nil {
		t.Error("Tree finds the wrong traces")
	}
	tree, i := g.Find(trace.Link{TraceID: tid(1), SpanID: sid(3)})
	if tree == nil || tree.Span(i).Name != "1/3" {
		t.Fatalf("Find(1/3) = %v, %d", tree, i)
	}
	if tr, i := g.Find(trace.Link{TraceID: tid(1), SpanID: sid(42)}); tr != nil || i != -1 {
		t.Errorf("Find(1/42) = %v, %d", tr, i)
	}
	var jobs []string
	for _, u := range g.JobsEnqueuedBy(tree, i) {
		jobs = append(jobs, u.RootSpan().Name)
	}
	if want := []string{"1/7", "4/1", "2/1"}; !gocmp.Equal(jobs, want) {
		t.Errorf("JobsEnqueuedBy(1/3) = %v, want %v", jobs, want)
	}
}

// BenchmarkStitch stitches a generated store of about 1M spans:
//
//	go test ./internal/stitch -run '^$' -bench Stitch -benchmem
func BenchmarkStitch(b *testing.B) {
	st := genStore(75_000, 1)
	st.Traces()
	b.ReportAllocs()
	for b.Loop() {
		Stitch(st, Options{})
	}
	b.ReportMetric(float64(st.Len())*float64(b.N)/b.Elapsed().Seconds(), "spans/s")
}
