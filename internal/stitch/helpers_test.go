package stitch

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/raceline/raceline/internal/trace"
)

// Test spans are compact prototypes: small integer trace and span IDs,
// millisecond times. A span is named "t/s" (trace number / span number)
// unless an option renames it.

const ms = int64(1e6)

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

// sp builds span s of trace t with parent p (0: none), kind k, and times in
// milliseconds.
func sp(t, s, p uint64, k trace.Kind, start, end int64, opts ...spanOpt) trace.Span {
	span := trace.Span{
		TraceID: tid(t), SpanID: sid(s), ParentID: sid(p), Kind: k,
		Start: start * ms, End: end * ms, Name: fmt.Sprintf("%d/%d", t, s),
		Service: "svc", Host: "host",
	}
	for _, o := range opts {
		o(&span)
	}
	return span
}

func attr(k, v string) spanOpt {
	return func(s *trace.Span) { s.Attrs = append(s.Attrs, trace.Attr{Key: k, Value: v}) }
}

func link(t, s uint64) spanOpt {
	return func(sp *trace.Span) { sp.Links = append(sp.Links, trace.Link{TraceID: tid(t), SpanID: sid(s)}) }
}

func named(name string) spanOpt { return func(s *trace.Span) { s.Name = name } }

func shared(s *trace.Span) { s.Shared = true }

func makeStore(spans ...trace.Span) *trace.Store {
	st := trace.NewStore()
	for _, s := range spans {
		st.Add(s)
	}
	return st
}

func makeTrace(spans ...trace.Span) *trace.Trace {
	return &trace.Trace{ID: spans[0].TraceID, Spans: spans}
}

const (
	internal = trace.KindInternal
	server   = trace.KindServer
	client   = trace.KindClient
	producer = trace.KindProducer
	consumer = trace.KindConsumer
)

// name returns a span's name, or "-" for none.
func name(s *trace.Span) string {
	if s == nil {
		return "-"
	}
	return s.Name
}

// describe renders a unit on one line: kind, root, link, enqueue,
// enqueuer, actor and bounds.
func describe(u *Unit) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", u.Kind, name(u.RootSpan()))
	if u.Link != nil {
		fmt.Fprintf(&b, " link=%d/%d", binary.BigEndian.Uint64(u.Link.TraceID[8:]), binary.BigEndian.Uint64(u.Link.SpanID[:]))
	}
	if u.Kind == Job {
		by := "-"
		if u.EnqueuedBy != nil {
			by = name(u.EnqueuedBy.RootSpan())
		}
		fmt.Fprintf(&b, " enq=%s by=%s", name(u.Enqueue), by)
	}
	if !u.Actor.IsZero() {
		fmt.Fprintf(&b, " actor=%s=%s", u.Actor.Key, u.Actor.Value)
	}
	fmt.Fprintf(&b, " [%d,%d]", u.Start/ms, u.End/ms)
	return b.String()
}

func describeUnits(units []*Unit) []string {
	out := make([]string, len(units))
	for i, u := range units {
		out[i] = describe(u)
	}
	return out
}

// owners maps each kept span name to its unit's root span name.
func owners(g *Graph) map[string]string {
	m := make(map[string]string)
	for _, t := range g.Trees {
		for _, s := range t.Order {
			m[t.Span(s).Name] = name(t.Units[t.Unit[s]].RootSpan())
		}
	}
	return m
}
