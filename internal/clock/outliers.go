package clock

import (
	"cmp"
	"math"
	"slices"
)

// group is one host pair's partition: its observations of x_v − x_u (u < v,
// host indices) and what fitting them gave.
type group struct {
	u, v int32
	obs  []obs
	fit  fit
	// aside lists the observations set aside as outliers, most extreme
	// first, as indices into obs.
	aside []int32
	// ok is false when no outlier rule makes the observations agree.
	ok bool
}

// maxAside is how many of n observations may be set aside: 1%, at least 1.
func maxAside(n int) int { return max(1, n/100) }

// solve sorts the observations and fits them. When they contradict each
// other it ranks them by how far they lie from a robust line through them
// and sets aside the shortest prefix of that ranking, at most maxAside,
// that makes them agree (feasibility only grows with the prefix, so a
// binary search finds it); if none does, the group is not ok.
func (g *group) solve(s *solver) {
	s.tmp, s.ends = sortObs(g.obs, s.tmp, s.ends)
	if g.ok = s.solve(g.obs, nil); g.ok {
		g.fit = s.result()
		return
	}
	rank := rankExtreme(g.obs)
	k := maxAside(len(g.obs))
	skip := make([]bool, len(g.obs))
	feasible := func(m int) bool {
		clear(skip)
		for _, i := range rank[:m] {
			skip[i] = true
		}
		return s.solve(g.obs, skip)
	}
	if !feasible(k) {
		return
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
	g.ok, g.fit, g.aside = true, s.result(), rank[:hi:hi]
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
