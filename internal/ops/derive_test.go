package ops

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// span builds span s of trace 1 with parent p, times in ms.
func span(s, p uint64, k trace.Kind, start int64, name string, attrs ...trace.Attr) trace.Span {
	return trace.Span{TraceID: tid(1), SpanID: sid(s), ParentID: sid(p), Kind: k, Name: name,
		Start: start * ms, End: (start + 1) * ms, Service: "svc", Host: "host", Attrs: attrs}
}

func storeOf(spans ...trace.Span) *trace.Store {
	st := trace.NewStore()
	for _, s := range spans {
		st.Add(s)
	}
	return st
}

// TestDeriveOrder: ops are sorted by (start, span ID, Seq) whatever the
// input order; a duplicate span yields nothing.
func TestDeriveOrder(t *testing.T) {
	spans := []trace.Span{
		span(1, 0, trace.KindServer, 0, "R"),
		span(5, 1, trace.KindClient, 10, "get", redisStmt("get b")...),
		span(3, 1, trace.KindClient, 10, "get", redisStmt("get a")...),
		span(4, 1, trace.KindClient, 5, "mget", redisStmt("mget c d")...),
		span(3, 1, trace.KindClient, 10, "get", redisStmt("get dup")...), // duplicate: the first is kept
	}
	want := []string{
		"1/4.0 read hit c MGET @R", "1/4.1 read hit d MGET @R",
		"1/3.0 read hit a GET @R", "1/5.0 read hit b GET @R",
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		ops, _ := deriveStore(storeOf(spans...), Options{})
		if diff := cmp.Diff(want, describeAll(ops)); diff != "" {
			t.Fatalf("ops (-want +got):\n%s", diff)
		}
		dup := spans[len(spans)-1]
		spans = spans[:len(spans)-1]
		r.Shuffle(len(spans), func(i, j int) { spans[i], spans[j] = spans[j], spans[i] })
		spans = append(spans, dup)
	}
}

// TestDiscardKeepsEarlierSpans: DISCARD drops what its transaction
// queued, nothing of the spans before it.
func TestDiscardKeepsEarlierSpans(t *testing.T) {
	s := new(scenario).request("R").goRedis("get a").
		client("MULTI", a("db.system.name", "valkey"), a("db.operation.name", "MULTI"), a("db.query.text", "set b 1\ndiscard\nset c 1"))
	ops, _ := s.derive(Options{})
	want := []string{"1/2.0 read hit a GET @R", "1/3.0 write c SET @R"}
	if diff := cmp.Diff(want, describeAll(ops)); diff != "" {
		t.Errorf("ops (-want +got):\n%s", diff)
	}
}

// TestDeriveUnits: every op points at its span and its unit.
func TestDeriveUnits(t *testing.T) {
	s := new(scenario).request("R").goRedis("get k").nested(trace.KindConsumer, "J").goRedis("set k v")
	g := stitch.Stitch(s.store(), stitch.Options{})
	tree := g.Trees[0]
	ops, _ := Derive(tree, Options{})
	if len(ops) != 2 {
		t.Fatalf("got %d ops, want 2", len(ops))
	}
	for _, o := range ops {
		i := int32(-1)
		for j := range tree.Trace.Spans {
			if tree.Span(int32(j)) == o.Span {
				i = int32(j)
			}
		}
		if i < 0 || tree.Units[tree.Unit[i]] != o.Unit {
			t.Errorf("%s: unit %v, want the span's unit", describe(&o), o.Unit.RootSpan().Name)
		}
	}
	if ops[0].Unit.Kind != stitch.Request || ops[1].Unit.Kind != stitch.Job {
		t.Errorf("unit kinds %v, %v; want request, job", ops[0].Unit.Kind, ops[1].Unit.Kind)
	}
}

// TestDeriveStats: cache ops are counted, keyless ones also apart; source
// ops are not cache ops.
func TestDeriveStats(t *testing.T) {
	s := new(scenario).request("R").
		goRedis("mget a b").pyRedis("GET", 1).pyRedis("GET", 1, a("cache.key", "k")).
		pgx(selectUser, "users").goRedis("lpush q x").goRedisPipeline("get ?", "set ? v").
		request("R2").goRedis("del x")
	_, stats := s.derive(Options{})
	if want := (Stats{CacheOps: 7, CacheOpsWithoutKey: 3}); stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
}

// TestDeriveConcurrent: Derive may run on several trees at once, and the
// result does not depend on it (run with -race).
func TestDeriveConcurrent(t *testing.T) {
	st := genStore(200, 3)
	g := stitch.Stitch(st, stitch.Options{})
	want := make([][]string, len(g.Trees))
	for i, tree := range g.Trees {
		ops, _ := Derive(tree, Options{})
		want[i] = describeAll(ops)
	}
	var wg sync.WaitGroup
	got := make([][]string, len(g.Trees))
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(g.Trees); i += 4 {
				ops, _ := Derive(g.Trees[i], Options{})
				got[i] = describeAll(ops)
			}
		})
	}
	wg.Wait()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("concurrent Derive differs (-want +got):\n%s", diff)
	}
}
