package gen

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"time"
)

// rng is the one source of randomness of a generator. Every draw happens
// in generation order, so a seed fixes the whole dump.
type rng struct{ r *rand.Rand }

// rngStream is the PCG stream constant; it spells "raceline".
const rngStream = 0x7261_6365_6c69_6e65

func newRNG(seed uint64) *rng { return &rng{rand.New(rand.NewPCG(seed, rngStream))} }

// traceID returns a random, never all-zero trace ID.
func (g *rng) traceID() (id [16]byte) {
	for id == ([16]byte{}) {
		binary.BigEndian.PutUint64(id[:8], g.r.Uint64())
		binary.BigEndian.PutUint64(id[8:], g.r.Uint64())
	}
	return id
}

// spanID returns a random, never all-zero span ID.
func (g *rng) spanID() (id [8]byte) {
	for id == ([8]byte{}) {
		binary.BigEndian.PutUint64(id[:], g.r.Uint64())
	}
	return id
}

// uuid returns a random version-4 UUID in its canonical text form.
func (g *rng) uuid() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], g.r.Uint64())
	binary.BigEndian.PutUint64(b[8:], g.r.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func (g *rng) chance(p float64) bool { return g.r.Float64() < p }

// outcome is a cache read's outcome: o when a script forces it (drawing
// nothing, so that forcing one read leaves the other draws alone), else
// a hit drawn at hitRate.
func (g *rng) outcome(o Outcome, hitRate float64) bool {
	switch o {
	case Hit:
		return true
	case Miss:
		return false
	}
	return g.chance(hitRate)
}

func (g *rng) intn(n int) int { return g.r.IntN(n) }

// between returns an int in [lo, hi].
func (g *rng) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// dur returns a log-normally distributed duration in nanoseconds with the
// given median: latencies have a long right tail, never a negative one.
func (g *rng) dur(median time.Duration, sigma float64) int64 {
	d := float64(median) * math.Exp(sigma*g.r.NormFloat64())
	return max(int64(d), 1000)
}

// gap is the short pause between two sibling spans of one handler.
func (g *rng) gap() int64 { return g.dur(40*time.Microsecond, 0.6) }

// expo returns an exponentially distributed interval with the given mean:
// the time between two independent arrivals.
func (g *rng) expo(mean float64) int64 { return max(int64(g.r.ExpFloat64()*mean), 1) }

// pick returns an index drawn with the given weights.
func (g *rng) pick(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}
