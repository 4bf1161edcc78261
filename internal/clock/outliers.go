package clock

import (
	"cmp"
	"math"
	"slices"
)

// fitWindow fits the observations of one window (sorted by compareObs).
// When they contradict each other it ranks them by how far they lie from
// a robust line through them and sets aside the shortest prefix of that
// ranking, at most maxAside, that makes them agree (feasibility only grows
// with the prefix, so a binary search finds it). It returns the fit, the
// observations set aside (indices into os, most extreme first), and false
// when no such prefix exists.
func fitWindow(s *solver, os []obs) (fit, []int32, bool) {
	if s.solve(os, nil) {
		return s.result(), nil, true
	}
	rank := rankExtreme(os)
	k := maxAside(len(os))
	skip := make([]bool, len(os))
	feasible := func(m int) bool {
		clear(skip)
		for _, i := range rank[:m] {
			skip[i] = true
		}
		return s.solve(os, skip)
	}
	if !feasible(k) {
		return fit{}, nil, false
	}
	lo, hi := 0, k // feasible(lo) is false, feasible(hi) true
	for hi-lo > 1 {
		if m := (lo + hi) / 2; feasible(m) {
			hi = m
		} else {
			lo = m
		}
	}
	feasible(hi)
	return s.result(), rank[:hi:hi], true
}

// rankExtreme orders the observations by how far they exclude a robust
// reference line (Tukey's resistant line through their midpoints), most
// extreme first; ties keep their order in obs.
func rankExtreme(obs []obs) []int32 {
	a, b := referenceLine(obs)
	score := make([]float64, len(obs))
	for i, o := range obs {
		r := a + b*o.t
		score[i] = math.Max(o.lo-r, r-o.hi)
	}
	rank := make([]int32, len(obs))
	for i := range rank {
		rank[i] = int32(i)
	}
	slices.SortStableFunc(rank, func(i, j int32) int { return cmp.Compare(score[j], score[i]) })
	return rank
}

// referenceLine returns the intercept and slope of Tukey's resistant line
// through the midpoints of the two-sided observations (or, with none,
// through every finite bound): the slope joins the medians of the left
// and right thirds, the intercept is the median residual. It stands up to
// a sixth of the points being wild, far more than the 1% set aside.
func referenceLine(obs []obs) (a, b float64) {
	var ps []pt
	for _, o := range obs {
		if !math.IsInf(o.lo, 0) && !math.IsInf(o.hi, 0) {
			ps = append(ps, pt{o.t, (o.lo + o.hi) / 2})
		}
	}
	if len(ps) == 0 {
		for _, o := range obs {
			for _, v := range [...]float64{o.lo, o.hi} {
				if !math.IsInf(v, 0) {
					ps = append(ps, pt{o.t, v})
				}
			}
		}
	}
	if len(ps) == 0 {
		return 0, 0
	}
	if third := len(ps) / 3; third > 0 {
		tl, vl := medianPoint(ps[:third])
		tr, vr := medianPoint(ps[len(ps)-third:])
		if tr > tl {
			b = clamp((vr-vl)/(tr-tl), -maxDrift, maxDrift)
		}
	}
	res := make([]float64, len(ps))
	for i, p := range ps {
		res[i] = p.v - b*p.t
	}
	return median(res), b
}

// medianPoint returns the medians of the ts and of the vs of ps.
func medianPoint(ps []pt) (t, v float64) {
	ts, vs := make([]float64, len(ps)), make([]float64, len(ps))
	for i, p := range ps {
		ts[i], vs[i] = p.t, p.v
	}
	return median(ts), median(vs)
}

// median sorts xs (not empty) and returns its median.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
