package stitch

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/trace"
)

// outline renders a tree's Order as indented names, "*" marking orphans.
func outline(t *Tree) []string {
	out := make([]string, 0, len(t.Order))
	for _, s := range t.Order {
		line := strings.Repeat(". ", int(t.Depth[s])) + t.Span(s).Name
		if t.Orphan[s] {
			line += "*"
		}
		out = append(out, line)
	}
	return out
}

func TestBuildTree(t *testing.T) {
	tests := []struct {
		name   string
		spans  []trace.Span
		want   []string
		counts Counts
	}{{
		name: "children by start, then span ID",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 4, 1, client, 10, 20),
			sp(1, 3, 1, client, 10, 20),
			sp(1, 2, 1, client, 5, 30),
			sp(1, 5, 2, internal, 6, 7),
		},
		want:   []string{"1/1", ". 1/2", ". . 1/5", ". 1/3", ". 1/4"},
		counts: Counts{Spans: 5, SpansWithParent: 4, Requests: 1},
	}, {
		name: "orphan roots sort with the other roots",
		spans: []trace.Span{
			sp(1, 2, 9, server, 5, 6),
			sp(1, 1, 0, internal, 0, 10),
			sp(1, 3, 8, internal, 0, 1),
		},
		want:   []string{"1/1", "1/3*", "1/2*"},
		counts: Counts{Spans: 3, OrphanSpans: 2, Requests: 1},
	}, {
		name: "duplicate: same ID and kind; the first is kept",
		spans: []trace.Span{
			sp(1, 1, 0, internal, 0, 10),
			sp(1, 2, 1, client, 1, 2, named("first")),
			sp(1, 2, 1, client, 1, 2, named("second")),
			sp(1, 3, 2, internal, 1, 2),
		},
		want:   []string{"1/1", ". first", ". . 1/3"},
		counts: Counts{Spans: 3, SpansWithParent: 2, DuplicateSpans: 1},
	}, {
		name: "same ID, another kind, is not a duplicate; children go to the first",
		spans: []trace.Span{
			sp(1, 1, 0, internal, 0, 10),
			sp(1, 2, 1, client, 1, 2, named("client")),
			sp(1, 2, 1, server, 1, 2, named("server")),
			sp(1, 3, 2, internal, 1, 2),
		},
		want:   []string{"1/1", ". client", ". . 1/3", ". server"},
		counts: Counts{Spans: 4, SpansWithParent: 3, Requests: 1},
	}, {
		name: "self-parent becomes an orphan root",
		spans: []trace.Span{
			sp(1, 1, 0, internal, 0, 10),
			sp(1, 2, 2, internal, 1, 2),
			sp(1, 3, 2, internal, 1, 2),
		},
		want:   []string{"1/1", "1/2*", ". 1/3"},
		counts: Counts{Spans: 3, SpansWithParent: 1, OrphanSpans: 1, SelfParents: 1},
	}, {
		name: "cycle broken at its earliest member",
		spans: []trace.Span{
			sp(1, 2, 4, internal, 10, 11),
			sp(1, 3, 2, internal, 5, 6),
			sp(1, 4, 3, internal, 7, 8),
			sp(1, 5, 2, internal, 12, 13),
			sp(1, 6, 6, internal, 0, 1),
		},
		want:   []string{"1/6*", "1/3*", ". 1/4", ". . 1/2", ". . . 1/5"},
		counts: Counts{Spans: 5, SpansWithParent: 3, OrphanSpans: 2, SelfParents: 1, ParentCycles: 1},
	}, {
		name: "cycle tie broken by span ID",
		spans: []trace.Span{
			sp(1, 7, 6, internal, 5, 6),
			sp(1, 6, 7, internal, 5, 6),
		},
		want:   []string{"1/6*", ". 1/7"},
		counts: Counts{Spans: 2, SpansWithParent: 1, OrphanSpans: 1, ParentCycles: 1},
	}, {
		name: "two cycles",
		spans: []trace.Span{
			sp(1, 1, 2, internal, 0, 1),
			sp(1, 2, 1, internal, 1, 2),
			sp(1, 3, 4, internal, 3, 4),
			sp(1, 4, 3, internal, 2, 3),
		},
		want:   []string{"1/1*", ". 1/2", "1/4*", ". 1/3"},
		counts: Counts{Spans: 4, SpansWithParent: 2, OrphanSpans: 2, ParentCycles: 2},
	}, {
		name: "zipkin shared server half hangs under its client",
		spans: []trace.Span{
			sp(1, 1, 0, server, 0, 100),
			sp(1, 3, 2, internal, 12, 13),
			sp(1, 2, 1, server, 11, 19, shared, named("1/2s")),
			sp(1, 2, 1, client, 10, 20),
		},
		want:   []string{"1/1", ". 1/2", ". . 1/2s", ". . . 1/3"},
		counts: Counts{Spans: 4, SpansWithParent: 3, Requests: 1},
	}, {
		name: "shared half without its client takes its parent ID",
		spans: []trace.Span{
			sp(1, 1, 0, client, 0, 100),
			sp(1, 2, 1, server, 11, 19, shared, named("1/2s")),
			sp(1, 3, 2, internal, 12, 13),
		},
		want:   []string{"1/1", ". 1/2s", ". . 1/3"},
		counts: Counts{Spans: 3, SpansWithParent: 2, Requests: 1},
	}, {
		name: "shared half naming its missing client as parent is an orphan",
		spans: []trace.Span{
			sp(1, 2, 2, server, 11, 19, shared, named("1/2s")),
		},
		want:   []string{"1/2s*"},
		counts: Counts{Spans: 1, OrphanSpans: 1, Requests: 1},
	}, {
		name: "two shared halves of one kind are duplicates",
		spans: []trace.Span{
			sp(1, 1, 0, client, 0, 100),
			sp(1, 1, 0, server, 1, 99, shared, named("1/1s")),
			sp(1, 1, 0, server, 1, 99, shared, named("again")),
		},
		want:   []string{"1/1", ". 1/1s"},
		counts: Counts{Spans: 2, SpansWithParent: 1, DuplicateSpans: 1, Requests: 1},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := BuildTree(makeTrace(tt.spans...), Options{})
			if diff := cmp.Diff(tt.want, outline(tree)); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.counts, tree.Counts); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBuildTreeHighSpanIDs mixes span IDs above and below 1<<63, where a
