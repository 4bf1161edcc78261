package clock

import (
	"math"

	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// NoLower and NoUpper stand for a missing bound: −∞ and +∞.
const (
	NoLower int64 = math.MinInt64
	NoUpper int64 = math.MaxInt64
)

// Pair is one observation of the offset between two hosts: Lo ≤
// offset(To) − offset(From) ≤ Hi, in nanoseconds, at raw time T. A
// one-sided (queue) pair has Lo = NoLower; a pair may also have Hi =
// NoUpper, never both. TraceID and SpanID name the CLIENT (or PRODUCER)
// span that gave it, so that a pair set aside as an outlier can be
// reported.
type Pair struct {
	From, To string // host keys
	Lo, Hi   int64
	T        int64 // raw ns on From's clock: the CLIENT or PRODUCER span's start
	TraceID  trace.TraceID
	SpanID   trace.SpanID
}

// OneSided reports whether the pair bounds the offset on one side only.
func (p *Pair) OneSided() bool { return (p.Lo == NoLower) != (p.Hi == NoUpper) }

// Pairs returns the two-sided observations of one trace: for every CLIENT
// span c whose child SERVER span s is on another host, offset(Hs) −
// offset(Hc) ∈ [s.end − c.end, s.start − c.start] (the request reaches the
// server after the client sent it; the answer reaches the client after the
// server ended). A Zipkin shared server half is its client's child in the
// tree, so it pairs with that client like any other server span.
//
// A server span that outlasts its client (an asynchronous client that
// ended before the answer, as Jaeger's skew adjuster also allows for) keeps
// only the bound from the starts: its pair is one-sided. Pairs whose
// differences overflow int64 are left out.
func Pairs(t *stitch.Tree) []Pair { return appendPairs(nil, t) }

func appendPairs(dst []Pair, t *stitch.Tree) []Pair {
	for _, i := range t.Order {
		p := t.Parent[i]
		if p < 0 {
			continue
		}
		s, c := t.Span(i), t.Span(p)
		if s.Kind != trace.KindServer || c.Kind != trace.KindClient || s.Host == c.Host {
			continue
		}
		hi, ok := sub(s.Start, c.Start)
		if !ok {
			continue
		}
		lo, ok := sub(s.End, c.End)
		if !ok || lo > hi {
			lo = NoLower
		}
		dst = append(dst, Pair{From: c.Host, To: s.Host, Lo: lo, Hi: hi, T: c.Start, TraceID: c.TraceID, SpanID: c.SpanID})
	}
	return dst
}

// LinkPairs returns the one-sided observations of one trace: for every
// CONSUMER span q tied to a PRODUCER span p on another host, by a span link
// (resolved in g) or as q's parent (context propagated as parent),
// offset(Hq) − offset(Hp) ≤ q.start − p.start: a message is consumed only
// after its producer started. Nothing bounds the other side, since a
// message may wait in its queue for any time.
func LinkPairs(g *stitch.Graph, t *stitch.Tree) []Pair { return appendLinkPairs(nil, g, t) }

func appendLinkPairs(dst []Pair, g *stitch.Graph, t *stitch.Tree) []Pair {
	var seen []*trace.Span // the producers already paired with this consumer
	for _, i := range t.Order {
		q := t.Span(i)
		if q.Kind != trace.KindConsumer {
			continue
		}
		seen = seen[:0]
		if p := t.Parent[i]; p >= 0 {
			dst, seen = appendLinkPair(dst, seen, t.Span(p), q)
		}
		for _, l := range q.Links {
			if pt, pi := g.Find(l); pt != nil {
				dst, seen = appendLinkPair(dst, seen, pt.Span(pi), q)
			}
		}
	}
	return dst
}

func appendLinkPair(dst []Pair, seen []*trace.Span, p, q *trace.Span) ([]Pair, []*trace.Span) {
	if p.Kind != trace.KindProducer || p.Host == q.Host {
		return dst, seen
	}
	for _, s := range seen {
		if s == p {
			return dst, seen
		}
	}
	hi, ok := sub(q.Start, p.Start)
	if !ok {
		return dst, seen
	}
	dst = append(dst, Pair{From: p.Host, To: q.Host, Lo: NoLower, Hi: hi, T: p.Start, TraceID: p.TraceID, SpanID: p.SpanID})
	return dst, append(seen, p)
}

// sub returns a − b, and false when it overflows or lands on a sentinel.
func sub(a, b int64) (int64, bool) {
	d := a - b
	if (a >= 0) != (b >= 0) && (d >= 0) != (a >= 0) {
		return 0, false
	}
	return d, d != NoLower && d != NoUpper
}
