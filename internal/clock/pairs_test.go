package clock

import (
	"context"
	"encoding/binary"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// Span prototypes: small integer trace and span IDs, millisecond times
// from base, a host.

func tid(n uint64) trace.TraceID {
	var id trace.TraceID
	binary.BigEndian.PutUint64(id[8:], n)
	return id
}

func sid(n uint64) trace.SpanID {
	var id trace.SpanID
	binary.BigEndian.PutUint64(id[:], n)
	return id
}

type spanOpt func(*trace.Span)

// sp is span s of trace t under parent p (0: none), kind k, on host h,
// from start to end milliseconds after base.
func sp(t, s, p uint64, k trace.Kind, h string, start, end int64, opts ...spanOpt) trace.Span {
	span := trace.Span{TraceID: tid(t), SpanID: sid(s), ParentID: sid(p), Kind: k, Host: h, Service: h,
		Start: base + start*ms, End: base + end*ms}
	for _, o := range opts {
		o(&span)
	}
	return span
}

func link(t, s uint64) spanOpt {
	return func(sp *trace.Span) { sp.Links = append(sp.Links, trace.Link{TraceID: tid(t), SpanID: sid(s)}) }
}

func shared(s *trace.Span) { s.Shared = true }

func stitched(spans ...trace.Span) *stitch.Graph {
	st := trace.NewStore()
	for _, s := range spans {
		st.Add(s)
	}
	return stitch.Stitch(st, stitch.Options{Workers: 1})
}

// allPairs returns Pairs and LinkPairs of every tree, in tree order.
func allPairs(g *stitch.Graph) (rpc, queue []Pair) {
	for _, t := range g.Trees {
		rpc = append(rpc, Pairs(t)...)
		queue = append(queue, LinkPairs(g, t)...)
	}
	return rpc, queue
}

const (
	server   = trace.KindServer
	client   = trace.KindClient
	producer = trace.KindProducer
	consumer = trace.KindConsumer
	internal = trace.KindInternal
)

func TestPairs(t *testing.T) {
	for _, tc := range []struct {
		name       string
		spans      []trace.Span
		rpc, queue []Pair
	}{{
		name: "client to server on another host",
		spans: []trace.Span{
			sp(1, 1, 0, server, "a", 0, 20),
			sp(1, 2, 1, client, "a", 2, 12),
			sp(1, 3, 2, server, "b", 38, 46), // b's clock runs 35 ms ahead
		},
		rpc: []Pair{{From: "a", To: "b", Lo: 34 * ms, Hi: 36 * ms, T: base + 2*ms, TraceID: tid(1), SpanID: sid(2)}},
	}, {
		name: "same host, or not a client and its server",
		spans: []trace.Span{
			sp(1, 1, 0, server, "a", 0, 20),
			sp(1, 2, 1, client, "a", 2, 12),
			sp(1, 3, 2, server, "a", 3, 11),
			sp(1, 4, 1, server, "b", 3, 11),   // under a SERVER
			sp(1, 5, 1, internal, "a", 3, 11), // INTERNAL
			sp(1, 6, 5, server, "c", 4, 10),   // under an INTERNAL
			sp(1, 7, 99, server, "d", 4, 10),  // orphan
		},
	}, {
		name: "server outlasting its asynchronous client: the starts only",
		spans: []trace.Span{
			sp(1, 2, 0, client, "a", 2, 4),
			sp(1, 3, 2, server, "b", 3, 30),
		},
		rpc: []Pair{{From: "a", To: "b", Lo: NoLower, Hi: ms, T: base + 2*ms, TraceID: tid(1), SpanID: sid(2)}},
	}, {
		name: "Zipkin shared span: the server half pairs with its client",
		spans: []trace.Span{
			sp(1, 2, 1, client, "a", 2, 12),
			sp(1, 2, 1, server, "b", 38, 46, shared),
			sp(1, 3, 2, client, "b", 39, 45), // its child hangs under the server half
			sp(1, 4, 3, server, "c", 30, 34),
		},
		rpc: []Pair{
			{From: "a", To: "b", Lo: 34 * ms, Hi: 36 * ms, T: base + 2*ms, TraceID: tid(1), SpanID: sid(2)},
			{From: "b", To: "c", Lo: -11 * ms, Hi: -9 * ms, T: base + 39*ms, TraceID: tid(1), SpanID: sid(3)},
		},
	}, {
		name: "producer linked to a consumer in another trace",
		spans: []trace.Span{
			sp(1, 1, 0, server, "a", 0, 20),
			sp(1, 2, 1, producer, "a", 5, 6),
			sp(2, 1, 0, consumer, "b", 8, 20, link(1, 2), link(1, 2)), // the same link twice counts once
			sp(3, 1, 0, consumer, "b", 9, 20, link(1, 1)),             // not a PRODUCER
			sp(4, 1, 0, consumer, "b", 9, 20, link(1, 77)),            // not in the input
			sp(5, 1, 0, consumer, "a", 9, 20, link(1, 2)),             // same host
		},
		queue: []Pair{{From: "a", To: "b", Lo: NoLower, Hi: 3 * ms, T: base + 5*ms, TraceID: tid(1), SpanID: sid(2)}},
	}, {
		name: "consumer under its producer (context propagated as parent), and linked to it too",
		spans: []trace.Span{
			sp(1, 2, 0, producer, "a", 5, 6),
			sp(1, 3, 2, consumer, "b", 4, 20, link(1, 2)),
		},
		queue: []Pair{{From: "a", To: "b", Lo: NoLower, Hi: -ms, T: base + 5*ms, TraceID: tid(1), SpanID: sid(2)}},
	}, {
		name: "differences that overflow int64 are left out",
		spans: []trace.Span{
			{TraceID: tid(1), SpanID: sid(2), Kind: client, Host: "a", Start: math.MinInt64 + 5, End: 0},
			{TraceID: tid(1), SpanID: sid(3), ParentID: sid(2), Kind: server, Host: "b", Start: math.MaxInt64 - 9, End: math.MaxInt64 - 1},
			{TraceID: tid(2), SpanID: sid(2), Kind: producer, Host: "a", Start: math.MinInt64 + 5, End: 0},
			{TraceID: tid(3), SpanID: sid(1), Kind: consumer, Host: "b", Start: 10, End: 20, Links: []trace.Link{{TraceID: tid(2), SpanID: sid(2)}}},
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			rpc, queue := allPairs(stitched(tc.spans...))
			if d := cmp.Diff(tc.rpc, rpc); d != "" {
				t.Errorf("Pairs (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.queue, queue); d != "" {
				t.Errorf("LinkPairs (-want +got):\n%s", d)
			}
		})
	}
}

// TestPairsZipkin reads Zipkin dumps through ingest and stitch: shared
// spans pair with their clients, and the Collector's link tags give queue
// pairs. The bounds hold the true offsets (testdata/clock/README.md).
func TestPairsZipkin(t *testing.T) {
	mustID := func(s string) trace.TraceID {
		id, err := trace.ParseTraceID(s)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	spanID := func(s string) trace.SpanID {
		id, err := trace.ParseSpanID(s)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, tc := range []struct {
		path       string
		rpc, queue []Pair
	}{{
		path: "../../testdata/clock/zipkin-shared.json",
		rpc: []Pair{{From: "10.0.0.1", To: "10.0.0.2", Lo: 34300 * us, Hi: 35300 * us, T: base + ms,
			TraceID: mustID("5af7183fb1d4cf5f"), SpanID: spanID("00000000000000a2")}},
		queue: []Pair{{From: "10.0.0.2", To: "10.0.0.3", Lo: NoLower, Hi: -37 * ms, T: base + 37*ms,
			TraceID: mustID("5af7183fb1d4cf5f"), SpanID: spanID("00000000000000a3")}},
	}, {
		// Zipkin's own skew example: the shared server half starts 65 ms
		// before its client.
		path: "../../testdata/fixtures/zipkin/skew.json",
		rpc: []Pair{{From: "127.0.0.0", To: "192.0.0.0", Lo: -66403 * us, Hi: -65441 * us, T: 1470150004074202 * us,
			TraceID: mustID("1e223ff1f80f1c69"), SpanID: spanID("74280ae0c10d8062")}},
	}} {
		t.Run(tc.path, func(t *testing.T) {
			st := trace.NewStore()
			if _, err := ingest.Load(context.Background(), []string{tc.path}, st, ingest.Options{Workers: 1}); err != nil {
				t.Fatal(err)
			}
			rpc, queue := allPairs(stitch.Stitch(st, stitch.Options{Workers: 1}))
			if d := cmp.Diff(tc.rpc, rpc); d != "" {
				t.Errorf("Pairs (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.queue, queue); d != "" {
				t.Errorf("LinkPairs (-want +got):\n%s", d)
			}
		})
	}
}

func TestCollect(t *testing.T) {
	g := stitched(
		sp(1, 1, 0, server, "a", 0, 20),
		sp(1, 2, 1, client, "a", 2, 12),
		sp(1, 3, 2, server, "b", 38, 46),
		sp(1, 3, 2, server, "b", 38, 46), // a duplicate is not counted
		sp(1, 4, 1, producer, "a", 14, 15),
		sp(2, 1, 0, consumer, "c", -5, 30, link(1, 4)),
	)
	in := Collect(g)
	want := Input{
		Pairs: []Pair{
			{From: "a", To: "b", Lo: 34 * ms, Hi: 36 * ms, T: base + 2*ms, TraceID: tid(1), SpanID: sid(2)},
			{From: "a", To: "c", Lo: NoLower, Hi: -19 * ms, T: base + 14*ms, TraceID: tid(1), SpanID: sid(4)},
		},
		Hosts: []HostInfo{{"a", 3, []string{"a"}}, {"b", 1, []string{"b"}}, {"c", 1, []string{"c"}}},
		Start: base - 5*ms, End: base + 46*ms,
	}
	if d := cmp.Diff(want, in); d != "" {
		t.Errorf("Collect (-want +got):\n%s", d)
	}
	if in := Collect(stitched()); in.End >= in.Start || in.Pairs != nil || in.Hosts != nil {
		t.Errorf("Collect of nothing = %+v", in)
	}
}
