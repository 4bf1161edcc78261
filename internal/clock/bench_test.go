package clock

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// syntheticPairs draws n pairs over an hour between 8 hosts with clocks up
// to ±100 ms apart, drifting up to ±50 ppm: RPC pairs between 16 host
// pairs, a tenth of them queue pairs. It also returns the true offset of a
// host against host-0 (the reference: most spans) at a raw time.
func syntheticPairs(n int, seed uint64) (Input, func(h int, t int64) int64) {
	rng := rand.New(rand.NewPCG(seed, 2))
	const hosts = 8
	names := make([]string, hosts)
	offset, ppm := make([]float64, hosts), make([]float64, hosts)
	in := Input{Start: base, End: base + 3600*sec}
	for h := range hosts {
		names[h] = "host-" + strconv.Itoa(h)
		offset[h] = rng.Float64()*200e6 - 100e6
		ppm[h] = rng.Float64()*100 - 50
		in.Hosts = append(in.Hosts, HostInfo{Host: names[h], Spans: int64(100 - h)})
	}
	skew := func(h int, t int64) int64 { return int64(offset[h] + ppm[h]*1e-6*float64(t-base)) }
	delay := func() int64 { return 100*us + int64(rng.ExpFloat64()*float64(500*us)) }
	in.Pairs = make([]Pair, n)
	for i := range in.Pairs {
		c := rng.IntN(hosts)
		s := (c + 1 + rng.IntN(2)*3) % hosts // 16 host pairs
		at := base + rng.Int64N(3600*sec)
		d := skew(s, at) - skew(c, at)
		p := Pair{From: names[c], To: names[s], T: at + skew(c, at)}
		p.Hi = d + delay()
		p.Lo = d - delay()
		if i%10 == 0 {
			p.Lo = NoLower
		}
		in.Pairs[i] = p
	}
	return in, func(h int, t int64) int64 { return skew(h, t) - skew(0, t) }
}

// BenchmarkEstimate fits a million pairs.
//
//	go test ./internal/clock -run '^$' -bench Estimate -benchmem
func BenchmarkEstimate(b *testing.B) {
	in, _ := syntheticPairs(1_000_000, 1)
	b.ReportAllocs()
	start := time.Now()
	n := 0
	for b.Loop() {
		Estimate(in)
		n++
	}
	b.ReportMetric(float64(n*len(in.Pairs))/time.Since(start).Seconds(), "pairs/s")
}

// BenchmarkJudge judges two orderings across hosts that never talk
// directly.
func BenchmarkJudge(b *testing.B) {
	in, _ := syntheticPairs(100_000, 2)
	m := Estimate(in)
	at := base + 1800*sec
	os := []Ordering{
		{A: Point{"host-0", at}, B: Point{"host-2", at + 150*ms}},
		{A: Point{"host-2", at + 200*ms}, B: Point{"host-5", at + 400*ms}},
	}
	b.ReportAllocs()
	for b.Loop() {
		m.Judge(os)
	}
}

// TestSyntheticFleet checks the benchmark's fleet: every true offset is
// inside its bounds, at the middle and across the hour.
func TestSyntheticFleet(t *testing.T) {
	in, truth := syntheticPairs(20_000, 3)
	m := Estimate(in)
	for h, o := range m.Hosts() {
		if want := truth(h, m.mid); !o.Bounded || o.OneSided || o.Max-o.Min > 2*ms || o.PairsSetAside != 0 || want < o.Min || want > o.Max {
			t.Errorf("true offset %d: %+v", want, o)
		}
		for at := base; at <= base+3600*sec; at += 61 * sec {
			if b, want := m.Between("host-0", o.Host, at), truth(h, at); want < b.Lo || want > b.Hi {
				t.Errorf("%s at +%s: true offset %d outside %+v", o.Host, fmtSeconds(at-base), want, b)
			}
		}
	}
}
