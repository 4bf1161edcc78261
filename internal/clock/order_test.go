package clock

import (
	"testing"
)

// judgeModel: b runs 34–36 ms ahead of a (pairs every second for 100 s),
// c 9–11 ms ahead of b (so 43–47 ms ahead of a, through b), q is bounded
// by queue pairs only (offset(q) − offset(a) ≤ 5 ms), and z has no pairs.
func judgeModel() *Model {
	var pairs []Pair
	for i := range int64(101) {
		at := base + i*sec
		pairs = append(pairs,
			Pair{From: "a", To: "b", Lo: 34 * ms, Hi: 36 * ms, T: at},
			Pair{From: "b", To: "c", Lo: 9 * ms, Hi: 11 * ms, T: at},
			Pair{From: "a", To: "q", Lo: NoLower, Hi: 5 * ms, T: at})
	}
	hosts := []HostInfo{{Host: "a", Spans: 500}, {Host: "b"}, {Host: "c"}, {Host: "q"}, {Host: "z"}}
	return Estimate(Input{Pairs: pairs, Hosts: hosts, Start: base, End: base + 100*sec})
}

func TestBetween(t *testing.T) {
	m := judgeModel()
	at := base + 50*sec
	// At 50 s into a 100 s window, a drift rate that may change by
	// maxCurvature widens each host pair by 1.25 µs; slack by 1 ns.
	const e = 1250 + 1
	for _, tc := range []struct {
		a, b string
		want Bound
	}{
		{"a", "b", Bound{Lo: 34*ms - e, Hi: 36*ms + e, Est: 35 * ms, Kind: TwoSided}},
		{"b", "a", Bound{Lo: -36*ms - e, Hi: -34*ms + e, Est: -35 * ms, Kind: TwoSided}},
		{"a", "c", Bound{Lo: 43*ms - 2*e, Hi: 47*ms + 2*e, Est: 45 * ms, Kind: TwoSided}},
		{"c", "b", Bound{Lo: -11*ms - e, Hi: -9*ms + e, Est: -10 * ms, Kind: TwoSided}},
		{"a", "q", Bound{Lo: NoLower, Hi: 5*ms + e, Est: 0, Kind: OneSided}},
		{"q", "b", Bound{Lo: 29*ms - 2*e, Hi: NoUpper, Est: 35 * ms, Kind: OneSided}},
		{"a", "z", unbounded},
		{"z", "nowhere", unbounded},
		{"b", "b", Bound{Kind: Exact}},
	} {
		if got := m.Between(tc.a, tc.b, at); got != tc.want {
			t.Errorf("Between(%s, %s) = %+v, want %+v", tc.a, tc.b, got, tc.want)
		}
	}
	if got := Zero().Between("a", "b", at); got != (Bound{Kind: Exact}) {
		t.Errorf("Zero().Between = %+v", got)
	}
}

func TestJudge(t *testing.T) {
	m := judgeModel()
	t0 := base + 50*sec
	at := func(h string, d int64) Point { return Point{Host: h, T: t0 + d} }
	before := func(a, b Point) Ordering { return Ordering{A: a, B: b} }
	for _, tc := range []struct {
		name   string
		model  *Model
		os     []Ordering
		want   Confidence
		margin int64
	}{
		{"on one host, exact", m, []Ordering{before(at("a", 0), at("a", 1))}, Certain, 1},
		{"on one host, a tie", m, []Ordering{before(at("a", 0), at("a", 0))}, None, 0},
		{"across hosts, beyond the bounds", m, []Ordering{before(at("a", 0), at("b", 37*ms))}, Certain, 2 * ms},
		{"inside the bounds, after the estimate", m, []Ordering{before(at("a", 0), at("b", 35500*us))}, Likely, 500 * us},
		{"inside the bounds, before the estimate", m, []Ordering{before(at("a", 0), at("b", 34500*us))}, Possible, -500 * us},
		{"a tie at the estimate", m, []Ordering{before(at("a", 0), at("b", 35*ms))}, Possible, 0},
		{"beyond the other bound", m, []Ordering{before(at("a", 0), at("b", 33*ms))}, None, -2 * ms},
		{"through a host in between", m, []Ordering{before(at("c", 0), at("a", -42*ms))}, Certain, 3 * ms},
		{"one-sided: capped at likely", m, []Ordering{before(at("a", 0), at("q", 10*ms))}, Likely, 10 * ms},
		{"one-sided, failing at the estimate", m, []Ordering{before(at("a", 0), at("q", -ms))}, Possible, -ms},
		{"one-sided, impossible", m, []Ordering{before(at("q", 0), at("a", -6*ms))}, None, -6 * ms},
		{"unbounded: capped at likely", m, []Ordering{before(at("a", 0), at("z", ms))}, Likely, ms},
		{"unbounded, failing at the estimate", m, []Ordering{before(at("z", 0), at("a", -ms))}, Possible, -ms},
		{"jointly: each possible, not both on one offset vector", m, []Ordering{
			before(at("a", 0), at("b", 34500*us)),  // needs offset(b) − offset(a) < 34.5 ms
			before(at("b", 0), at("a", -35500*us)), // needs it > 35.5 ms
		}, None, -500 * us},
		{"jointly possible", m, []Ordering{
			before(at("a", 0), at("b", 34500*us)),
			before(at("b", 0), at("a", -34200*us)),
		}, Possible, -500 * us},
		{"the weakest ordering decides", m, []Ordering{
			before(at("a", 0), at("b", 37*ms)),
			before(at("a", 0), at("a", 2*ms)),
			before(at("a", 0), at("q", 10*ms)),
		}, Likely, 2 * ms},
		{"an exact failure sinks the rest", m, []Ordering{
			before(at("a", 0), at("b", 37*ms)),
			before(at("a", 5), at("a", 2)),
		}, None, -3},
		{"no orderings", m, nil, Certain, 0},
		{"Zero: raw times, exactly", Zero(), []Ordering{before(at("a", 0), at("b", 1))}, Certain, 1},
		{"Zero: a tie", Zero(), []Ordering{before(at("a", 0), at("b", 0))}, None, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, margin := tc.model.Judge(tc.os)
			if c != tc.want || margin != tc.margin {
				t.Errorf("Judge = %s, %d; want %s, %d", c, margin, tc.want, tc.margin)
			}
		})
	}
}

func TestConfidenceNames(t *testing.T) {
	for c := None; c <= Certain; c++ {
		if got, ok := ParseConfidence(c.String()); !ok || got != c {
			t.Errorf("ParseConfidence(%q) = %v, %v", c.String(), got, ok)
		}
	}
	if _, ok := ParseConfidence("sure"); ok {
		t.Error(`ParseConfidence("sure") succeeded`)
	}
	if Certain <= Likely || Likely <= Possible || Possible <= None {
		t.Error("confidences are not ordered")
	}
	if got := Confidence(9).String(); got != "none" {
		t.Errorf("Confidence(9) = %q", got)
	}
}
