package clock

import (
	"math"
	"sort"
)

// pt is a point (t, v): t in seconds from the model's base time, v in ns.
type pt struct{ t, v float64 }

// envelope is the lower convex hull of a set of points (t, v), which is all
// that matters of them for the function min over points of (v − b·t): for
// upper bounds hi ≥ a + b·t, it is the largest a a slope b allows. Its
// vertices are in increasing t, its edge slopes increasing.
type envelope struct{ pts []pt }

// push adds p, whose t must be at least every t pushed so far (the
// monotone chain of Andrew's algorithm). Of points with equal t only the
// lowest counts.
func (e *envelope) push(p pt) {
	h := e.pts
	if n := len(h); n > 0 && h[n-1].t == p.t {
		if p.v >= h[n-1].v {
			return
		}
		h = h[:n-1]
	}
	for len(h) >= 2 && !leftTurn(h[len(h)-2], h[len(h)-1], p) {
		h = h[:len(h)-1]
	}
	e.pts = append(h, p)
}

// leftTurn reports whether a → b → c turns counter-clockwise: b stays on
// the lower hull.
func leftTurn(a, b, c pt) bool {
	return (b.t-a.t)*(c.v-a.v)-(b.v-a.v)*(c.t-a.t) > 0
}

func (e *envelope) reset()      { e.pts = e.pts[:0] }
func (e *envelope) empty() bool { return len(e.pts) == 0 }

// slope is the slope of edge k, from vertex k to k+1.
func (e *envelope) slope(k int) float64 {
	a, b := e.pts[k], e.pts[k+1]
	return (b.v - a.v) / (b.t - a.t)
}

// at returns min over the points of v − b·t: the value at the vertex a line
// of slope b supports. Rounding can only make it larger than the true
// minimum (it is the value at some point), so bounds built on it only
// widen.
func (e *envelope) at(b float64) float64 {
	k := sort.Search(len(e.pts)-1, func(k int) bool { return e.slope(k) >= b })
	return e.pts[k].v - b*e.pts[k].t
}

// slopeAt returns the slope of the edge above time t: −∞ left of the
// first vertex, +∞ from the last vertex on. A line of that slope through
// the envelope is the highest at t among the lines below every point.
func (e *envelope) slopeAt(t float64) float64 {
	n := len(e.pts)
	k := sort.Search(n, func(k int) bool { return e.pts[k].t > t }) // first vertex right of t
	switch {
	case k == 0:
		return math.Inf(-1)
	case k == n:
		return math.Inf(1)
	}
	return e.slope(k - 1)
}

// breakpoints appends the slopes where the vertex at returns changes, times
// sign (−1 for an envelope evaluated at −b), that lie strictly inside
// (lo, hi).
func (e *envelope) breakpoints(dst []float64, sign, lo, hi float64) []float64 {
	for k := 0; k+1 < len(e.pts); k++ {
		if s := sign * e.slope(k); s > lo && s < hi {
			dst = append(dst, s)
		}
	}
	return dst
}
