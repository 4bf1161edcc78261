package detect

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// syncJob is a job Bob's POST /settings enqueues at 10 ms that rewrites
// user:42:plan at 30–31 ms and user:42:profile at 40–41 ms.
func syncJob(s *scenario) *unitB {
	e := s.request("POST /settings", "api-2", "bob", 0, 12)
	j := s.job("sync account", "worker-1", 25, 45, e.enqueue(10, 11))
	j.set("user:42:plan", 30, 31)
	j.set("user:42:profile", 40, 41)
	return j
}

func TestPartialRead(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "MGET of a key the job has written and one it has not yet",
		build: func(s *scenario) {
			syncJob(s)
			s.request("GET /dashboard", "api-1", "alice", 33, 38).redis("MGET user:42:plan user:42:profile", 35*ms, 36*ms)
		},
		want: []string{"partial-read certain user:42:plan,user:42:profile GET /dashboard→sync account margin=4ms"},
	}, {
		name: "both keys before the job: two stale reads",
		build: func(s *scenario) {
			syncJob(s)
			s.request("GET /dashboard", "api-1", "alice", 18, 24).redis("MGET user:42:plan user:42:profile", 20*ms, 21*ms)
		},
		want: []string{ // in id order
			"stale-read-pending-job certain user:42:profile GET /dashboard→sync account margin=10ms",
			"stale-read-pending-job certain user:42:plan GET /dashboard→sync account margin=9ms",
		},
	}, {
		name: "both keys after the job",
		build: func(s *scenario) {
			syncJob(s)
			s.request("GET /dashboard", "api-1", "alice", 43, 48).redis("MGET user:42:plan user:42:profile", 45*ms, 46*ms)
		},
	}, {
		name: "the stale key read again after the job rewrote it",
		build: func(s *scenario) {
			syncJob(s)
			r := s.request("GET /dashboard", "api-1", "alice", 33, 48)
			r.redis("MGET user:42:plan user:42:profile", 35*ms, 36*ms)
			r.get("user:42:profile", 44, 45)
		},
	}, {
		name: "two reads of one key are no partial read",
		build: func(s *scenario) {
			e := s.request("POST /settings", "api-2", "bob", 0, 12)
			j := s.job("sync account", "worker-1", 25, 45, e.enqueue(10, 11))
			j.set("user:42:profile", 30, 31)
			j.set("user:42:profile", 40, 41)
			r := s.request("GET /dashboard", "api-1", "alice", 18, 48)
			r.get("user:42:profile", 20, 21)
			r.get("user:42:profile", 43, 44)
		},
	}, {
		name: "the same user: partial-read replaces read-your-writes",
		build: func(s *scenario) {
			syncJob(s)
			s.request("GET /dashboard", "api-1", "bob", 33, 38).redis("MGET user:42:plan user:42:profile", 35*ms, 36*ms)
		},
		want: []string{"partial-read certain user:42:plan,user:42:profile GET /dashboard→sync account margin=4ms"},
	}, {
		name: "a key the job does not mutate is no fresh read",
		build: func(s *scenario) {
			syncJob(s)
			s.request("GET /dashboard", "api-1", "alice", 33, 38).redis("MGET user:42:avatar user:42:profile", 35*ms, 36*ms)
		},
		want: []string{"stale-read-pending-job certain user:42:profile GET /dashboard→sync account margin=4ms"},
	}})
}

func TestPartialReadDetails(t *testing.T) {
	s := &scenario{}
	syncJob(s)
	s.request("GET /dashboard", "api-1", "alice", 33, 38).redis("MGET user:42:plan user:42:profile", 35*ms, 36*ms)
	got := s.run(nil, likely)
	if len(got.Findings) != 1 {
		t.Fatalf("findings: %q", lines(got))
	}
	f := got.Findings[0]
	if f.Key != "user:42:profile" {
		t.Errorf("key = %q, want the stale read's, user:42:profile", f.Key)
	}
	want := []string{
		"enqueue  api-2 @10",
		"job-start  worker-1 @25",
		"write user:42:plan worker-1 @30",
		"read user:42:plan hit api-1 @35",
		"read user:42:profile hit api-1 @35",
		"write user:42:profile worker-1 @40",
		"job-end  worker-1 @45",
	}
	if diff := cmp.Diff(want, eventLines(f)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	sum := `GET /dashboard read user:42:profile from cache 4ms before job "sync account" rewrote it, and user:42:plan 4ms after it rewrote that: a mix of old and new state`
	if f.Summary != sum {
		t.Errorf("summary = %q\nwant      %q", f.Summary, sum)
	}
}

// TestPartialReadConfidence: the fresh read is 1 ms after the job's write
// on a worker known to ±2 ms: likely. The stale read on the same host as
// the worker is certain, so it stands beside the partial read.
func TestPartialReadConfidence(t *testing.T) {
	m := clockModel(t, "api-1", hostBound{"api-1", "worker-1", -2 * ms, 2 * ms}, hostBound{"api-1", "api-2", -100 * us, 100 * us})
	s := &scenario{}
	e := s.request("POST /settings", "api-2", "bob", 0, 12)
	j := s.job("sync account", "worker-1", 25, 45, e.enqueue(10, 11))
	j.set("user:42:plan", 30, 31)
	j.set("user:42:profile", 40, 41)
	r := s.request("GET /dashboard", "api-1", "alice", 31, 38)
	r.get("user:42:plan", 32, 33)
	r.get("user:42:profile", 34, 35)
	want := []string{
		"partial-read likely user:42:plan,user:42:profile GET /dashboard→sync account margin=1ms",
		"stale-read-pending-job certain user:42:profile GET /dashboard→sync account margin=5ms",
	}
	if diff := cmp.Diff(want, lines(s.run(m, likely))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