// signed comparison would disagree with the lookup's byte order.
func TestBuildTreeHighSpanIDs(t *testing.T) {
	const top = 1 << 63
	tree := BuildTree(makeTrace(
		sp(1, top|5, 0, internal, 0, 10, named("a")),
		sp(1, 3, top|5, internal, 1, 9, named("b")),
		sp(1, top|1, 3, internal, 2, 8, named("c")),
		sp(1, 7, top|1, internal, 3, 7, named("d")),
		sp(1, top|9, 7, internal, 4, 6, named("e")),
	), Options{})
	want := []string{"a", ". b", ". . c", ". . . d", ". . . . e"}
	if diff := cmp.Diff(want, outline(tree)); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	for i, s := range tree.Trace.Spans {
		if got := tree.Lookup(s.SpanID); got != int32(i) {
			t.Errorf("Lookup(%s) = %d, want %d", s.SpanID, got, i)
		}
	}
}

func TestBuildTreeDuplicateExcluded(t *testing.T) {
	tree := BuildTree(makeTrace(
		sp(1, 1, 0, server, 0, 10),
		sp(1, 1, 0, server, 0, 10),
	), Options{})
	if !tree.Duplicate[1] || tree.Duplicate[0] {
		t.Fatalf("Duplicate = %v, want [false true]", tree.Duplicate)
	}
	if tree.Parent[1] != -1 || tree.Depth[1] != -1 || tree.Unit[1] != -1 {
		t.Errorf("duplicate has Parent %d, Depth %d, Unit %d; want -1 each", tree.Parent[1], tree.Depth[1], tree.Unit[1])
	}
	if tree.UnitsOf(1) != nil || tree.Subtree(1) != nil {
		t.Errorf("duplicate has units or a subtree")
	}
	if len(tree.Units) != 1 {
		t.Errorf("%d units, want 1", len(tree.Units))
	}
}

func TestMissingParent(t *testing.T) {
	tree := BuildTree(makeTrace(
		sp(1, 1, 0, internal, 0, 10),
		sp(1, 2, 9, internal, 0, 10),
		sp(1, 3, 3, internal, 0, 10),
		sp(1, 4, 5, internal, 0, 10),
		sp(1, 5, 4, internal, 1, 10),
	), Options{})
	got := []bool{}
	for i := range tree.Trace.Spans {
		got = append(got, tree.MissingParent(int32(i)))
	}
	if want := []bool{false, true, false, false, false}; !cmp.Equal(got, want) {
		t.Errorf("MissingParent = %v, want %v", got, want)
	}
}

func TestSubtree(t *testing.T) {
	tree := BuildTree(makeTrace(
		sp(1, 1, 0, internal, 0, 10),
		sp(1, 2, 1, internal, 1, 5),
		sp(1, 3, 2, internal, 2, 3),
		sp(1, 4, 1, internal, 6, 7),
	), Options{})
	var got []string
	for _, s := range tree.Subtree(1) {
		got = append(got, tree.Span(s).Name)
	}
	if want := []string{"1/2", "1/3"}; !cmp.Equal(got, want) {
		t.Errorf("Subtree(1/2) = %v, want %v", got, want)
	}
}

const deep = 100_000

// deepChain is a parent chain of n spans written leaf first, so that no
// span's parent is known when it is read.
func deepChain(n int) *trace.Trace {
	spans := make([]trace.Span, n)
	for i := range n {
		id := uint64(n - i) // span k's parent is k-1
		spans[i] = sp(1, id, id-1, internal, int64(id), int64(2*n)-int64(id))
	}
	return makeTrace(spans...)
}

func TestDeepChain(t *testing.T) {
	tree := BuildTree(deepChain(deep), Options{})
	if len(tree.Order) != deep {
		t.Fatalf("Order has %d spans, want %d", len(tree.Order), deep)
	}
	for k, s := range tree.Order {
		if tree.Depth[s] != int32(k) {
			t.Fatalf("Order[%d] has depth %d", k, tree.Depth[s])
		}
	}
	if got := tree.Counts.SpansWithParent; got != deep-1 {
		t.Errorf("SpansWithParent = %d, want %d", got, deep-1)
	}
}

func TestDeepCycle(t *testing.T) {
	tr := deepChain(deep)
	tr.Spans[len(tr.Spans)-1].ParentID = sid(deep) // the root names the leaf
	tree := BuildTree(tr, Options{})
	root := tree.Order[0]
	if tree.Span(root).SpanID != sid(1) || !tree.Orphan[root] {
		t.Errorf("root is %s (orphan %v), want 1/1, an orphan", tree.Span(root).Name, tree.Orphan[root])
	}
	if tree.Counts.ParentCycles != 1 || len(tree.Order) != deep {
		t.Errorf("ParentCycles = %d, Order has %d spans", tree.Counts.ParentCycles, len(tree.Order))
	}
}
