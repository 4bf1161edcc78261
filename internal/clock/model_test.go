package clock

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// calls adds n requests from a to b (through the hosts named in between),
// one every gap from base.
func (f *fleet) calls(n int, gap int64, hosts ...string) {
	for i := range n {
		f.request(base+int64(i)*gap+f.rng.Int64N(gap/2), hosts...)
	}
}

func TestEstimateOffsets(t *testing.T) {
	f := newFleet(1)
	f.host("host-a", 0, 0)
	f.host("host-b", 35*ms, 0)
	f.host("host-c", -80*ms, 0)
	f.calls(100, 600*ms, "host-a", "host-b")
	f.calls(100, 600*ms, "host-a", "host-c")
	m := f.model(t)

	a := checkTruth(t, f, m, "host-a", "host-a")
	if !a.Reference || !a.Bounded || a.Offset != 0 || a.Min != 0 || a.Max != 0 || len(a.Warnings) != 0 {
		t.Errorf("reference = %+v", a)
	}
	for h, want := range map[string]int64{"host-b": 35 * ms, "host-c": -80 * ms} {
		o := checkTruth(t, f, m, "host-a", h)
		if o.Reference || !o.Bounded || o.OneSided || o.Pairs != 100 || o.PairsSetAside != 0 || len(o.Warnings) != 0 {
			t.Errorf("%s = %+v", h, o)
		}
		if o.Max-o.Min >= 2*ms || o.Uncertainty != (o.Max-o.Min)/2 {
			t.Errorf("%s: bounds [%d, %d] not tighter than 2 ms", h, o.Min, o.Max)
		}
		if d := o.Offset - want; d < -ms/2 || d > ms/2 {
			t.Errorf("%s: offset %d, want %d ± 0.5 ms", h, o.Offset, want)
		}
		if o.Services[0] != "svc-"+h {
			t.Errorf("%s: services %v", h, o.Services)
		}
	}
	// b and c never talk: bounded through a.
	b := m.Between("host-b", "host-c", m.mid)
	if b.Kind != TwoSided || b.Lo > -115*ms || b.Hi < -115*ms || b.Hi-b.Lo > 4*ms {
		t.Errorf("Between(b, c) = %+v, want two-sided around −115 ms", b)
	}
}

func TestEstimateChain(t *testing.T) {
	f := newFleet(2)
	f.host("a", 0, 0)
	f.host("b", 12*ms, 0)
	f.host("c", -40*ms, 0)
	f.calls(100, 500*ms, "a", "b", "c") // a calls b, b calls c: a and c never talk
	m := f.model(t)
	checkTruth(t, f, m, "a", "b")
	c := checkTruth(t, f, m, "a", "c")
	if !c.Bounded || c.Pairs != 100 || c.Max-c.Min >= 4*ms {
		t.Errorf("c = %+v, want bounded through b", c)
	}
	if got := m.Between("c", "a", m.mid); got.Kind != TwoSided || got.Lo > 40*ms || got.Hi < 40*ms {
		t.Errorf("Between(c, a) = %+v, want around +40 ms", got)
	}
}

func TestEstimateQueueOnly(t *testing.T) {
	for _, tc := range []struct {
		name       string
		offset     int64
		wantOffset func(max int64) int64
	}{
		// A consumer clock behind its producer's: caught, the estimate is
		// the bound itself (the point nearest 0).
		{"behind", -20 * ms, func(max int64) int64 { return max }},
		// Ahead: the bound allows 0, the point nearest 0.
		{"ahead", 20 * ms, func(int64) int64 { return 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFleet(3)
			f.host("api", 0, 0)
			f.host("worker", tc.offset, 0)
			for i := range 50 {
				f.enqueue(base+int64(i)*sec, "api", "worker")
			}
			m := f.model(t)
			o := checkTruth(t, f, m, "api", "worker")
			if !o.Bounded || !o.OneSided || o.Min != NoLower || o.Max == NoUpper || o.Uncertainty != -1 || o.DriftKnown {
				t.Fatalf("worker = %+v, want bounded above only", o)
			}
			if o.Max > tc.offset+ms {
				t.Errorf("max %d, want within 1 ms of %d", o.Max, tc.offset)
			}
			if want := tc.wantOffset(o.Max); o.Offset < want-1 || o.Offset > want { // the estimate rounds, the bound rounds up
				t.Errorf("offset %d, want %d", o.Offset, want)
			}
			if !slices.Equal(o.Warnings, []string{WarnOneSided}) {
				t.Errorf("warnings %q", o.Warnings)
			}
			// Between holds for the whole bucket, a little wider.
			if b := m.Between("api", "worker", m.mid); b.Kind != OneSided || b.Hi < o.Max || b.Hi > o.Max+ms/2 {
				t.Errorf("Between = %+v", b)
			}
		})
	}
}

