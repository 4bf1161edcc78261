package clock

import (
	"maps"
	"slices"

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
func Collect(g *stitch.Graph) Input {
	in := Input{Start: 1, End: 0}
	type hostAcc struct {
		spans    int64
		services map[string]struct{}
	}
	hosts := make(map[string]*hostAcc)
	for _, t := range g.Trees {
		in.Pairs = appendPairs(in.Pairs, t)
		in.Pairs = appendLinkPairs(in.Pairs, g, t)
		for _, i := range t.Order {
			sp := t.Span(i)
			h := hosts[sp.Host]
			if h == nil {
				h = &hostAcc{services: make(map[string]struct{})}
				hosts[sp.Host] = h
			}
			h.spans++
			h.services[sp.Service] = struct{}{}
			if in.End < in.Start {
				in.Start, in.End = sp.Start, sp.End
			}
			in.Start, in.End = min(in.Start, sp.Start), max(in.End, sp.End)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(hosts)) {
		h := hosts[name]
		in.Hosts = append(in.Hosts, HostInfo{Host: name, Spans: h.spans, Services: slices.Sorted(maps.Keys(h.services))})
	}
	return in
}
