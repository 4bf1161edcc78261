package stitch

import (
	"slices"

	"github.com/raceline/raceline/internal/trace"
)

// Bits of builder.flags during classify: what a span is inside (inherited
// by its descendants), and which kind of unit it is the root of (not
// inherited).
const (
	inJob       uint8 = 1 << iota // the span or an ancestor may start a job
	inRequest                     // the span or an ancestor may start a request
	rootRequest                   // the span roots a request
	rootJob                       // the span roots a job
	rootTrace                     // the span roots the trace unit
)

// classify decides, parents before children, which spans root a unit and
// which unit root owns each span, then makes the units (DESIGN §5).
//
// A span that may start a job starts one unless it is inside a job already
// (outermost wins), except right under a PRODUCER span: that is a queue hop
// with the context propagated as parent, so the consumer is a new job. A
// span that may start both a job and a request is a job: the messaging
// attributes are the more specific evidence.
func (b *builder) classify(t *Tree, opts *Options) {
	owner, flags := b.a, b.flags
	clear(flags)
	traceRoot := int32(-1)
	for _, s := range t.Order {
		sp, p := t.Span(s), t.Parent[s]
		in, own := uint8(0), int32(-1)
		if p >= 0 {
			in, own = flags[p]&(inJob|inRequest), owner[p]
		}
		job, req := opts.isJob(sp), opts.isRequest(sp)
		switch {
		case job && (in&inJob == 0 || t.Span(p).Kind == trace.KindProducer):
			own, flags[s] = s, rootJob
		case req && in == 0:
			own, flags[s] = s, rootRequest
		case own < 0: // a root in no unit: the trace unit's, rooted at the first such root
			if traceRoot < 0 {
				traceRoot, flags[s] = s, rootTrace
			}
			own = traceRoot
		}
		flags[s] |= in | pick(job, inJob) | pick(req, inRequest)
		owner[s] = own
	}
	b.makeUnits(t, owner, flags)
	b.setActors(t, opts.actorKeys())
}

func pick(ok bool, bit uint8) uint8 {
	if ok {
		return bit
	}
	return 0
}

// makeUnits creates the units in the order of their roots' starts, then
// points each kept span at its unit and bounds the units by their spans.
func (b *builder) makeUnits(t *Tree, owner []int32, flags []uint8) {
	first := b.b
	block := make([]Unit, 0, unitBound(t, flags, b.byStart)) // never grows, so pointers stay valid
	for _, s := range b.byStart {
		f := flags[s]
		if f&(rootRequest|rootJob|rootTrace) == 0 {
			continue
		}
		first[s] = int32(len(block))
		switch {
		case f&rootRequest != 0:
			block = t.addUnit(block, Request, s, nil)
			t.Counts.Requests++
		case f&rootTrace != 0:
			block = t.addUnit(block, TraceUnit, s, nil)
		default:
			block = b.addJobs(t, block, s)
		}
	}
	t.Units = make([]*Unit, len(block))
	for k := range block {
		t.Units[k] = &block[k]
	}
	for i := range t.Unit {
		t.Unit[i] = -1
	}
	for _, s := range t.Order {
		u := t.Units[first[owner[s]]]
		t.Unit[s] = first[owner[s]]
		sp := t.Span(s)
		u.Start, u.End = min(u.Start, sp.Start), max(u.End, sp.End)
	}
	t.copyToSiblings(func(dst, src *Unit) { dst.Start, dst.End = src.Start, src.End })
}

// unitBound is at least the number of units: one per root, or per link.
func unitBound(t *Tree, flags []uint8, spans []int32) int {
	n := 0
	for _, s := range spans {
		switch f := flags[s]; {
		case f&rootJob != 0:
			n += max(1, len(t.Span(s).Links))
		case f&(rootRequest|rootTrace) != 0:
			n++
		}
	}
	return n
}

func (t *Tree) addUnit(block []Unit, kind UnitKind, root int32, link *trace.Link) []Unit {
	sp := t.Span(root)
	return append(block, Unit{Kind: kind, Trace: t.Trace, Root: root, Link: link, Start: sp.Start, End: sp.End, tree: t})
}

// addJobs adds the jobs rooted at span s: one per distinct link target, in
// order of target, or one without a link.
func (b *builder) addJobs(t *Tree, block []Unit, s int32) []Unit {
	links := t.Span(s).Links
	b.links = b.links[:0]
	for i := range links {
		b.links = append(b.links, i)
	}
	slices.SortStableFunc(b.links, func(x, y int) int { return compareLinks(&links[x], &links[y]) })
	n := len(block)
	for k, i := range b.links {
		if k == 0 || links[i] != links[b.links[k-1]] {
			block = t.addUnit(block, Job, s, &links[i])
		}
	}
	if len(block) == n {
		block = t.addUnit(block, Job, s, nil)
	}
	t.Counts.Jobs += int64(len(block) - n)
	return block
}

// copyToSiblings calls f for each unit that follows a unit with the same
// root (the N units of a job linking N producers), with the first of them.
func (t *Tree) copyToSiblings(f func(dst, src *Unit)) {
	for k := 1; k < len(t.Units); k++ {
		if first := t.Units[t.Unit[t.Units[k].Root]]; first != t.Units[k] {
			f(t.Units[k], first)
		}
	}
}
