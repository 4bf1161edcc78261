package detect

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadYourWrites(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "the same user reads after the enqueuing request answered",
		build: func(s *scenario) {
			pending(s) // Bob's POST /profile ends at 12
			s.request("GET /profile/{id}", "api-1", "bob", 18, 24).get("user:42:profile", 20, 21)
		},
		want: []string{"read-your-writes certain user:42:profile GET /profile/{id}→process jobs margin=8ms"},
	}, {
		name: "another tab: the enqueuing request had not answered yet",
		build: func(s *scenario) {
			e := s.request("POST /profile", "api-2", "bob", 0, 26)
			s.job("process jobs", "worker-1", 25, 40, e.enqueue(10, 11)).set("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "api-1", "bob", 18, 24).get("user:42:profile", 20, 21)
		},
		want: []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=9ms"},
	}, {
		name: "the enqueuing request reads after its enqueue",
		build: func(s *scenario) {
			e := s.request("POST /profile", "api-2", "bob", 0, 20)
			s.job("process jobs", "worker-1", 25, 40, e.enqueue(10, 11)).set("user:42:profile", 30, 31)
			e.get("user:42:profile", 15, 16)
		},
		want: []string{"read-your-writes certain user:42:profile POST /profile→process jobs margin=4ms"},
	}, {
		name: "the enqueuing request reads during its enqueue",
		build: func(s *scenario) {
			e := s.request("POST /profile", "api-2", "bob", 0, 20)
			s.job("process jobs", "worker-1", 25, 40, e.enqueue(10, 12)).set("user:42:profile", 30, 31)
			e.get("user:42:profile", 11, 13)
		},
		want: []string{"stale-read-pending-job certain user:42:profile POST /profile→process jobs margin=1ms"},
	}, {
		name: "another user",
		build: func(s *scenario) {
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).get("user:42:profile", 20, 21)
		},
		want: []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=9ms"},
	}, {
		name: "no actor never matches",
		build: func(s *scenario) {
			e := s.request("POST /profile", "api-2", "", 0, 12)
			s.job("process jobs", "worker-1", 25, 40, e.enqueue(10, 11)).set("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "api-1", "", 18, 24).get("user:42:profile", 20, 21)
		},
		want: []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=9ms"},
	}, {
		name: "a job enqueued by a job inherits the request",
		build: func(s *scenario) {
			e := s.request("POST /profile", "api-2", "bob", 0, 12)
			j1 := s.job("fan out", "worker-2", 12, 16, e.enqueue(10, 11))
			q := j1.enqueue(14, 15)
			s.job("process jobs", "worker-1", 25, 40, q).set("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "api-1", "bob", 18, 24).get("user:42:profile", 20, 21)
		},
		want: []string{"read-your-writes certain user:42:profile GET /profile/{id}→process jobs margin=6ms"},
	}, {
		name: "the answer and the read tie: possible, the stale read stands",
		build: func(s *scenario) {
			e := s.request("POST /profile", "api-2", "bob", 0, 20)
			s.job("process jobs", "worker-1", 25, 40, e.enqueue(10, 11)).set("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "api-1", "bob", 19, 24).get("user:42:profile", 20, 21)
		},
		want:   []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=9ms"},
		hidden: 1,
		all: []string{
			"read-your-writes possible user:42:profile GET /profile/{id}→process jobs margin≤0",
			"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=9ms",
		},
	}})
}

func TestReadYourWritesSummary(t *testing.T) {
	s := &scenario{}
	pending(s)
	s.request("GET /profile/{id}", "api-1", "bob", 18, 30).redis("GET user:42:profile", 26*ms, 26*ms+800*us)
	got := s.run(nil, likely)
	if len(got.Findings) != 1 {
		t.Fatalf("findings: %q", lines(got))
	}
	want := `GET /profile/{id} read user:42:profile from cache 3.2ms before job "process jobs" (enqueued by the same user 16ms earlier) rewrote it`
	if got.Findings[0].Summary != want {
		t.Errorf("summary = %q\nwant      %q", got.Findings[0].Summary, want)
	}
}

// TestPrecedenceConfidence: Bob's POST /profile answered on api-2, whose
// clock is known to ±2 ms against api-1's, where he then read. The stale
// read itself is certain (api-1 and the worker agree to ±0.1 ms).
func TestPrecedenceConfidence(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer int64 // when POST /profile ends, ms
		want   []string
	}{
		{"answered 1 ms before the read: likely, the stale read stands", 19, []string{
			"read-your-writes likely user:42:profile GET /profile/{id}→process jobs margin=1ms",
			"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=9ms",
		}},
		{"answered 5 ms before the read: certain, it replaces the stale read", 15, []string{
			"read-your-writes certain user:42:profile GET /profile/{id}→process jobs margin=5ms",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := clockModel(t, "api-1", hostBound{"api-1", "worker-1", -100 * us, 100 * us},
				hostBound{"api-1", "api-2", -2 * ms, 2 * ms})
			s := &scenario{}
			e := s.request("POST /profile", "api-2", "bob", 0, tc.answer)
			s.job("process jobs", "worker-1", 25, 40, e.enqueue(10, 11)).set("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "api-1", "bob", 19, 24).get("user:42:profile", 20, 21)
			if diff := cmp.Diff(tc.want, lines(s.run(m, likely))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