// TestEstimateDrift: 30 minutes, one clock drifting 1 ms a minute against
// the other. The model recovers both the offset (a) and the drift (b).
func TestEstimateDrift(t *testing.T) {
	for _, tc := range []struct {
		name     string
		duration int64
		calls    int
		ppm      float64
	}{
		{"30min-1ms-per-min", 30 * 60 * sec, 900, 1e6 / 60e3},
		{"20s-500ppm", 20 * sec, 200, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFleet(4)
			f.host("a", 0, 0)
			f.host("b", 10*ms, tc.ppm)
			f.calls(tc.calls, tc.duration/int64(tc.calls), "a", "b")
			m := f.model(t)
			o := checkTruth(t, f, m, "a", "b")
			if want := f.truth("a", "b", m.mid); math.Abs(float64(o.Offset-want)) > float64(ms)/2 {
				t.Errorf("offset %d, want %d ± 0.5 ms", o.Offset, want)
			}
			if !o.DriftKnown || math.Abs(o.DriftPPM-tc.ppm) > tc.ppm/10 {
				t.Errorf("drift %v ppm (known %v), want %v ± 10%%", o.DriftPPM, o.DriftKnown, tc.ppm)
			}
			if o.Max-o.Min >= 2*ms {
				t.Errorf("bounds [%d, %d] not tighter than 2 ms", o.Min, o.Max)
			}
		})
	}
}

// TestEstimateWander: clocks that no single line fits over half an hour:
// an NTP daemon that turns a 20 ppm drift into −20 ppm halfway, and one
// that slews ±1 ms over two hours. The host pair is fitted in windows, and
// the truth stays inside the bounds.
func TestEstimateWander(t *testing.T) {
	for _, tc := range []struct {
		name   string
		wander func(t int64) int64
	}{
		{"kink", func(t int64) int64 {
			d := float64(t - base - 15*60*sec)
			return int64(-20e-6 * math.Abs(d))
		}},
		{"slow sine", func(t int64) int64 {
			return int64(1e6 * math.Sin(2*math.Pi*float64(t-base)/float64(7200*sec)))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFleet(10)
			f.host("a", 0, 0)
			f.clocks["b"] = skew{offset: 7 * ms, wander: tc.wander}
			f.calls(1800, sec, "a", "b")
			m := f.model(t)
			o := checkTruth(t, f, m, "a", "b")
			if !o.Bounded || o.PairsSetAside != 0 || o.Max-o.Min >= 2*ms || len(m.groups[0].windows) < 2 {
				t.Errorf("b = %+v, %d windows; want bounded in several windows", o, len(m.groups[0].windows))
			}
		})
	}
}

