package cli

import (
	"math"

	"github.com/raceline/raceline/internal/trace"
)

// spanFilter is --since, --until and --service: which spans are shown.
// Stitching always sees every span; the filter only hides rows.
type spanFilter struct {
	since, until int64           // a span is shown when it ends at or after since and starts at or before until
	services     map[string]bool // nil: every service
}

// newSpanFilter resolves the flags against the input's end (the latest
// span end), which relative bounds such as --since 15m count back from.
func newSpanFilter(g *globalOptions, inputEnd int64) spanFilter {
	f := spanFilter{since: math.MinInt64, until: math.MaxInt64}
	if g.Since.isSet() {
		f.since = g.Since.resolve(inputEnd)
	}
	if g.Until.isSet() {
		f.until = g.Until.resolve(inputEnd)
	}
	if len(g.Services) > 0 {
		f.services = make(map[string]bool, len(g.Services))
		for _, s := range g.Services {
			f.services[s] = true
		}
	}
	return f
}

// keep reports whether sp is shown.
func (f spanFilter) keep(sp *trace.Span) bool {
	if sp.End < f.since || sp.Start > f.until {
		return false
	}
	return f.services == nil || f.services[sp.Service]
}
