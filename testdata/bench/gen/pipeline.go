package gen

import (
	"container/heap"
	"math"
)

// spanHeap holds finished spans by end time, then creation order.
type spanHeap []*span

func (h spanHeap) Len() int { return len(h) }
func (h spanHeap) Less(i, j int) bool {
	if h[i].end != h[j].end {
		return h[i].end < h[j].end
	}
	return h[i].seq < h[j].seq
}
func (h spanHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *spanHeap) Push(x any)   { *h = append(*h, x.(*span)) }
func (h *spanHeap) Pop() any {
	old := *h
	sp := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return sp
}

// emit hands a finished span to the pipeline.
func (g *generator) emit(sp *span) {
	heap.Push(&g.pend, sp)
	g.stats.Spans++
	g.stats.Links += len(sp.links)
}

// drain moves every pending span that ended before t into its SDK's
// queue, in end-time order, firing the SDKs' timers on the way. A span
// that ended before t is final, because every visit generated later starts
// at or after t and all its spans end later still.
func (g *generator) drain(t int64) error {
	for len(g.pend) > 0 && g.pend[0].end < t {
		sp := heap.Pop(&g.pend).(*span)
		if err := g.tick(sp.end); err != nil {
			return err
		}
		in := sp.inst
		in.queue = append(in.queue, sp)
		if len(in.queue) >= g.topo.SDKMaxBatch {
			if err := g.export(in, sp.end); err != nil {
				return err
			}
		}
	}
	return nil
}

// tick fires, in time order, every SDK timer due by t.
func (g *generator) tick(t int64) error {
	for {
		in := g.nextTimer(false)
		if in == nil || in.nextTick > t {
			return nil
		}
		if err := g.export(in, in.nextTick); err != nil {
			return err
		}
	}
}

// nextTimer is the instance whose timer fires first (ties: topology
// order); with queued, only instances that have spans waiting.
func (g *generator) nextTimer(queued bool) *instance {
	var first *instance
	for _, in := range g.all {
		if queued && len(in.queue) == 0 {
			continue
		}
		if first == nil || in.nextTick < first.nextTick {
			first = in
		}
	}
	return first
}

// export sends in's queue to the Collector at time at, as the SDK's batch
// span processor does when its timer fires or its batch is full; either
// way the timer restarts. An empty queue sends nothing.
func (g *generator) export(in *instance, at int64) error {
	in.nextTick = at + int64(g.topo.SDKDelay)
	if len(in.queue) == 0 {
		return nil
	}
	spans := in.queue
	in.queue = nil // the Collector keeps sub-slices of this one
	return g.receive(at, export{inst: in, spans: spans})
}

// finish drains everything: pending spans, then each SDK's last queue at
// its next timer, then the Collector's last batch.
func (g *generator) finish() error {
	if err := g.drain(math.MaxInt64); err != nil {
		return err
	}
	for in := g.nextTimer(true); in != nil; in = g.nextTimer(true) {
		if err := g.export(in, in.nextTick); err != nil {
			return err
		}
	}
	return g.flush()
}
