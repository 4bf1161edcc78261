package stitch

import "github.com/raceline/raceline/internal/trace"

// UnitKind says what a unit is (DESIGN §5).
type UnitKind uint8

// The unit kinds.
const (
	// Request is a SERVER span (or a request-matcher span) with no request
	// or job above it, and its subtree.
	Request UnitKind = iota + 1
	// Job is the outermost consuming span (CONSUMER, a messaging process,
	// receive or deliver operation, or a job-matcher span) and its subtree.
	Job
	// TraceUnit holds a trace's spans that are in no request or job: a
	// cron or script with an INTERNAL or CLIENT root.
	TraceUnit
)

var unitKindNames = [...]string{Request: "request", Job: "job", TraceUnit: "trace"}

// String returns "request", "job" or "trace", as outputs write it.
func (k UnitKind) String() string {
	if int(k) < len(unitKindNames) && unitKindNames[k] != "" {
		return unitKindNames[k]
	}
	return "unknown"
}

// Actor is who a unit acted for: the first present actor attribute
// (DESIGN §5). The zero Actor means none, and never matches another.
type Actor struct {
	Key, Value string
}

// IsZero reports whether there is no actor.
func (a Actor) IsZero() bool { return a.Value == "" }

// Matches reports whether both actors are known and equal as (key, value).
func (a Actor) Matches(b Actor) bool { return !a.IsZero() && a == b }

// Unit is a request, a job or a trace unit (DESIGN §5): every kept span
// belongs to exactly one unit root, and every operation to its unit. A job
// root linking N producers is N job units with the same root and spans.
type Unit struct {
	Kind  UnitKind
	Trace *trace.Trace
	Root  int32 // span index in Trace.Spans
	// Actor: for a request or trace unit, its own (root span first, then
	// its other spans by start and span ID). For a job, its enqueuer's
	// actor when EnqueuedBy has one, else its own.
	Actor Actor
	// Link is, for a job standing for one of its root's links, that link
	// (the first of equal ones in the root's Links); else nil.
	Link *trace.Link
	// Enqueue is, for a job, the span that enqueued it (see Stitch), or nil
	// when it is not in the input.
	Enqueue *trace.Span
	// EnqueuedBy is, for a job, the request containing Enqueue, or the
	// trace unit when Enqueue is in no request (a cron); when Enqueue is in
	// a job, that job's EnqueuedBy, transitively. Nil when unknown or when
	// jobs enqueue each other in a cycle. Never a job.
	EnqueuedBy *Unit
	// Start and End bound the spans the unit owns (the root's subtree
	// minus the units nested in it).
	Start, End int64

	tree     *Tree
	ownActor Actor   // a job's actor from its own spans
	enq      spanRef // where Enqueue is
	state    uint8   // the join's progress on a job: unvisited, onPath, settled
}

// RootSpan returns the unit's root span.
func (u *Unit) RootSpan() *trace.Span { return &u.Trace.Spans[u.Root] }

// Tree returns the tree of the unit's trace.
func (u *Unit) Tree() *Tree { return u.tree }

// compareLinks orders links by target; no link sorts first.
func compareLinks(a, b *trace.Link) int {
	switch {
	case a == nil || b == nil:
		return boolCompare(a != nil, b != nil)
	}
	if c := compareTraceID(a.TraceID, b.TraceID); c != 0 {
		return c
	}
	return compareSpanID(a.SpanID, b.SpanID)
}
