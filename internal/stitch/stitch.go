package stitch

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/raceline/raceline/internal/trace"
)

// Graph is everything Stitch found. It is immutable once returned and safe
// for concurrent reads.
type Graph struct {
	// Trees holds one tree per trace, in trace ID order.
	Trees []*Tree
	// Units holds every unit, ordered by (root start, trace ID, root span
	// ID, root index, link target).
	Units []*Unit
	// Anomalies counts each anomaly by name (all three names present).
	Anomalies map[string]int64
	Counts

	index     traceIndex
	byEnqueue []*Unit // jobs with an enqueue, by (enqueue tree, enqueue span), then as in Units
}

// Stitch builds every trace's tree and units, then joins jobs to their
// enqueues across traces (DESIGN §5). It calls st.Traces (which sorts the
// store's trace list) and otherwise only reads st; the Graph points into
// st's spans, which must not change afterwards.
//
// A job standing for a link has that link's target as its enqueue, of
// whatever kind, when it is in the input. The first job of a root left
// without one (a root with no link, or whose link target is missing) takes
// the root's parent when that is a PRODUCER span (context propagated as
// parent), else the PRODUCER span with the same messaging.message.id and
// messaging.destination.name (the earliest, by start, trace ID and span
// ID); a span already the enqueue of another job of the same root is not
// reused.
func Stitch(st *trace.Store, opts Options) *Graph {
	g := &Graph{Trees: buildAll(st.Traces(), opts)}
	g.index = newTraceIndex(g.Trees)
	linkJobs(g.index, opts.Workers) // needs every tree: a link may point into any trace
	for _, t := range g.Trees {
		g.Counts.Add(t.Counts) // after the join, which counts missing link targets
	}
	g.Anomalies = g.Counts.Anomalies()
	g.Units = sortUnits(g.Trees)
	g.indexJobs() // after sortUnits: it keeps the order of Units
	return g
}

// buildAll runs BuildTree over traces on opts.Workers goroutines; tree i is
// always that of trace i.
func buildAll(traces []*trace.Trace, opts Options) []*Tree {
	trees := make([]*Tree, len(traces))
	parallel(len(traces), opts.Workers, func() func(int) {
		var b builder // one per worker, reused from trace to trace
		return func(i int) {
			trees[i] = b.build(traces[i], &opts)
			trees[i].seq = int32(i)
		}
	})
	return trees
}

// parallel calls the function that newWorker returns once for each i in
// [0, n), from up to workers goroutines (0: GOMAXPROCS), each with its own
// function. It returns when all calls have.
func parallel(n, workers int, newWorker func() func(int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			work := newWorker()
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				work(int(i))
			}
		})
	}
	wg.Wait()
}

// sortUnits returns every tree's units in the order of Graph.Units. Each
// tree's units are already in (start, span ID, index, link) order and the
// trees in trace ID order, so sorting the concatenation by (start,
// position) gives the full order.
func sortUnits(trees []*Tree) []*Unit {
	type key struct {
		start int64
		pos   int
		u     *Unit
	}
	n := 0
	for _, t := range trees {
		n += len(t.Units)
	}
	keys := make([]key, 0, n)
	for _, t := range trees {
		for _, u := range t.Units {
			keys = append(keys, key{u.RootSpan().Start, len(keys), u})
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.pos, b.pos)
	})
	units := make([]*Unit, len(keys))
	for i, k := range keys {
		units[i] = k.u
	}
	return units
}

// indexJobs lists the jobs by their enqueue for JobsEnqueuedBy.
func (g *Graph) indexJobs() {
	for _, u := range g.Units {
		if u.enq.ok() {
			g.byEnqueue = append(g.byEnqueue, u)
		}
	}
	slices.SortStableFunc(g.byEnqueue, func(a, b *Unit) int { return compareEnqueue(a.enq, b.enq) })
}

func compareEnqueue(a, b spanRef) int {
	if c := cmp.Compare(a.tree.seq, b.tree.seq); c != 0 {
		return c
	}
	return cmp.Compare(a.span, b.span)
}

// Tree returns the tree of the trace with this ID, or nil.
func (g *Graph) Tree(id trace.TraceID) *Tree { return g.index.tree(id) }

// Find returns the tree holding the kept span a link (or any trace and span
// ID pair) points at, and the span's index; nil and -1 when it is not in
// the input.
func (g *Graph) Find(l trace.Link) (*Tree, int32) {
	r := g.index.find(l)
	if !r.ok() {
		return nil, -1
	}
	return r.tree, r.span
}

// JobsEnqueuedBy returns the jobs whose enqueue is span i of t (a tree of
// g), in the order of Units. The slice must not be modified.
func (g *Graph) JobsEnqueuedBy(t *Tree, i int32) []*Unit {
	r := spanRef{t, i}
	lo, _ := slices.BinarySearchFunc(g.byEnqueue, r, func(u *Unit, r spanRef) int { return compareEnqueue(u.enq, r) })
	hi := lo
	for hi < len(g.byEnqueue) && g.byEnqueue[hi].enq == r {
		hi++
	}
	return g.byEnqueue[lo:hi:hi]
}
