package clock

import (
	"math"
	"slices"
)

// maxDrift bounds the drift rate of one clock against another, in ns per
// second: 1000 ppm, ten times what a free-running crystal drifts. It keeps
// the set of feasible (a, b) bounded when the observations of a host pair
// all come from a short time; a clock that steps looks like a larger drift,
// and its pairs then contradict each other.
const maxDrift = 1e6

// slack widens every observation by 1 ns on each side, so that float64
// rounding never makes a consistent set of pairs look contradictory. Bounds
// only widen by it.
const slack = 1.0

// maxCurvature bounds how fast the drift rate between two clocks may
// change, in ns/s²: 1 ppm per 1000 s. A crystal's rate follows its
// temperature, and an NTP daemon corrects it, both far slower. A window's
// line is only trusted up to what such a change allows (see allowance).
const maxCurvature = 1.0

// obs is one pair in its host pair's frame: lo ≤ x_v − x_u ≤ hi, with u < v
// the hosts' indices, observed at t seconds from the model's base time.
type obs struct {
	t      float64
	lo, hi float64 // ns; −∞ and +∞ when missing
	idx    int32   // the pair's index in Estimate's input
}

func compareObs(a, b obs) int {
	switch {
	case a.t < b.t:
		return -1
	case a.t > b.t:
		return 1
	}
	return int(a.idx) - int(b.idx)
}

// fit is the offset model of one host pair over one window of time,
// x_v − x_u = a + b·t: the convex set of (a, b) that every kept
// observation allows, kept as the two envelopes that bound it and the
// interval of feasible drift rates b.
//
// The offset need not be exactly linear: when its drift rate changes by at
// most c per second, the line through its values at tf and tl (the
// window's first and last observation) strays from it by at most
// allowance(t). The observations are widened by that much, so that this
// line is feasible, and the bounds on it by as much again, so that they
// hold the offset itself.
type fit struct {
	hi     envelope // points (t, hi): a + b·t ≤ hi
	lo     envelope // points (t, −lo): a + b·t ≥ lo, negated to reuse envelope
	b1, b2 float64  // feasible b, ns/s
	tf, tl float64
	c      float64 // ns/s²
}

// bounds returns the bounds on the offset at time t.
func (f *fit) bounds(t float64) (lo, hi float64) {
	lo, hi = f.lineBounds(t)
	e := f.allowance(t)
	return lo - e, hi + e
}

// lineBounds returns the least and the greatest a + b·t over the feasible
// (a, b) at time t: the maximum is reached on the line through the hi
// envelope's edge over t, with its slope clamped to [b1, b2] (the function
// of b is concave); the minimum likewise on the lo envelope. The upper
// bound is thus convex in t and the lower one concave.
func (f *fit) lineBounds(t float64) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if !f.hi.empty() {
		b := clamp(f.hi.slopeAt(t), f.b1, f.b2)
		hi = f.hi.at(b) + b*t
	}
	if !f.lo.empty() {
		b := clamp(f.lo.slopeAt(t), -f.b2, -f.b1)
		lo = -(f.lo.at(b) + b*t)
	}
	return lo, hi
}

// allowance is how far an offset whose drift rate changes by at most c per
// second strays at time t from the line through its values at tf and tl:
// c·|t − tf|·|t − tl| / 2, the error of linear interpolation.
func (f *fit) allowance(t float64) float64 { return f.c * math.Abs((t-f.tf)*(t-f.tl)) / 2 }

// maxAllowance is the largest allowance over [a, b]: at an end, or at the
// middle of the window, where the parabola peaks.
func (f *fit) maxAllowance(a, b float64) float64 {
	m := math.Max(f.allowance(a), f.allowance(b))
	if v := (f.tf + f.tl) / 2; a < v && v < b {
		m = math.Max(m, f.allowance(v))
	}
	return m
}

// drift returns the middle of the feasible drift rates, in ns/s, when the
// observations bound it on both sides.
func (f *fit) drift() (float64, bool) {
	if f.b1 <= -maxDrift || f.b2 >= maxDrift {
		return 0, false
	}
	return (f.b1 + f.b2) / 2, true
}

// solver fits observations, keeping its scratch space from one host pair
// to the next.
type solver struct {
	// curvature is the fits' c: maxCurvature, or 0 for offsets known to be
	// exactly linear.
	curvature float64
	f         fit
	bs, gs    []float64
	tmp       []obs // sortObs's scratch
	ends      []int
}

// solve fits obs, sorted by compareObs, leaving out those marked in skip
// (nil: none). It reports false when no (a, b) satisfies them all.
func (s *solver) solve(obs []obs, skip []bool) bool {
	s.f.hi.reset()
	s.f.lo.reset()
	s.f.c = s.curvature
	if len(obs) > 0 {
		s.f.tf, s.f.tl = obs[0].t, obs[len(obs)-1].t
	}
	for i := range obs {
		if skip != nil && skip[i] {
			continue
		}
		o := &obs[i]
		e := slack + s.f.allowance(o.t)
		if !math.IsInf(o.hi, 1) {
			s.f.hi.push(pt{o.t, o.hi + e})
		}
		if !math.IsInf(o.lo, -1) {
			s.f.lo.push(pt{o.t, -(o.lo - e)})
		}
	}
	return s.driftRange()
}

// result returns a copy of the last fit.
func (s *solver) result() fit {
	f := s.f
	f.hi.pts = slices.Clone(f.hi.pts)
	f.lo.pts = slices.Clone(f.lo.pts)
	return f
}

// gap is H(b) − L(b): for drift b, a may lie in [L(b), H(b)]. It is
// concave and piecewise linear, its breakpoints the envelopes' slopes.
func (s *solver) gap(b float64) float64 { return s.f.hi.at(b) + s.f.lo.at(-b) }

// driftRange sets [b1, b2] to the drift rates where gap ≥ 0, within
// ±maxDrift, and reports whether there is any.
func (s *solver) driftRange() bool {
	s.f.b1, s.f.b2 = -maxDrift, maxDrift
	if s.f.hi.empty() || s.f.lo.empty() {
		return true
	}
	bs := append(s.bs[:0], -maxDrift, maxDrift)
	bs = s.f.hi.breakpoints(bs, 1, -maxDrift, maxDrift)
	bs = s.f.lo.breakpoints(bs, -1, -maxDrift, maxDrift)
	slices.Sort(bs)
	gs := s.gs[:0]
	best := 0
	for i, b := range bs {
		gs = append(gs, s.gap(b))
		if gs[i] > gs[best] {
			best = i
		}
	}
	s.bs, s.gs = bs, gs
	if gs[best] < 0 {
		return false
	}
	for i := best; i > 0; i-- {
		if gs[i-1] < 0 {
			s.f.b1 = root(bs[i-1], gs[i-1], bs[i], gs[i])
			break
		}
	}
	for i := best; i+1 < len(bs); i++ {
		if gs[i+1] < 0 {
			s.f.b2 = root(bs[i], gs[i], bs[i+1], gs[i+1])
			break
		}
	}
	return true
}

// root returns where the line through (x0, y0) and (x1, y1), whose ys
// differ in sign, crosses zero.
func root(x0, y0, x1, y1 float64) float64 {
	return x0 + (x1-x0)*(-y0)/(y1-y0)
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

func isInf(x float64) bool { return math.IsInf(x, 0) }
