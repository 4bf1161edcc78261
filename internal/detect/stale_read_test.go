package detect

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ruleCase is one timeline and what Detect must say about it: the
// findings at the CLI's default (likely) and how many it hides, and every
// finding down to possible.
type ruleCase struct {
	name   string
	build  func(s *scenario)
	want   []string // at likely
	hidden int      // below likely
	all    []string // at possible (nil: same as want)
}

func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &scenario{}
			tc.build(s)
			got := s.run(nil, likely)
			if diff := cmp.Diff(tc.want, lines(got)); diff != "" {
				t.Errorf("at likely (-want +got):\n%s", diff)
			}
			if got.Hidden != tc.hidden {
				t.Errorf("hidden = %d, want %d", got.Hidden, tc.hidden)
			}
			all := tc.all
			if all == nil {
				all = tc.want
			}
			if diff := cmp.Diff(all, lines(s.run(nil, everything))); diff != "" {
				t.Errorf("at possible (-want +got):\n%s", diff)
			}
		})
	}
}

// pending is the usual setup: Bob's POST /profile enqueues a job at 10 ms
// that rewrites user:42:profile at 30–31 ms on a worker.
func pending(s *scenario) (enq ref, job *unitB) {
	e := s.request("POST /profile", "api-2", "bob", 0, 12)
	enq = e.enqueue(10, 11)
	job = s.job("process jobs", "worker-1", 25, 40, enq)
	job.set("user:42:profile", 30, 31)
	return enq, job
}

