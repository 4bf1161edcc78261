package stitch

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/trace"
)

// lines renders a timeline: indented names, "*" for orphans, "<-" and the
// producer for linked jobs.
func lines(tl *Timeline) []string {
	out := make([]string, 0, len(tl.Spans))
	for _, s := range tl.Spans {
		line := strings.Repeat(". ", s.Depth) + s.Span.Name
		if s.Orphan {
			line += "*"
		}
		if s.LinkedFrom != nil {
			line += " <-" + s.LinkedFrom.Name
		}
		out = append(out, line)
	}
	return out
}

func missing(tl *Timeline) []string {
	out := []string{}
	for _, m := range tl.Missing {
		out = append(out, fmt.Sprintf("%s %s/%s", m.What, m.TraceID, m.SpanID))
	}
	return out
}

// requestWithJobs is a request whose producer enqueues a job in its own
// trace (child of the producer), a job in trace 4 and one in trace 2, which
// enqueues the job of trace 3.
func requestWithJobs() *trace.Store {
	return makeStore(
		sp(1, 1, 0, server, 0, 100, attr("enduser.id", "alice")),
		sp(1, 2, 1, client, 5, 10),
		sp(1, 3, 1, producer, 20, 30),
		sp(1, 4, 3, internal, 21, 22),
		sp(1, 7, 3, consumer, 25, 26),
		sp(1, 5, 1, internal, 40, 50),
		sp(1, 6, 99, internal, 60, 70, link(8, 8)),
		sp(2, 1, 0, consumer, 150, 200, link(1, 3)),
		sp(2, 2, 1, producer, 160, 170),
		sp(3, 1, 0, consumer, 250, 300, link(2, 2)),
		sp(3, 2, 1, client, 260, 270),
		sp(4, 1, 0, consumer, 140, 145, link(1, 3)),
	)
}

func TestTimeline(t *testing.T) {
	want := []string{
		"1/1",
		". 1/2",
		". 1/3",
		". . 1/4",
		". . 1/7 <-1/3",
		". . 4/1 <-1/3",
		". . 2/1 <-1/3",
		". . . 2/2",
		". . . . 3/1 <-2/2",
		". . . . . 3/2",
		". 1/5",
		"1/6*",
	}
	wantMissing := []string{
		"parent 00000000000000000000000000000001/0000000000000063",
		"link 00000000000000000000000000000008/0000000000000008",
	}
	g := Stitch(requestWithJobs(), Options{})
	// A job trace shows its enqueuing request's timeline.
	for _, id := range []uint64{1, 2, 3, 4} {
		t.Run(fmt.Sprint("trace ", id), func(t *testing.T) {
			tl, ok := g.Timeline(tid(id))
			if !ok {
				t.Fatal("not found")
			}
			if diff := cmp.Diff(want, lines(tl)); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantMissing, missing(tl)); diff != "" {
				t.Errorf("missing (-want +got):\n%s", diff)
			}
			if got := describe(tl.Request); got != "request 1/1 actor=enduser.id=alice [0,100]" {
				t.Errorf("request = %s", got)
			}
		})
	}
	if _, ok := g.Timeline(tid(5)); ok {
		t.Error("Timeline of an absent trace found")
	}
}

func TestTimelineUnknownEnqueuer(t *testing.T) {
	g := Stitch(makeStore(
		sp(1, 1, 0, server, 0, 100),
		sp(2, 1, 0, consumer, 150, 200, link(9, 9)),
		sp(2, 2, 1, internal, 160, 170),
	), Options{})
	tl, _ := g.Timeline(tid(2))
	if diff := cmp.Diff([]string{"2/1", ". 2/2"}, lines(tl)); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}
	if got := describe(tl.Request); got != "job 2/1 link=9/9 enq=- by=- [150,200]" {
		t.Errorf("request = %s", got)
	}
}

func TestTimelineJobCycleEnds(t *testing.T) {
	g := Stitch(makeStore(
		sp(1, 1, 0, consumer, 0, 100, link(2, 2)),
		sp(1, 2, 1, producer, 10, 20),
		sp(2, 1, 0, consumer, 30, 100, link(1, 2)),
		sp(2, 2, 1, producer, 40, 50),
	), Options{})
	tl, _ := g.Timeline(tid(1))
	want := []string{"1/1", ". 1/2", ". . 2/1 <-1/2", ". . . 2/2"}
	if diff := cmp.Diff(want, lines(tl)); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}
}

func TestTimelineEmptyMissingIsNotNil(t *testing.T) {
	g := Stitch(makeStore(sp(1, 1, 0, server, 0, 100)), Options{})
	tl, _ := g.Timeline(tid(1))
	if tl.Missing == nil || len(tl.Missing) != 0 {
		t.Errorf("Missing = %#v, want empty, not nil", tl.Missing)
	}
}

func TestTimelineDeepChain(t *testing.T) {
	st := trace.NewStore()
	for _, s := range deepChain(deep).Spans {
		st.Add(s)
	}
	tl, _ := Stitch(st, Options{}).Timeline(tid(1))
	if len(tl.Spans) != deep || tl.Spans[deep-1].Depth != deep-1 {
		t.Errorf("%d spans, last at depth %d", len(tl.Spans), tl.Spans[len(tl.Spans)-1].Depth)
	}
}
