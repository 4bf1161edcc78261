package gen

// export is what one SDK sends in one call: spans of one resource. The
// Collector keeps each export as its own ResourceSpans, as its batch
// processor appends requests without merging resources.
type export struct {
	inst  *instance
	spans []*span
}

// collector is the Collector's batch processor: it sends what it holds
// when its timer fires or when it holds CollectorMaxBatch spans (splitting
// an export to do so); every send restarts the timer. One send is one
// line of the file exporter's output.
type collector struct {
	next  int64 // when the timer fires next
	parts []export
	n     int // spans in parts
}

// receive takes one export arriving at time at.
func (g *generator) receive(at int64, e export) error {
	c, timeout := &g.coll, int64(g.topo.CollectorTimeout)
	if at >= c.next {
		if err := g.flush(); err != nil {
			return err
		}
		c.next += ((at-c.next)/timeout + 1) * timeout
	}
	for len(e.spans) > 0 {
		take := min(g.topo.CollectorMaxBatch-c.n, len(e.spans))
		c.parts = append(c.parts, export{inst: e.inst, spans: e.spans[:take]})
		c.n += take
		e.spans = e.spans[take:]
		if c.n >= g.topo.CollectorMaxBatch {
			if err := g.flush(); err != nil {
				return err
			}
			c.next = at + timeout
		}
	}
	return nil
}

// flush writes the batch the Collector holds, if any, as one record.
func (g *generator) flush() error {
	c := &g.coll
	if c.n == 0 {
		return nil
	}
	n, err := g.sink.Write(toTraces(c.parts))
	if err != nil {
		return err
	}
	g.written += int64(n)
	g.spansWritten += c.n
	g.stats.Lines++
	c.parts, c.n = nil, 0
	return nil
}
