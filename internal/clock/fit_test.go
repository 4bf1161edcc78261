package clock

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteBounds solves the same problem as solver and fit.bounds by brute
// force: the feasible (a, b) form a convex polygon, so the extremes of
// a + b·t lie on its vertices, which are intersections of two constraint
// lines. It reports false when no vertex is feasible.
func bruteBounds(os []obs, t float64) (lo, hi float64, ok bool) {
	type line struct{ t, c float64 } // a + b·t = c
	var lines []line
	for _, o := range os {
		if !math.IsInf(o.hi, 1) {
			lines = append(lines, line{o.t, o.hi + slack})
		}
		if !math.IsInf(o.lo, -1) {
			lines = append(lines, line{o.t, o.lo - slack})
		}
	}
	feasible := func(a, b float64) bool {
		if math.Abs(b) > maxDrift*(1+1e-12) {
			return false
		}
		for _, o := range os {
			v, tol := a+b*o.t, 1e-6*(1+math.Abs(a))
			if v > o.hi+slack+tol || v < o.lo-slack-tol {
				return false
			}
		}
		return true
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	try := func(a, b float64) {
		if feasible(a, b) {
			ok = true
			lo, hi = math.Min(lo, a+b*t), math.Max(hi, a+b*t)
		}
	}
	for i, l := range lines {
		for _, b := range [...]float64{-maxDrift, maxDrift} {
			try(l.c-b*l.t, b)
		}
		for _, m := range lines[i+1:] {
			if l.t != m.t {
				b := (l.c - m.c) / (l.t - m.t)
				try(l.c-b*l.t, b)
			}
		}
	}
	hasLo := slices.ContainsFunc(os, func(o obs) bool { return !math.IsInf(o.lo, -1) })
	hasHi := slices.ContainsFunc(os, func(o obs) bool { return !math.IsInf(o.hi, 1) })
	if !hasLo {
		lo = math.Inf(-1)
	}
	if !hasHi {
		hi = math.Inf(1)
	}
	return lo, hi, ok
}

// randomObs draws n observations around the line a + b·t over [−50 s,
// 50 s], with delays like the fleet's; some one-sided, some (when wild)
// far off.
func randomObs(rng *rand.Rand, n int, wild bool) []obs {
	a := float64(rng.Int64N(200*ms)) - float64(100*ms)
	b := (rng.Float64()*2 - 1) * 500e3 // ±500 ppm
	os := make([]obs, n)
	for i := range os {
		t := rng.Float64()*100 - 50
		if rng.IntN(4) == 0 && i > 0 {
			t = os[i-1].t // equal times happen
		}
		truth := a + b*t
		d1 := float64(100*us) + rng.ExpFloat64()*float64(500*us)
		d2 := float64(100*us) + rng.ExpFloat64()*float64(500*us)
		os[i] = obs{t: t, lo: math.Round(truth - d1), hi: math.Round(truth + d2), idx: int32(i)}
		switch rng.IntN(6) {
		case 0:
			os[i].lo = math.Inf(-1)
		case 1:
			os[i].hi = math.Inf(1)
		}
		if wild && rng.IntN(5) == 0 {
			os[i].lo += 10 * float64(ms)
			os[i].hi += 10 * float64(ms)
		}
	}
	slices.SortFunc(os, compareObs)
	return os
}

func TestFitAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var s solver
	for iter := range 400 {
		os := randomObs(rng, 2+rng.IntN(12), iter%3 == 0)
		ok := s.solve(os, nil)
		_, _, want := bruteBounds(os, 0)
		if ok != want {
			t.Fatalf("case %d: solve says feasible %v, brute force %v: %+v", iter, ok, want, os)
		}
		if !ok {
			continue
		}
		f := s.result()
		for _, at := range []float64{-80, -50, -12.5, 0, 3, 49.9, 50, 120, os[0].t, os[len(os)-1].t} {
			lo, hi := f.bounds(at)
			blo, bhi, _ := bruteBounds(os, at)
			if !close(lo, blo) || !close(hi, bhi) {
				t.Fatalf("case %d at %v s: bounds [%v, %v], brute force [%v, %v]: %+v", iter, at, lo, hi, blo, bhi, os)
			}
		}
	}
}

func close(a, b float64) bool {
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) <= 1e-3+1e-9*math.Abs(b)
}

