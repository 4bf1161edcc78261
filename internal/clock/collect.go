package clock

import (
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/raceline/raceline/internal/stitch"
)

// Input is what Estimate needs: the pairs, every host of the input (hosts
// that appear in no pair are listed too, as unbounded), and the input's
// time range.
type Input struct {
	Pairs []Pair
	Hosts []HostInfo
	// Start and End are the raw times of the earliest span start and the
	// latest span end. Offsets in Hosts are taken at their middle. When End
	// < Start (unknown), the range of the pairs' times is used.
	Start, End int64
}

// HostInfo describes one host.
type HostInfo struct {
	Host     string
	Spans    int64    // the host with the most spans is its component's reference
	Services []string // sorted
}

// Collect gathers Estimate's input from a stitched graph: every tree's
// Pairs and LinkPairs, in tree order, and the spans, services and time
// range of every host. Duplicate spans are not counted.
//
// The work is a walk over every span, bound by memory, so contiguous runs
// of trees are walked on up to GOMAXPROCS goroutines (the graph is safe
// for concurrent reads) and their results joined in tree order: the
// result does not depend on the scheduling.
func Collect(g *stitch.Graph) Input {
	bounds := splitTrees(g.Trees, runtime.GOMAXPROCS(0))
	parts := make([]collected, len(bounds)-1)
	var wg sync.WaitGroup
	for c := range parts {
		wg.Go(func() { parts[c] = collectTrees(g, g.Trees[bounds[c]:bounds[c+1]]) })
	}
	wg.Wait()
	return join(parts)
}

// minCollect is the fewest spans worth a goroutine of their own.
const minCollect = 16384

// splitTrees returns the bounds of up to n contiguous runs of trees
// holding about as many spans each, none under minCollect unless it is the
// only one.
func splitTrees(trees []*stitch.Tree, n int) []int {
	total := 0
	for _, t := range trees {
		total += len(t.Order)
	}
	n = max(1, min(n, total/minCollect))
	bounds := []int{0}
	sum := 0
	for i, t := range trees {
		sum += len(t.Order)
		if len(bounds) < n && sum >= total*len(bounds)/n && i+1 < len(trees) {
			bounds = append(bounds, i+1)
		}
	}
	return append(bounds, len(trees))
}

// collected is what one run of trees gives.
type collected struct {
	pairs      []Pair
	hosts      map[string]*hostAcc
	start, end int64 // end < start: no span
}

// hostAcc accumulates one host's spans and services.
type hostAcc struct {
	spans    int64
	services map[string]struct{}
}

// collectTrees walks one run of trees: each tree's pairs, then its spans.
func collectTrees(g *stitch.Graph, trees []*stitch.Tree) collected {
	c := collected{hosts: make(map[string]*hostAcc), start: 1, end: 0}
	for _, t := range trees {
		c.pairs = appendPairs(c.pairs, t)
		c.pairs = appendLinkPairs(c.pairs, g, t)
		host, h := "", (*hostAcc)(nil) // the last span's: neighbours mostly share it
		for _, i := range t.Order {
			sp := t.Span(i)
			if h == nil || sp.Host != host {
				host, h = sp.Host, c.hosts[sp.Host]
				if h == nil {
					h = &hostAcc{services: make(map[string]struct{})}
					c.hosts[sp.Host] = h
				}
			}
			h.spans++
			h.services[sp.Service] = struct{}{}
			if c.end < c.start {
				c.start, c.end = sp.Start, sp.End
			}
			c.start, c.end = min(c.start, sp.Start), max(c.end, sp.End)
		}
	}
	return c
}

// join merges the runs' results, in tree order.
func join(parts []collected) Input {
	in := Input{Start: 1, End: 0}
	n := 0
	for _, c := range parts {
		n += len(c.pairs)
	}
	if n > 0 {
		in.Pairs = make([]Pair, 0, n)
	}
	hosts := parts[0].hosts
	for i, c := range parts {
		in.Pairs = append(in.Pairs, c.pairs...)
		if c.end >= c.start {
			if in.End < in.Start {
				in.Start, in.End = c.start, c.end
			}
			in.Start, in.End = min(in.Start, c.start), max(in.End, c.end)
		}
		if i > 0 {
			mergeHosts(hosts, c.hosts)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(hosts)) {
		h := hosts[name]
		in.Hosts = append(in.Hosts, HostInfo{Host: name, Spans: h.spans, Services: slices.Sorted(maps.Keys(h.services))})
	}
	return in
}

func mergeHosts(dst, src map[string]*hostAcc) {
	for name, s := range src {
		d := dst[name]
		if d == nil {
			dst[name] = s
			continue
		}
		d.spans += s.spans
		maps.Copy(d.services, s.services)
	}
}
