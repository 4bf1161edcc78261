package gen

import (
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// op is an open span with a time cursor: its children start at the cursor,
// one after another, and each moves the cursor to its own end. Scenario
// code is written as straight-line calls on ops.
type op struct {
	g   *generator
	sp  *span
	cur int64
	// slow delays the next database query or HTTP call made from this op
	// (Visit.Slow); it applies once.
	slow int64
}

// newSpan makes a span of inst's service. parent is zero for a root.
func (g *generator) newSpan(inst *instance, sk scopeKind, tid [16]byte, parent [8]byte,
	kind ptrace.SpanKind, name string, start int64) *span {
	g.seq++
	return &span{
		inst: inst, scope: inst.svc.scopes[sk], traceID: tid, spanID: g.rng.spanID(),
		parent: parent, kind: kind, name: name, start: start, seq: g.seq,
	}
}

// root opens the first span of a new trace.
func (g *generator) root(inst *instance, sk scopeKind, kind ptrace.SpanKind, name string, start int64) *op {
	sp := g.newSpan(inst, sk, g.rng.traceID(), [8]byte{}, kind, name, start)
	g.stats.Traces++
	return &op{g: g, sp: sp, cur: start + g.rng.dur(30*time.Microsecond, 0.5)}
}

// open starts a child of o at o's cursor (after a short gap). A child in
// another process has a remote parent.
func (o *op) open(inst *instance, sk scopeKind, kind ptrace.SpanKind, name string) *op {
	start := o.cur + o.g.rng.gap()
	c := &op{g: o.g, sp: o.g.newSpan(inst, sk, o.sp.traceID, o.sp.spanID, kind, name, start)}
	c.sp.remote = inst != o.sp.inst
	c.cur = start + o.g.rng.dur(15*time.Microsecond, 0.5)
	return c
}

// close ends child c a moment after its cursor, moves o's cursor past it
// and hands the span to the pipeline. Attributes may still be added to c's
// span until the scenario returns to the generation loop.
func (o *op) close(c *op) {
	c.sp.end = c.cur + o.g.rng.dur(15*time.Microsecond, 0.5)
	o.cur = c.sp.end
	o.g.emit(c.sp)
}

// leaf is a child without children of its own, lasting about d.
func (o *op) leaf(sk scopeKind, kind ptrace.SpanKind, name string, d int64) *span {
	c := o.open(o.sp.inst, sk, kind, name)
	c.cur += d
	o.close(c)
	return c.sp
}

// wait moves o's cursor by d: network latency, or work outside any child.
func (o *op) wait(d int64) { o.cur += d }

// finish ends a root op and hands it to the pipeline.
func (o *op) finish() {
	o.sp.end = o.cur + o.g.rng.dur(20*time.Microsecond, 0.5)
	o.g.emit(o.sp)
}

// takeSlow returns the delay a scripted visit put on o's next backend
// call, once.
func (o *op) takeSlow() int64 {
	d := o.slow
	o.slow = 0
	return d
}

// add appends attributes to o's span.
func (o *op) add(a ...attr) { o.sp.attrs = append(o.sp.attrs, a...) }