func TestFitExamples(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name           string
		os             []obs
		ok             bool
		at             float64
		lo, hi         float64
		b1, b2         float64
		driftKnown     bool
		wantDriftRange bool
	}{
		{name: "one observation", os: []obs{{t: 0, lo: 10, hi: 20}}, ok: true, at: 0, lo: 9, hi: 21, b1: -maxDrift, b2: maxDrift},
		{name: "one observation, 1 s later: the drift bound widens it", os: []obs{{t: 0, lo: 10, hi: 20}}, ok: true,
			at: 1, lo: 9 - maxDrift, hi: 21 + maxDrift, b1: -maxDrift, b2: maxDrift},
		{name: "two exact observations fix the line", os: []obs{{t: 0, lo: 0, hi: 0}, {t: 10, lo: 1000, hi: 1000}},
			ok: true, at: 5, lo: 500 - 1, hi: 500 + 1, b1: 99.8, b2: 100.2, driftKnown: true},
		{name: "one-sided only", os: []obs{{t: 0, lo: -inf, hi: 5}, {t: 1, lo: -inf, hi: 7}}, ok: true,
			at: 0.5, lo: -inf, hi: 7, b1: -maxDrift, b2: maxDrift},
		{name: "contradiction", os: []obs{{t: 0, lo: 0, hi: 10}, {t: 0, lo: 20, hi: 30}}, ok: false},
		{name: "contradiction between one-sided bounds", os: []obs{{t: 0, lo: -inf, hi: 10}, {t: 0, lo: 20, hi: inf}}, ok: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s solver
			if ok := s.solve(tc.os, nil); ok != tc.ok {
				t.Fatalf("solve = %v, want %v", ok, tc.ok)
			}
			if !tc.ok {
				return
			}
			f := s.result()
			lo, hi := f.bounds(tc.at)
			if !close(lo, tc.lo) || !close(hi, tc.hi) {
				t.Errorf("bounds(%v) = [%v, %v], want [%v, %v]", tc.at, lo, hi, tc.lo, tc.hi)
			}
			if math.Abs(f.b1-tc.b1) > 1e-6 || math.Abs(f.b2-tc.b2) > 1e-6 {
				t.Errorf("drift range [%v, %v], want [%v, %v]", f.b1, f.b2, tc.b1, tc.b2)
			}
			if _, known := f.drift(); known != tc.driftKnown {
				t.Errorf("drift known %v, want %v", known, tc.driftKnown)
			}
		})
	}
}

// TestOutlierRanking: wild observations are set aside before sound ones,
// and never more than 1%.
func TestOutlierRanking(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	os := make([]obs, 300)
	for i := range os {
		tt := float64(i) * 0.3
		truth := 5*float64(ms) + 20e3*tt // 20 ppm
		d1 := float64(100*us) + rng.ExpFloat64()*float64(500*us)
		d2 := float64(100*us) + rng.ExpFloat64()*float64(500*us)
		os[i] = obs{t: tt, lo: truth - d1, hi: truth + d2, idx: int32(i)}
	}
	wild := func(ks ...int) {
		for _, k := range ks {
			os[k].lo += 50 * float64(ms)
			os[k].hi += 50 * float64(ms)
		}
	}
	wild(17, 140, 222)
	g := group{obs: slices.Clone(os)}
	var s solver
	g.solve(&s)
	var idx []int32
	for _, k := range g.aside {
		idx = append(idx, g.obs[k].idx)
	}
	slices.Sort(idx)
	if !g.ok || !slices.Equal(idx, []int32{17, 140, 222}) {
		t.Fatalf("ok %v, set aside %v, want 17, 140, 222", g.ok, idx)
	}
	wild(40, 41, 42, 43) // seven in all: more than 1% of 300
	g = group{obs: slices.Clone(os)}
	if g.solve(&s); g.ok || g.aside != nil {
		t.Errorf("7 outliers of 300 accepted: set aside %v", g.aside)
	}
}

func TestSortObs(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	var tmp []obs
	var ends []int
	for _, n := range []int{0, 1, 63, 64, 65, 1000, 5000} {
		for _, spread := range []float64{0, 1e-9, 1, 3600} {
			os := make([]obs, n)
			for i := range os {
				os[i] = obs{t: float64(rng.IntN(100)) * spread / 100, idx: int32(i)}
				if i%97 == 5 {
					os[i].t = 1e6 // a far outlier bunches the rest into one bucket
				}
			}
			want := slices.Clone(os)
			slices.SortFunc(want, compareObs)
			tmp, ends = sortObs(os, tmp, ends)
			if !slices.Equal(os, want) {
				t.Fatalf("n %d spread %v: not sorted", n, spread)
			}
		}
	}
}