func TestStaleRead(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "another user reads while the job is pending",
		build: func(s *scenario) {
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).get("user:42:profile", 20, 21)
		},
		want: []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=9ms"},
	}, {
		name: "1 ms inside the window, one host",
		build: func(s *scenario) {
			e := s.request("POST /profile", "box", "bob", 0, 12)
			job := s.job("process jobs", "box", 25, 40, e.enqueue(10, 11))
			job.set("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "box", "alice", 27, 33).get("user:42:profile", 28, 29)
		},
		want: []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=1ms"},
	}, {
		name: "1 ms after the job's last mutation",
		build: func(s *scenario) {
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", 30, 40).get("user:42:profile", 32, 33)
		},
	}, {
		name: "between the job's first and last mutation",
		build: func(s *scenario) {
			_, job := pending(s)
			job.set("user:42:profile", 36, 37)
			s.request("GET /profile/{id}", "api-1", "alice", 30, 40).get("user:42:profile", 33, 34)
		},
	}, {
		name: "overlapping the first mutation: possible",
		build: func(s *scenario) {
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", 29, 33).redis("GET user:42:profile", 30*ms+500*us, 31*ms+500*us)
		},
		hidden: 1,
		all:    []string{"stale-read-pending-job possible user:42:profile GET /profile/{id}→process jobs margin≤0"},
	}, {
		name: "starting as the enqueue starts: a tie, possible",
		build: func(s *scenario) {
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", 9, 14).get("user:42:profile", 10, 11)
		},
		hidden: 1,
		all:    []string{"stale-read-pending-job possible user:42:profile GET /profile/{id}→process jobs margin≤0"},
	}, {
		name: "before the enqueue",
		build: func(s *scenario) {
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", 5, 12).get("user:42:profile", 8, 9)
		},
	}, {
		name: "an unrelated key",
		build: func(s *scenario) {
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).get("user:43:profile", 20, 21)
		},
	}, {
		name: "a job that only reads the key",
		build: func(s *scenario) {
			e := s.request("POST /profile", "api-2", "bob", 0, 12)
			s.job("process jobs", "worker-1", 25, 40, e.enqueue(10, 11)).get("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).get("user:42:profile", 20, 21)
		},
	}, {
		name: "a request that reads the database directly",
		build: func(s *scenario) {
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).selectFrom("users", 20, 21)
		},
	}, {
		name: "a request that polls until the job is done",
		build: func(s *scenario) {
			pending(s)
			r := s.request("GET /profile/{id}", "api-1", "alice", 14, 40)
			for t := int64(15); t < 38; t += 5 {
				r.get("user:42:profile", t, t+1)
			}
		},
	}, {
		name: "a request that reads again, still before the job is done",
		build: func(s *scenario) {
			pending(s)
			r := s.request("GET /profile/{id}", "api-1", "alice", 14, 40)
			r.get("user:42:profile", 15, 16)
			r.get("user:42:profile", 20, 21)
			r.get("user:42:profile", 26, 27)
		},
		want: []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=3ms"},
	}, {
		name: "a request whose last read overlaps the job's last mutation: possible",
		build: func(s *scenario) {
			pending(s)
			r := s.request("GET /profile/{id}", "api-1", "alice", 14, 40)
			r.get("user:42:profile", 20, 21)
			r.redis("GET user:42:profile", 30*ms+500*us, 31*ms+500*us)
		},
		hidden: 1,
		all:    []string{"stale-read-pending-job possible user:42:profile GET /profile/{id}→process jobs margin≤0"},
	}, {
		name: "a job whose producer was sampled away: read before the job starts",
		build: func(s *scenario) {
			s.job("process jobs", "worker-1", 25, 40, s.sampledAway()).set("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).get("user:42:profile", 20, 21)
		},
	}, {
		name: "a job whose producer was sampled away: read after the job starts",
		build: func(s *scenario) {
			s.job("process jobs", "worker-1", 25, 40, s.sampledAway()).set("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "api-1", "alice", 25, 29).get("user:42:profile", 26, 27)
		},
		want: []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=1ms"},
	}, {
		name: "a miss is no stale read",
		build: func(s *scenario) {
			pending(s)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).redis("GET user:42:profile", 20*ms, 21*ms,
				attr("cache.hit", "false"))
		},
	}, {
		name: "two pending jobs, one finding each",
		build: func(s *scenario) {
			pending(s)
			e := s.request("POST /avatar", "api-2", "carol", 12, 16)
			s.job("resize avatar", "worker-2", 26, 45, e.enqueue(13, 14)).del("user:42:profile", 40, 41)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).get("user:42:profile", 20, 21)
		},
		want: []string{ // same request, same rule: in id order
			"stale-read-pending-job certain user:42:profile GET /profile/{id}→resize avatar margin=7ms",
			"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=9ms",
		},
	}, {
		name: "hash fields: another field is no conflict",
		build: func(s *scenario) {
			e := s.request("POST /profile", "api-2", "bob", 0, 12)
			s.job("process jobs", "worker-1", 25, 40, e.enqueue(10, 11)).redis("HSET user:42 name Bob", 30*ms, 31*ms)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).redis("HGET user:42 email", 20*ms, 21*ms)
		},
	}, {
		name: "hash fields: the same field",
		build: func(s *scenario) {
			e := s.request("POST /profile", "api-2", "bob", 0, 12)
			s.job("process jobs", "worker-1", 25, 40, e.enqueue(10, 11)).redis("HSET user:42 name Bob", 30*ms, 31*ms)
			s.request("GET /profile/{id}", "api-1", "alice", 18, 24).redis("HGET user:42 name", 20*ms, 21*ms)
		},
		want: []string{"stale-read-pending-job certain user:42 GET /profile/{id}→process jobs margin=9ms"},
	}, {
		name: "the last hit inside the window is reported",
		build: func(s *scenario) {
			pending(s)
			r := s.request("GET /profile/{id}", "api-1", "alice", 14, 30)
			r.get("user:42:profile", 15, 16)
			r.get("user:42:profile", 22, 23)
		},
		want: []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process jobs margin=7ms"},
	}, {
		name: "a script reading the key is no request",
		build: func(s *scenario) {
			pending(s)
			s.script("nightly report", "cron-1", 18, 24).get("user:42:profile", 20, 21)
		},
	}})
}

func TestStaleReadEvents(t *testing.T) {
	s := &scenario{}
	pending(s)
	r := s.request("GET /profile/{id}", "api-1", "alice", 14, 40)
	r.get("user:42:profile", 15, 16)
	r.get("user:42:profile", 20, 21)
	r.redis("GET user:42:profile", 30*ms+500*us, 30*ms+700*us) // during the mutation: not after it
	got := s.run(nil, everything)
	if len(got.Findings) != 1 {
		t.Fatalf("findings: %q", lines(got))
	}
	f := got.Findings[0]
	want := []string{
		"enqueue  api-2 @10",
		"read user:42:profile hit api-1 @20",
		"job-start  worker-1 @25",
		"write user:42:profile worker-1 @30",
		"read user:42:profile hit api-1 @30.5",
		"job-end  worker-1 @40",
	}
	if diff := cmp.Diff(want, eventLines(f)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if f.Confidence.String() != "possible" {
		t.Errorf("confidence = %s: a read during the last mutation may have seen it", f.Confidence)
	}
	wantSum := `GET /profile/{id} read user:42:profile from cache 9ms before job "process jobs" (enqueued 10ms earlier) rewrote it`
	if f.Summary != wantSum {
		t.Errorf("summary = %q\nwant      %q", f.Summary, wantSum)
	}
}