// TestEstimateOutliers: 1% of the pairs contradict the others (the server
// half of those traces came from another machine); they are set aside and
// reported, and the rest stays tight.
func TestEstimateOutliers(t *testing.T) {
	f := newFleet(5)
	f.host("a", 0, 0)
	f.host("b", 5*ms, 0)
	f.calls(1000, 50*ms, "a", "b")
	var bad []string
	for i := range f.spans {
		if s := &f.spans[i]; s.Host == "b" && i%300 == 2 { // 10 of 1000 server spans, shifted 20 ms
			s.Start += 20 * ms
			s.End += 20 * ms
			bad = append(bad, s.TraceID.String())
		}
	}
	m := f.model(t)
	o := checkTruth(t, f, m, "a", "b")
	if o.PairsSetAside != 10 || o.Pairs != 1000 || o.Max-o.Min >= 2*ms {
		t.Errorf("b = %+v, want 10 of 1000 pairs set aside", o)
	}
	var got []string
	for _, p := range m.SetAside() {
		got = append(got, p.TraceID.String())
	}
	slices.Sort(got)
	slices.Sort(bad)
	if !slices.Equal(got, bad) {
		t.Errorf("set aside %v, want %v", got, bad)
	}
	first := m.SetAside()[0]
	want := "10 of the 1000 pairs with a set aside as outliers (first: trace " + first.TraceID.String() + " span " + first.SpanID.String() + ")"
	if !slices.Equal(o.Warnings, []string{want}) {
		t.Errorf("warnings %q, want %q", o.Warnings, want)
	}
}

// TestEstimateContradiction: two machines share a host key, with clocks
// 30 ms apart. No outlier rule makes half the pairs go away: the whole
// component is unbounded, with a warning.
func TestEstimateContradiction(t *testing.T) {
	f := newFleet(6)
	f.host("a", 0, 0)
	f.host("b", 0, 0)
	f.host("b-twin", 30*ms, 0)
	f.host("c", 3*ms, 0)
	f.calls(100, 100*ms, "a", "b")
	f.calls(100, 100*ms, "a", "b-twin")
	f.calls(100, 100*ms, "a", "c")
	for i := range f.spans {
		if f.spans[i].Host == "b-twin" {
			f.spans[i].Host = "b"
		}
	}
	m := f.model(t)
	want := "unbounded: the 200 pairs between a and b contradict each other, even with the 1% allowed set aside"
	for _, o := range m.Hosts() {
		if o.Bounded || o.Reference || o.Min != NoLower || o.Max != NoUpper || o.Offset != 0 {
			t.Errorf("%s = %+v, want unbounded", o.Host, o)
		}
		if !slices.Equal(o.Warnings, []string{want}) {
			t.Errorf("%s: warnings %q", o.Host, o.Warnings)
		}
	}
	if b := m.Between("a", "c", m.mid); b != unbounded {
		t.Errorf("Between(a, c) = %+v, want unbounded", b)
	}
}

// TestEstimateCycle: each host pair is consistent, but around the cycle
// a → b → c → a the bounds cannot all hold.
func TestEstimateCycle(t *testing.T) {
	var pairs []Pair
	for i := range int64(10) {
		at := base + i*sec
		pairs = append(pairs,
			Pair{From: "a", To: "b", Lo: 10 * ms, Hi: 12 * ms, T: at},
			Pair{From: "b", To: "c", Lo: 10 * ms, Hi: 12 * ms, T: at},
			Pair{From: "a", To: "c", Lo: 0, Hi: ms, T: at})
	}
	m := Estimate(Input{Pairs: pairs, Start: base, End: base + 10*sec})
	for _, o := range m.Hosts() {
		if o.Bounded || o.Pairs != 20 || !slices.Equal(o.Warnings, []string{WarnCycle}) {
			t.Errorf("%s = %+v, want unbounded with %q", o.Host, o, WarnCycle)
		}
	}
}

