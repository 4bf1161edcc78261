package detect

import (
	"math"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
)

// Judge decides orderings of events across hosts (DESIGN §6): all the
// orderings given are judged jointly, on one offset vector, and the margin
// is the smallest gap at the estimated offsets. *clock.Model implements it;
// clock.Zero() judges raw times exactly. Detect calls it for every ordering
// a rule depends on, and from one goroutine.
type Judge interface {
	Judge([]clock.Ordering) (clock.Confidence, int64)
}

// hostLister is what a Judge may also know: each host's offset bounds
// (*clock.Model does). Detect uses them only to size its search (see
// searchSkew); every decision stays with Judge.
type hostLister interface {
	Hosts() []clock.HostOffset
}

// order is one decisive ordering of a finding, "a before b". strict is the
// claim itself; loose is the claim relaxed to include a tie or an overlap,
// which DESIGN §6 caps at possible.
type order struct {
	strict, loose clock.Ordering
}

// opBefore is "a before b" for two operations' spans (DESIGN §5): a.end <
// b.start. Relaxed, the spans may overlap: a.start ≤ b.end.
func opBefore(a, b *ops.Op) order {
	return order{
		strict: clock.Ordering{A: endOf(a), B: startOf(b)},
		loose:  clock.Ordering{A: startOf(a), B: atOrAfter(endOf(b))},
	}
}

// pointBefore is "a before b" for two points: a < b. Relaxed, they may tie.
func pointBefore(a, b clock.Point) order {
	return order{strict: clock.Ordering{A: a, B: b}, loose: clock.Ordering{A: a, B: atOrAfter(b)}}
}

func startOf(o *ops.Op) clock.Point { return clock.Point{Host: o.Span.Host, T: o.Span.Start} }
func endOf(o *ops.Op) clock.Point   { return clock.Point{Host: o.Span.Host, T: o.Span.End} }

// atOrAfter turns "A < p" into "A ≤ p": times are whole nanoseconds.
func atOrAfter(p clock.Point) clock.Point {
	if p.T < math.MaxInt64 {
		p.T++
	}
	return p
}

// near reports whether the relaxed ordering misses by at most skew on raw
// times. It bounds the search: an ordering that holds at the estimated
// offsets, or anywhere within two-sided bounds, misses by less than the
// largest offset difference between two hosts, which skew exceeds.
func (o *order) near(skew int64) bool {
	return gap(o.loose.A.T, o.loose.B.T) > -skew
}

// gap is b − a, saturated at the int64 limits.
func gap(a, b int64) int64 {
	d := b - a
	switch {
	case b >= 0 && a < 0 && d < 0:
		return math.MaxInt64
	case b < 0 && a >= 0 && d >= 0:
		return math.MinInt64
	}
	return d
}

// verdict is a judgement of all a finding's decisive orderings.
type verdict struct {
	conf   clock.Confidence
	margin int64 // smallest gap at the estimates: DESIGN §4 margin_ns
}

// better reports whether v is a stronger verdict than w: a higher
// confidence, then a larger margin.
func (v verdict) better(w verdict) bool {
	if v.conf != w.conf {
		return v.conf > w.conf
	}
	return v.margin > w.margin
}

// judge is one partition's access to the Judge, with scratch space; it is
// not safe for concurrent use.
type judge struct {
	j       Judge
	skew    int64
	scratch []clock.Ordering
}

// decide judges orderings jointly. Strict orderings give the confidence
// and the margin; when they cannot all hold, the relaxed ones (ties and
// overlaps) may still make the finding possible (DESIGN §6), with the
// strict margin, which is then never positive. An ordering that misses by
// more than the search skew on raw times is never considered.
func (jd *judge) decide(os ...order) verdict {
	for i := range os {
		if !os[i].near(jd.skew) {
			return verdict{conf: clock.None}
		}
	}
	strict := jd.scratch[:0]
	for _, o := range os {
		strict = append(strict, o.strict)
	}
	conf, margin := jd.j.Judge(strict)
	if conf == clock.None {
		loose := strict[:0]
		for _, o := range os {
			loose = append(loose, o.loose)
		}
		if c, _ := jd.j.Judge(loose); c != clock.None {
			conf = clock.Possible
		}
		jd.scratch = loose
	} else {
		jd.scratch = strict
	}
	return verdict{conf: conf, margin: margin}
}

// maxSkew caps the search skew so that raw times ± skew cannot overflow.
const maxSkew = math.MaxInt64 / 4

// searchSkew bounds how far, in raw time, an ordering may miss and still
// hold at the estimated offsets or within two-sided bounds: twice the
// largest finite offset bound of any host, plus how far its drift can move
// it over span ns (the time range searched). Judges that do not list their
// hosts (clock.Zero, test fakes) are exact: 0.
func searchSkew(j Judge, span int64) int64 {
	hl, ok := j.(hostLister)
	if !ok {
		return 0
	}
	var worst float64
	for _, h := range hl.Hosts() {
		off := math.Abs(float64(h.Offset))
		if h.Min != clock.NoLower {
			off = math.Max(off, math.Abs(float64(h.Min)))
		}
		if h.Max != clock.NoUpper {
			off = math.Max(off, math.Abs(float64(h.Max)))
		}
		if h.DriftKnown {
			off += math.Abs(h.DriftPPM) * 1e-6 * float64(span)
		}
		worst = math.Max(worst, off)
	}
	switch s := 2*worst + 1; {
	case worst == 0:
		return 0
	case s < maxSkew:
		return int64(s)
	}
	return maxSkew
}
