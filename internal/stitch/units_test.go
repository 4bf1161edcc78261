package stitch

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/trace"
)

func TestUnits(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		spans  []trace.Span
		want   []string          // describeUnits(g.Units)
		owners map[string]string // span → unit root, for the spans listed
		counts Counts            // only Requests, Jobs, Links, MissingLinkTargets compared
	}{{
		name: "server inside server is not a new request",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 2, 1, client, 10, 50),
			sp(1, 3, 2, server, 20, 40),
		},
		want:   []string{"request 1/1 [0,100]"},
		owners: map[string]string{"1/3": "1/1"},
		counts: Counts{Requests: 1},
	}, {
		name: "server inside a job is not a request",
		spans: []trace.Span{
			sp(1, 1, 0, consumer, 0, 100),
			sp(1, 2, 1, client, 10, 50),
			sp(1, 3, 2, server, 20, 40),
		},
		want:   []string{"job 1/1 enq=- by=- [0,100]"},
		owners: map[string]string{"1/3": "1/1"},
		counts: Counts{Jobs: 1},
	}, {
		name: "orphaned server still counts",
		spans: []trace.Span{
			sp(1, 2, 9, server, 0, 10),
		},
		want:   []string{"request 1/2 [0,10]"},
		counts: Counts{Requests: 1},
	}, {
		name: "consumer rooting a new trace, linked to the producer",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 2, 1, producer, 10, 20),
			sp(2, 1, 0, consumer, 150, 200, link(1, 2)),
			sp(2, 2, 1, client, 160, 190),
		},
		want: []string{
			"request 1/1 [0,100]",
			"job 2/1 link=1/2 enq=1/2 by=1/1 [150,200]",
		},
		owners: map[string]string{"1/2": "1/1", "2/2": "2/1"},
		counts: Counts{Requests: 1, Jobs: 1, Links: 1},
	}, {
		name: "consumer as child of the producer",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 2, 1, producer, 10, 20),
			sp(1, 3, 2, consumer, 150, 200),
			sp(1, 4, 3, server, 160, 170),
		},
		want: []string{
			"request 1/1 [0,100]",
			"job 1/3 enq=1/2 by=1/1 [150,200]",
		},
		owners: map[string]string{"1/2": "1/1", "1/4": "1/3"},
		counts: Counts{Requests: 1, Jobs: 1},
	}, {
		name: "message ID and destination fallback",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 2, 1, producer, 10, 20, attr("messaging.message.id", "m1"), attr("messaging.destination.name", "q")),
			sp(1, 3, 1, producer, 30, 40, attr("messaging.message.id", "m2"), attr("messaging.destination.name", "q")),
			sp(2, 1, 0, consumer, 150, 200, attr("messaging.message.id", "m2"), attr("messaging.destination.name", "q")),
			sp(3, 1, 0, consumer, 250, 300, attr("messaging.message.id", "m1"), attr("messaging.destination.name", "other")),
		},
		want: []string{
			"request 1/1 [0,100]",
			"job 2/1 enq=1/3 by=1/1 [150,200]",
			"job 3/1 enq=- by=- [250,300]",
		},
		counts: Counts{Requests: 1, Jobs: 2},
	}, {
		name: "the earliest producer of a message wins",
		spans: []trace.Span{
			sp(3, 1, 0, producer, 20, 30, attr("messaging.message.id", "m")),
			sp(2, 1, 0, producer, 10, 20, attr("messaging.message.id", "m")),
			sp(1, 1, 0, consumer, 50, 60, attr("messaging.message.id", "m")),
		},
		want: []string{
			"trace 2/1 [10,20]",
			"trace 3/1 [20,30]",
			"job 1/1 enq=2/1 by=2/1 [50,60]",
		},
		counts: Counts{Jobs: 1},
	}, {
		name: "a job enqueued by a job inherits the request and its actor",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100, attr("enduser.id", "alice")),
			sp(1, 2, 1, producer, 10, 20),
			sp(2, 1, 0, consumer, 150, 200, link(1, 2), attr("enduser.id", "worker")),
			sp(2, 2, 1, producer, 160, 170),
			sp(3, 1, 0, consumer, 250, 300, link(2, 2)),
		},
		want: []string{
			"request 1/1 actor=enduser.id=alice [0,100]",
			"job 2/1 link=1/2 enq=1/2 by=1/1 actor=enduser.id=alice [150,200]",
			"job 3/1 link=2/2 enq=2/2 by=1/1 actor=enduser.id=alice [250,300]",
		},
		counts: Counts{Requests: 1, Jobs: 2, Links: 2},
	}, {
		name: "N links are N jobs; missing targets counted",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 2, 1, producer, 10, 20),
			sp(1, 3, 1, producer, 30, 40),
			sp(2, 1, 0, consumer, 150, 200, link(1, 3), link(9, 9), link(1, 2), link(1, 3)),
			sp(2, 2, 1, internal, 160, 170),
		},
		want: []string{
			"request 1/1 [0,100]",
			"job 2/1 link=1/2 enq=1/2 by=1/1 [150,200]",
			"job 2/1 link=1/3 enq=1/3 by=1/1 [150,200]",
			"job 2/1 link=9/9 enq=- by=- [150,200]",
		},
		owners: map[string]string{"2/2": "2/1"},
		counts: Counts{Requests: 1, Jobs: 3, Links: 4, MissingLinkTargets: 1},
	}, {
		name: "a missing link target falls back to the producer parent",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 2, 1, producer, 10, 20),
			sp(1, 3, 2, consumer, 30, 40, link(9, 9)),
		},
		want: []string{
			"request 1/1 [0,100]",
			"job 1/3 link=9/9 enq=1/2 by=1/1 [30,40]",
		},
		counts: Counts{Requests: 1, Jobs: 1, Links: 1, MissingLinkTargets: 1},
	}, {
		name: "a link target of any kind is the enqueue",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 2, 1, client, 10, 20),
			sp(2, 1, 0, consumer, 150, 200, link(1, 2)),
		},
		want: []string{
			"request 1/1 [0,100]",
			"job 2/1 link=1/2 enq=1/2 by=1/1 [150,200]",
		},
		counts: Counts{Requests: 1, Jobs: 1, Links: 1},
	}, {
		name: "cron trace unit enqueues a job",
		spans: []trace.Span{
			sp(1, 1, 0, internal, 0, 100),
			sp(1, 2, 1, client, 10, 20),
			sp(1, 3, 1, producer, 30, 40),
			sp(2, 1, 0, consumer, 150, 200, link(1, 3)),
		},
		want: []string{
			"trace 1/1 [0,100]",
			"job 2/1 link=1/3 enq=1/3 by=1/1 [150,200]",
		},
		owners: map[string]string{"1/2": "1/1", "1/3": "1/1"},
		counts: Counts{Jobs: 1, Links: 1},
	}, {
		name: "trace unit gathers stray roots, rooted at the earliest",
		spans: []trace.Span{
			sp(1, 5, 9, internal, 5, 6),
			sp(1, 1, 0, server, 0, 100),
			sp(1, 4, 8, client, 3, 4),
			sp(1, 6, 4, internal, 3, 4),
		},
		want: []string{
			"request 1/1 [0,100]",
			"trace 1/4 [3,6]",
		},
		owners: map[string]string{"1/5": "1/4", "1/6": "1/4"},
		counts: Counts{Requests: 1},
	}, {
		name: "a request inside a trace unit",
		spans: []trace.Span{
			sp(1, 1, 0, internal, 0, 100),
			sp(1, 2, 1, client, 10, 50),
			sp(1, 3, 2, server, 20, 40),
			sp(1, 4, 1, internal, 60, 70),
		},
		want: []string{
			"trace 1/1 [0,100]",
			"request 1/3 [20,40]",
		},
		owners: map[string]string{"1/2": "1/1", "1/4": "1/1"},
		counts: Counts{Requests: 1},
	}, {
		name: "messaging operation attributes make jobs",
		spans: []trace.Span{
			sp(1, 1, 0, internal, 0, 10, attr("messaging.operation.type", "process")),
			sp(2, 1, 0, client, 0, 10, attr("messaging.operation", "receive")),
			sp(3, 1, 0, internal, 0, 10, attr("messaging.operation", "deliver")),
			sp(4, 1, 0, server, 0, 10, attr("messaging.operation.type", "process")),
			sp(5, 1, 0, client, 0, 10, attr("messaging.operation.type", "send")),
		},
		want: []string{
			"job 1/1 enq=- by=- [0,10]",
			"job 2/1 enq=- by=- [0,10]",
			"job 3/1 enq=- by=- [0,10]",
			"job 4/1 enq=- by=- [0,10]",
			"trace 5/1 [0,10]",
		},
		counts: Counts{Jobs: 4},
	}, {
		name: "outermost consumer only, but a consumer under a producer is a new job",
		spans: []trace.Span{
			sp(1, 1, 0, consumer, 0, 100),
			sp(1, 2, 1, consumer, 10, 20),
			sp(1, 3, 1, producer, 30, 40),
			sp(1, 4, 3, consumer, 50, 60),
		},
		want: []string{
			"job 1/1 enq=- by=- [0,100]",
			"job 1/4 enq=1/3 by=- [50,60]",
		},
		owners: map[string]string{"1/2": "1/1", "1/3": "1/1"},
		counts: Counts{Jobs: 2},
	}, {
		name: "jobs enqueuing each other in a cycle have no enqueuer",
		spans: []trace.Span{
			sp(1, 1, 0, consumer, 0, 100, link(2, 2)),
			sp(1, 2, 1, producer, 10, 20),
			sp(2, 1, 0, consumer, 0, 100, link(1, 2)),
			sp(2, 2, 1, producer, 10, 20),
			sp(3, 1, 0, consumer, 200, 300, link(2, 2)),
		},
		want: []string{
			"job 1/1 link=2/2 enq=2/2 by=- [0,100]",
			"job 2/1 link=1/2 enq=1/2 by=- [0,100]",
			"job 3/1 link=2/2 enq=2/2 by=- [200,300]",
		},
		counts: Counts{Jobs: 3, Links: 3},
	}, {
		name: "config matchers",
		opts: Options{
			IsRequest: func(s *trace.Span) bool { return s.Name == "handle" },
			IsJob:     func(s *trace.Span) bool { return s.Name == "work" },
		},
		spans: []trace.Span{
			sp(1, 1, 0, internal, 0, 10, named("handle")),
			sp(2, 1, 0, internal, 0, 10, named("work")),
			sp(3, 1, 0, internal, 0, 10),
		},
		want: []string{
			"request handle [0,10]",
			"job work enq=- by=- [0,10]",
			"trace 3/1 [0,10]",
		},
		counts: Counts{Requests: 1, Jobs: 1},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Stitch(makeStore(tt.spans...), tt.opts)
			if diff := cmp.Diff(tt.want, describeUnits(g.Units)); diff != "" {
				t.Errorf("units (-want +got):\n%s", diff)
			}
			got := owners(g)
			for span, want := range tt.owners {
				if got[span] != want {
					t.Errorf("%s belongs to %s, want %s", span, got[span], want)
				}
			}
			c := Counts{Requests: g.Requests, Jobs: g.Jobs, Links: g.Links, MissingLinkTargets: g.MissingLinkTargets}
			if diff := cmp.Diff(tt.counts, c); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestActors(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string
		spans []trace.Span
		want  Actor
	}{{
		name: "the request span first, whatever the key's rank",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100, attr("session.id", "s1")),
			sp(1, 2, 1, internal, 0, 10, attr("enduser.id", "alice")),
		},
		want: Actor{"session.id", "s1"},
	}, {
		name: "on one span, the first key in order",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100, attr("user.id", "u"), attr("enduser.id", "alice")),
		},
		want: Actor{"enduser.id", "alice"},
	}, {
		name: "else the earliest other span, ties by span ID",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 4, 1, internal, 5, 10, attr("user.id", "late")),
			sp(1, 3, 1, internal, 2, 10, attr("user.id", "b")),
			sp(1, 2, 1, internal, 2, 10, attr("user.id", "a")),
		},
		want: Actor{"user.id", "a"},
	}, {
		name: "empty values are absent",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100, attr("enduser.id", "")),
			sp(1, 2, 1, internal, 5, 10, attr("user.id", "u")),
		},
		want: Actor{"user.id", "u"},
	}, {
		name: "spans of nested units do not count",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 2, 1, producer, 5, 10),
			sp(1, 3, 2, consumer, 5, 10, attr("user.id", "job")),
		},
		want: Actor{},
	}, {
		name: "configured keys",
		keys: []string{"tenant"},
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100, attr("enduser.id", "alice"), attr("tenant", "t1")),
		},
		want: Actor{"tenant", "t1"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Stitch(makeStore(tt.spans...), Options{ActorKeys: tt.keys})
			if got := g.Units[0].Actor; got != tt.want {
				t.Errorf("actor = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJobActorFallsBackToItsOwn(t *testing.T) {
	g := Stitch(makeStore(
		sp(1, 1, 0, server, 0, 100),
		sp(1, 2, 1, producer, 10, 20),
		sp(2, 1, 0, consumer, 150, 200, link(1, 2), attr("user.id", "own")),
		sp(3, 1, 0, consumer, 150, 200, attr("user.id", "orphan-job")),
	), Options{})
	want := []string{
		"request 1/1 [0,100]",
		"job 2/1 link=1/2 enq=1/2 by=1/1 actor=user.id=own [150,200]",
		"job 3/1 enq=- by=- actor=user.id=orphan-job [150,200]",
	}
	if diff := cmp.Diff(want, describeUnits(g.Units)); diff != "" {
		t.Errorf("units (-want +got):\n%s", diff)
	}
}

func TestActorMatches(t *testing.T) {
	a := Actor{"user.id", "1"}
	for _, tt := range []struct {
		x, y Actor
		want bool
	}{
		{a, a, true},
		{a, Actor{"enduser.id", "1"}, false},
		{Actor{}, Actor{}, false},
	} {
		if got := tt.x.Matches(tt.y); got != tt.want {
			t.Errorf("%v.Matches(%v) = %v", tt.x, tt.y, got)
		}
	}
}

func TestUnitKindString(t *testing.T) {
	got := []string{Request.String(), Job.String(), TraceUnit.String(), UnitKind(0).String()}
	if want := []string{"request", "job", "trace", "unknown"}; !cmp.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
