package detect

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
)

// workload generates scale × 10 s of a shop at a steady 400 requests/s
// from 200 × scale users, on four API hosts and two workers: profile
// reads (hits, and misses that fill from the source), profile updates that
// write the source, invalidate and enqueue a job rewriting two keys,
// read-modify-writes of carts, and every 2 s a burst of 2,000 requests
// within 50 ms reading config:flags, a hot key that a pending job is
// about to rewrite. Scaling keeps the density, so the operations and the
// findings both grow with scale.
func workload(scale int) *scenario {
	s := &scenario{}
	rng := rand.New(rand.NewPCG(uint64(scale), 7))
	users := 200 * scale
	span := int64(scale) * 10_000 // ms
	host := func() string { return fmt.Sprintf("api-%d", 1+rng.IntN(4)) }
	for t := int64(0); t < span; t += 2 + rng.Int64N(4) { // 2.5 ms apart on average
		u := rng.IntN(users)
		switch n := rng.IntN(20); {
		case n < 14:
			profileRead(s, rng, host(), u, t)
		case n < 16:
			profileUpdate(s, rng, host(), u, t)
		default:
			cartUpdate(s, host(), u, t)
		}
	}
	for t := int64(1000); t < span; t += 2000 {
		hotBurst(s, rng, host, t)
	}
	return s
}

func profileRead(s *scenario, rng *rand.Rand, host string, u int, t int64) {
	r := s.request("GET /profile/{id}", host, fmt.Sprint("user-", u), t, t+8)
	key := fmt.Sprintf("user:%d:profile", u)
	if rng.IntN(10) == 0 {
		r.redis("GET "+key, (t+1)*ms, (t+2)*ms, attr("cache.hit", "false"))
		r.selectFrom("users", t+2, t+4)
		r.set(key, t+5, t+6)
		return
	}
	r.redis(fmt.Sprintf("MGET %s user:%d:plan", key, u), (t+1)*ms, (t+2)*ms)
}

func profileUpdate(s *scenario, rng *rand.Rand, host string, u int, t int64) {
	r := s.request("POST /profile", host, fmt.Sprint("user-", u), t, t+10)
	r.update("users", t+1, t+3)
	r.del(fmt.Sprintf("user:%d:profile", u), t+4, t+5)
	q := r.enqueue(t+6, t+7)
	lag := 20 + rng.Int64N(30)
	j := s.job("process jobs", fmt.Sprintf("worker-%d", 1+rng.IntN(2)), t+lag, t+lag+15, q)
	j.set(fmt.Sprintf("user:%d:plan", u), t+lag+2, t+lag+3)
	j.set(fmt.Sprintf("user:%d:profile", u), t+lag+8, t+lag+9)
}

func cartUpdate(s *scenario, host string, u int, t int64) {
	r := s.request("POST /cart/items", host, fmt.Sprint("user-", u), t, t+6)
	key := fmt.Sprintf("cart:%d", u%50)
	r.redis("GET "+key, (t+1)*ms, (t+2)*ms, attr("cache.hit", "true"))
	r.set(key, t+4, t+5)
}

// hotBurst: a cron enqueues a job that rewrites config:flags 60 ms later;
// meanwhile 2,000 requests read it.
func hotBurst(s *scenario, rng *rand.Rand, host func() string, t int64) {
	c := s.script("refresh flags", "cron-1", t, t+3)
	j := s.job("refresh flags", "worker-1", t+40, t+80, c.enqueue(t+1, t+2))
	j.set("config:flags", t+60, t+61)
	for i := range 2000 {
		at := t*ms + 5*ms + rng.Int64N(50*ms)
		r := s.request("GET /home", host(), fmt.Sprint("visitor-", i), (at-ms)/ms, at/ms+2)
		r.redis("GET config:flags", at, at+200*us)
	}
}

// BenchmarkDetect runs Detect on 1×, 4× and 16× the workload, with exact
// clocks and with a clock model that bounds every host pair to ±1 ms.
// Time per operation-or-finding stays flat when detection is linear.
//
//	go test ./internal/detect -run '^$' -bench Detect -benchmem
func BenchmarkDetect(b *testing.B) {
	for _, scale := range []int{1, 4, 16} {
		s := workload(scale)
		byTrace := s.derive()
		n := 0
		for _, tr := range byTrace {
			n += len(tr)
		}
		judges := []struct {
			name string
			j    Judge
		}{{"exact", clock.Zero()}, {"bounded", benchModel(b)}}
		for _, jc := range judges {
			b.Run(fmt.Sprintf("%s/x%d", jc.name, scale), func(b *testing.B) {
				benchDetect(b, byTrace, jc.j, n)
			})
		}
	}
}

func benchDetect(b *testing.B, byTrace [][]ops.Op, j Judge, n int) {
	b.ReportAllocs()
	var r Result
	for b.Loop() {
		r = Detect(byTrace, j, everything)
	}
	items := n + len(r.Findings)
	b.ReportMetric(float64(n), "ops")
	b.ReportMetric(float64(len(r.Findings)), "findings")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(items), "ns/item")
}

// benchModel bounds every API host and worker against api-1 to ±1 ms.
func benchModel(b *testing.B) *clock.Model {
	in := clock.Input{Start: base, End: base + 160e9, Hosts: []clock.HostInfo{{Host: "api-1", Spans: 1000}}}
	for _, h := range []string{"api-2", "api-3", "api-4", "worker-1", "worker-2", "cron-1"} {
		in.Hosts = append(in.Hosts, clock.HostInfo{Host: h, Spans: 10})
		for at := in.Start; at <= in.End; at += 1e9 {
			in.Pairs = append(in.Pairs, clock.Pair{From: "api-1", To: h, Lo: -ms, Hi: ms, T: at})
		}
	}
	return clock.Estimate(in)
}
