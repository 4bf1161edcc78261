package detect

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/clock"
)

// hostBound says offset(to) − offset(from) ∈ [lo, hi] (ns) all along.
type hostBound struct {
	from, to string
	lo, hi   int64
}

// clockModel estimates a clock model from pairs observed every 10 ms for
// two seconds around base; ref has the most spans (the reference).
func clockModel(t *testing.T, ref string, bounds ...hostBound) *clock.Model {
	t.Helper()
	in := clock.Input{Start: base - 1e9, End: base + 1e9, Hosts: []clock.HostInfo{{Host: ref, Spans: 1000}}}
	seen := map[string]bool{ref: true}
	for _, b := range bounds {
		for _, h := range []string{b.from, b.to} {
			if !seen[h] {
				seen[h] = true
				in.Hosts = append(in.Hosts, clock.HostInfo{Host: h, Spans: 1})
			}
		}
		for at := in.Start; at <= in.End; at += 10 * ms {
			in.Pairs = append(in.Pairs, clock.Pair{From: b.from, To: b.to, Lo: b.lo, Hi: b.hi, T: at})
		}
	}
	return clock.Estimate(in)
}

// TestClockBounds: the worker's clock runs 10 ms ahead of the API's,
// known to ±0.5 ms. Orderings are judged in corrected time: a read that
// looks stale on raw times is not, and one that does not look stale is.
func TestClockBounds(t *testing.T) {
	ahead := func(t *testing.T) *clock.Model {
		return clockModel(t, "api-1", hostBound{"api-1", "worker-1", 9500 * us, 10500 * us},
			hostBound{"api-1", "api-2", -100 * us, 100 * us})
	}
	behind := func(t *testing.T) *clock.Model {
		return clockModel(t, "api-1", hostBound{"api-1", "worker-1", -10500 * us, -9500 * us},
			hostBound{"api-1", "api-2", -100 * us, 100 * us})
	}
	loose := func(t *testing.T) *clock.Model {
		return clockModel(t, "api-1", hostBound{"api-1", "worker-1", -2 * ms, 2 * ms},
			hostBound{"api-1", "api-2", -100 * us, 100 * us})
	}
	queue := func(t *testing.T) *clock.Model { // the worker is tied to the API by queue pairs only
		return clockModel(t, "api-1", hostBound{"api-1", "worker-1", clock.NoLower, 5 * ms},
			hostBound{"api-1", "api-2", -100 * us, 100 * us})
	}
	apart := func(t *testing.T) *clock.Model { // nothing ties the worker to the API
		return clockModel(t, "api-1", hostBound{"api-1", "api-2", -100 * us, 100 * us})
	}
	for _, tc := range []struct {
		name   string
		model  func(*testing.T) *clock.Model
		read   int64 // the read's start, ms; it lasts 1 ms
		want   []string
		hidden int
	}{
		// Raw: the read (20–21) ends 9 ms before the write (30); corrected,
		// the write happened at 20: the read overlaps it.
		{"ahead: raw stale, corrected overlapping", ahead, 20, nil, 1},
		// Corrected, the write happened at 30 − 10 = 20: a read at 17–18
		// is 2 ms before it, whatever the offset within its bounds.
		{"ahead: certain", ahead, 17, []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=2ms"}, 0},
		// Raw: the read (33–34) is after the write (30–31); corrected, the
		// write happened at 40: the read was stale.
		{"behind: raw after, corrected stale", behind, 33, []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=6ms"}, 0},
		// Offsets within ±2 ms: a read 1 ms before the write holds at the
		// estimate (0) but not for every offset.
		{"loose bounds: likely", loose, 28, []string{"stale-read-pending-job likely user:42:profile GET /profile/{id}→process jobs margin=1ms"}, 0},
		{"loose bounds: 3 ms before is certain", loose, 26, []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=3ms"}, 0},
		// 1 ms after the write at the estimate, but possible within ±2 ms.
		{"loose bounds: after at the estimate, possible", loose, 32, nil, 1},
		{"loose bounds: 3 ms after is nothing", loose, 34, nil, 0},
		// One-sided and missing bounds cap at likely, however wide the gap.
		{"one-sided bound: likely at most", queue, 20, []string{"stale-read-pending-job likely user:42:profile GET /profile/{id}→process jobs margin=9ms"}, 0},
		{"one-sided bound: after at the estimate, possible", queue, 32, nil, 1},
		{"unbounded: likely at most", apart, 20, []string{"stale-read-pending-job likely user:42:profile GET /profile/{id}→process jobs margin=9ms"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &scenario{}
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", tc.read-1, tc.read+5).get("user:42:profile", tc.read, tc.read+1)
			got := s.run(tc.model(t), likely)
			if diff := cmp.Diff(tc.want, lines(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if got.Hidden != tc.hidden {
				t.Errorf("hidden = %d, want %d", got.Hidden, tc.hidden)
			}
		})
	}
}
