package clock

import (
	"math"
	"sort"
)

// minWindow is the fewest observations a window may hold. A host pair
// whose observations cannot be fitted by one line (clocks that wander,
// not drift linearly) is split into windows of time, each with its own
// line; a window is not split below twice this size. Small windows keep a
// change of drift rate (an NTP frequency correction) inside a short span,
// where one line still fits.
const minWindow = 8

// maxWindowSpan is the longest time, in seconds, a window with enough
// observations to split may span: over 5 minutes the allowance for a
// changing drift rate stays under 12 µs.
const maxWindowSpan = 300.0

// group is one host pair's partition: its observations of x_v − x_u (u < v,
// host indices) and what fitting them gave.
type group struct {
	u, v int32
	obs  []obs
	// windows cover all time, in order: window k holds from its start
	// (−∞ for the first) to the next one's.
	windows []window
	// aside lists the observations set aside as outliers, window by
	// window, most extreme first, as indices into obs.
	aside []int32
	// ok is false when neither outliers nor windows make the observations
	// agree.
	ok bool
}

// window is one line's span of time.
type window struct {
	start float64 // seconds from the base time
	fit   fit
}

// maxAside is how many of n observations may be set aside: 1%, at least 1.
func maxAside(n int) int { return max(1, n/100) }

// solve sorts the observations and fits them window by window (see
// tryWindow), windows taken from an explicit stack, earliest first. The
// group is not ok when a window that cannot be split does not fit, or when
// more than maxAside of all observations were set aside.
func (g *group) solve(s *solver) {
	s.curvature = maxCurvature
	s.tmp, s.ends = sortObs(g.obs, s.tmp, s.ends)
	g.windows, g.aside = g.windows[:0], g.aside[:0]
	stack := [][2]int{{0, len(g.obs)}}
	for len(stack) > 0 {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		f, aside, ok, split := tryWindow(s, g.obs[r[0]:r[1]])
		switch {
		case split:
			mid := (r[0] + r[1]) / 2
			stack = append(stack, [2]int{mid, r[1]}, [2]int{r[0], mid})
		case !ok:
			g.windows, g.aside = nil, nil
			return
		default:
			g.addWindow(r[0], f, aside)
		}
	}
	g.ok = len(g.aside) <= maxAside(len(g.obs))
	if !g.ok {
		g.windows, g.aside = nil, nil
	}
}

// tryWindow fits one window with one line, setting aside outliers
// (DESIGN §6), or says to split it in two halves, when it holds at least
// 2·minWindow observations and spans more than maxWindowSpan, or does not
// fit, or the line rather than the pairs is wrong: the pairs set aside
// agree with their neighbours in time, or the halves drift at rates no
// single rate allows (the clocks' drift changed).
func tryWindow(s *solver, os []obs) (f fit, aside []int32, ok, split bool) {
	if len(os) < 2*minWindow {
		f, aside, ok = fitWindow(s, os)
		return f, aside, ok, false
	}
	if os[len(os)-1].t-os[0].t > maxWindowSpan {
		return fit{}, nil, false, true
	}
	f, aside, ok = fitWindow(s, os)
	return f, aside, ok, !ok || !outliersLocal(s, os, aside) || bends(s, os)
}

// neighbours is how many observations on each side of one set aside
// outliersLocal compares it with.
const neighbours = 16

// outliersLocal reports whether every observation set aside (aside,
// indices into os) contradicts its neighbours in time: they fit a line
// without it and do not with it. An observation that agrees with its
// neighbours was set aside only because one line cannot follow a clock
// that wanders.
func outliersLocal(s *solver, os []obs, aside []int32) bool {
	skip := make([]bool, len(os))
	for _, k := range aside {
		skip[k] = true
	}
	for _, k := range aside {
		lo, hi := max(0, int(k)-neighbours), min(len(os), int(k)+neighbours+1)
		if !s.solve(os[lo:hi], skip[lo:hi]) {
			return false // the neighbourhood itself needs more than one line
		}
		skip[k] = false
		agrees := s.solve(os[lo:hi], skip[lo:hi])
		skip[k] = true
		if agrees {
			return false
		}
	}
	return true
}

// bends reports whether the two halves of os allow no common drift rate:
// the rate changed inside the window (an NTP frequency correction), faster
// than maxCurvature allows for, and one line would err.
func bends(s *solver, os []obs) bool {
	mid := len(os) / 2
	f1, _, ok1 := fitWindow(s, os[:mid])
	f2, _, ok2 := fitWindow(s, os[mid:])
	return ok1 && ok2 && (f1.b2 < f2.b1 || f2.b2 < f1.b1)
}

// addWindow appends the window starting at observation first. It starts
// halfway between the previous window's last observation and its own
// first.
func (g *group) addWindow(first int, f fit, aside []int32) {
	start := math.Inf(-1)
	if first > 0 {
		start = (g.obs[first-1].t + g.obs[first].t) / 2
	}
	g.windows = append(g.windows, window{start: start, fit: f})
	for _, k := range aside {
		g.aside = append(g.aside, int32(first)+k)
	}
}

// at returns the fit of the window holding time t.
func (g *group) at(t float64) *fit {
	k := sort.Search(len(g.windows), func(k int) bool { return g.windows[k].start > t })
	return &g.windows[max(k-1, 0)].fit
}

// boundsOver returns the bounds on x_v − x_u that hold throughout
// [t0, t1]. Within a window the line's lower bound is concave in t and its
// upper bound convex, so their extremes are at the ends of the window's
// part of the interval; the allowance for a changing drift rate is added
// at its largest there.
func (g *group) boundsOver(t0, t1 float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	k := sort.Search(len(g.windows), func(k int) bool { return g.windows[k].start > t0 })
	for k = max(k-1, 0); k < len(g.windows) && g.windows[k].start <= t1; k++ {
		a, b := math.Max(t0, g.windows[k].start), t1
		if k+1 < len(g.windows) {
			b = math.Min(b, g.windows[k+1].start)
		}
		f := &g.windows[k].fit
		e := f.maxAllowance(a, b)
		for _, t := range [...]float64{a, b} {
			l, h := f.lineBounds(t)
			lo, hi = math.Min(lo, l-e), math.Max(hi, h+e)
		}
	}
	return lo, hi
}

// driftAt returns the drift rate at time t, ns/s, when known.
func (g *group) driftAt(t float64) (float64, bool) { return g.at(t).drift() }

// maxDriftRate returns the largest known drift rate of any window, ns/s.
func (g *group) maxDriftRate() float64 {
	var m float64
	for i := range g.windows {
		if d, ok := g.windows[i].fit.drift(); ok {
			m = math.Max(m, math.Abs(d))
		}
	}
	return m
}