func TestEstimateNoPairs(t *testing.T) {
	f := newFleet(7)
	f.host("a", 0, 0)
	f.host("b", 9*ms, 0)
	f.calls(10, sec, "a")
	f.calls(10, sec, "b")
	m := f.model(t)
	for _, o := range m.Hosts() {
		if o.Bounded || o.Reference || o.Pairs != 0 || o.Offset != 0 || o.DriftKnown || !slices.Equal(o.Warnings, []string{WarnNoPairs}) {
			t.Errorf("%s = %+v, want unbounded", o.Host, o)
		}
	}
	if b := m.Between("a", "b", base); b != unbounded {
		t.Errorf("Between = %+v", b)
	}
	if got, want := m.Middle(), m.start+(m.end-m.start)/2; got != want || m.start < base || m.end <= m.start {
		t.Errorf("Middle() = %d, want %d", got, want)
	}
	// An empty input does not crash either.
	if hs := Estimate(Input{}).Hosts(); len(hs) != 0 {
		t.Errorf("empty input: %+v", hs)
	}
}

func TestEstimateSingleHost(t *testing.T) {
	f := newFleet(8)
	f.host("solo", 0, 0)
	f.calls(5, sec, "solo")
	hs := f.model(t).Hosts()
	want := HostOffset{Host: "solo", Services: []string{"svc-solo"}, Reference: true, Bounded: true, DriftKnown: true}
	if len(hs) != 1 || !equalHost(hs[0], want) {
		t.Errorf("Hosts() = %+v, want %+v", hs, want)
	}
}

func equalHost(a, b HostOffset) bool {
	return a.Host == b.Host && slices.Equal(a.Services, b.Services) && a.Reference == b.Reference &&
		a.Bounded == b.Bounded && a.Offset == b.Offset && a.Min == b.Min && a.Max == b.Max &&
		a.DriftKnown == b.DriftKnown && len(a.Warnings) == len(b.Warnings)
}

// TestEstimateReference: the reference is the host with the most spans,
// ties broken by host key.
func TestEstimateReference(t *testing.T) {
	pairs := []Pair{{From: "a", To: "b", Lo: 0, Hi: ms, T: base}, {From: "b", To: "c", Lo: 0, Hi: ms, T: base}}
	for _, tc := range []struct {
		spans map[string]int64
		want  string
	}{
		{map[string]int64{"a": 1, "b": 5, "c": 2}, "b"},
		{map[string]int64{"a": 1, "b": 2, "c": 2}, "b"},
		{map[string]int64{}, "a"},
	} {
		var hosts []HostInfo
		for h, n := range tc.spans {
			hosts = append(hosts, HostInfo{Host: h, Spans: n})
		}
		var refs []string
		for _, o := range Estimate(Input{Pairs: pairs, Hosts: hosts, Start: base, End: base}).Hosts() {
			if o.Reference {
				refs = append(refs, o.Host)
			}
		}
		if !slices.Equal(refs, []string{tc.want}) {
			t.Errorf("spans %v: references %v, want %s", tc.spans, refs, tc.want)
		}
	}
}

// TestEstimateOrderIndependent: the model does not depend on the order of
// its input pairs.
func TestEstimateOrderIndependent(t *testing.T) {
	f := newFleet(9)
	f.host("a", 0, 0)
	f.host("b", 3*ms, 20)
	f.host("c", -3*ms, 0)
	f.calls(200, 100*ms, "a", "b", "c")
	in := Collect(f.graph())
	want := Estimate(in).Hosts()
	slices.Reverse(in.Pairs)
	for i := range in.Pairs {
		p := &in.Pairs[i]
		if i%2 == 0 && !p.OneSided() { // the same observation, seen from the other side
			p.From, p.To, p.Lo, p.Hi = p.To, p.From, -p.Hi, -p.Lo
		}
	}
	got := Estimate(in).Hosts()
	for i := range want {
		if !equalHost(got[i], want[i]) || got[i].DriftPPM != want[i].DriftPPM {
			t.Errorf("reordered: %+v, want %+v", got[i], want[i])
		}
	}
}

func TestWarningsAreSentences(t *testing.T) {
	for _, w := range []string{WarnOneSided, WarnNoPairs, WarnCycle, warnContradiction, warnUnreached, warnSetAside} {
		if strings.HasSuffix(w, ".") || strings.ToLower(w[:1]) != w[:1] {
			t.Errorf("%q: warnings start lower case and end without a period, like the others", w)
		}
	}
}
