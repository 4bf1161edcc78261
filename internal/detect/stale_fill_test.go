package detect

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// filler is GET /profile/{id} on api-1: it misses user:42:profile at 10
// ms, reads users at src–src+2 ms, and fills the key at 20 ms.
func filler(s *scenario, src int64) *unitB {
	r := s.request("GET /profile/{id}", "api-1", "alice", 9, 23)
	r.get("user:42:profile", 10, 11)
	r.selectFrom("users", src, src+2)
	r.set("user:42:profile", 20, 21)
	return r
}

func TestStaleFill(t *testing.T) {
	runCases(t, []ruleCase{{
		name: "the writer updates the source and invalidates between the read and the fill",
		build: func(s *scenario) {
			filler(s, 12)
			w := s.request("POST /profile", "api-2", "bob", 12, 19)
			w.update("users", 13, 15)
			w.del("user:42:profile", 16, 17)
		},
		want: []string{"stale-cache-fill certain user:42:profile GET /profile/{id}→POST /profile margin=3ms"},
	}, {
		name: "the fill's source read began after the writer's change",
		build: func(s *scenario) {
			filler(s, 16)
			w := s.request("POST /profile", "api-2", "bob", 12, 19)
			w.update("users", 13, 15)
			w.del("user:42:profile", 18, 19)
		},
	}, {
		name: "the invalidation comes after the fill",
		build: func(s *scenario) {
			filler(s, 12)
			w := s.request("POST /profile", "api-2", "bob", 12, 26)
			w.update("users", 13, 15)
			w.del("user:42:profile", 24, 25)
		},
	}, {
		name: "no source write: the invalidation is the change",
		build: func(s *scenario) {
			filler(s, 12)
			s.request("POST /profile", "api-2", "bob", 12, 19).del("user:42:profile", 13, 15)
		},
		want: []string{"stale-cache-fill certain user:42:profile GET /profile/{id}→POST /profile margin=3ms"},
	}, {
		name: "the writer is a job",
		build: func(s *scenario) {
			filler(s, 12)
			e := s.request("POST /profile", "api-2", "bob", 0, 5)
			j := s.job("process jobs", "worker-1", 11, 19, e.enqueue(2, 3))
			j.update("users", 13, 15)
			j.set("user:42:profile", 16, 17)
		},
		want: []string{"stale-cache-fill certain user:42:profile GET /profile/{id}→process jobs margin=3ms"},
	}, {
		name: "two concurrent fills (a stampede)",
		build: func(s *scenario) {
			filler(s, 12)
			r := s.request("GET /profile/{id}", "api-2", "bob", 9, 23)
			r.get("user:42:profile", 10, 11)
			r.selectFrom("users", 13, 15)
			r.set("user:42:profile", 17, 18)
		},
	}, {
		name: "the invalidation overlaps the fill: possible",
		build: func(s *scenario) {
			filler(s, 12)
			w := s.request("POST /profile", "api-2", "bob", 12, 23)
			w.update("users", 13, 15)
			w.redis("DEL user:42:profile", 19*ms+500*us, 20*ms+500*us)
		},
		hidden: 1,
		all:    []string{"stale-cache-fill possible user:42:profile GET /profile/{id}→POST /profile margin≤0"},
	}, {
		name: "the same unit's own invalidation",
		build: func(s *scenario) {
			r := s.request("GET /profile/{id}", "api-1", "alice", 9, 23)
			r.get("user:42:profile", 10, 11)
			r.selectFrom("users", 12, 14)
			r.del("user:42:profile", 15, 16)
			r.set("user:42:profile", 20, 21)
		},
	}})
}

func TestStaleFillDetails(t *testing.T) {
	s := &scenario{}
	filler(s, 12)
	w := s.request("POST /profile", "api-2", "bob", 12, 19)
	w.update("users", 13, 15)
	w.del("user:42:profile", 16, 17)
	got := s.run(nil, likely)
	if len(got.Findings) != 1 {
		t.Fatalf("findings: %q", lines(got))
	}
	f := got.Findings[0]
	if f.Job != nil || f.Other == nil || f.Other.RootSpan().Name != "POST /profile" {
		t.Errorf("job = %v, other = %v: the invalidating request is other", f.Job, f.Other)
	}
	want := []string{
		"read user:42:profile miss api-1 @10",
		"source-read users api-1 @12",
		"source-write users api-2 @13",
		"invalidate user:42:profile api-2 @16",
		"fill user:42:profile api-1 @20",
	}
	if diff := cmp.Diff(want, eventLines(f)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	sum := "GET /profile/{id} filled user:42:profile 3ms after POST /profile deleted it, with a value read from the source 3ms before POST /profile's change landed: the cache keeps the old value"
	if f.Summary != sum {
		t.Errorf("summary = %q\nwant      %q", f.Summary, sum)
	}
}
