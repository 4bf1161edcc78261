package scenario

import (
	"fmt"
	"net/http"
	"time"

	"github.com/raceline/raceline/testdata/e2e/shop"
)

// readAfterJob: the profile is read 40+ ms after the job rewrote it (by
// its owner on even instances, by another user on odd ones).
func readAfterJob(s *step) {
	owner := s.user()
	reader := owner
	if s.rep%2 == 1 {
		reader = s.user()
	}
	s.warmProfile(owner)
	e := s.updateProfile(owner, s.ms(50, 150), 20*time.Millisecond, "", false)
	j := s.job(e)
	s.sleep(s.ms(2, 30)) // and the job's 20 ms tail
	r := s.readProfile(owner, reader, "")
	write, read := s.cmd(traceOf(j), "set", profileKey(owner)), s.cmd(r.Trace, "get", profileKey(owner))
	s.gap("job write end → read start", write.EndTime(), read.StartTime(), crossHost)
	s.watch(r.Trace)
}

// unrelatedKey: while a profile's refresh is pending, another user's
// profile is read.
func unrelatedKey(s *step) {
	owner, other, reader := s.user(), s.user(), s.user()
	s.warmProfile(owner)
	s.warmProfile(other)
	d := s.ms(150, 300)
	e := s.updateProfile(owner, d, 30*time.Millisecond, "", false)
	s.sleep(s.into(d))
	r := s.readProfile(other, reader, "")
	j := s.job(e)
	read, write := s.cmd(r.Trace, "get", profileKey(other)), s.cmd(traceOf(j), "set", profileKey(owner))
	s.gap("read end → job write start", read.EndTime(), write.StartTime(), crossHost)
	s.watch(r.Trace)
}

// jobOnlyReads: while a job that only reads a profile is pending, the
// profile is read.
func jobOnlyReads(s *step) {
	owner, reader := s.user(), s.user()
	s.warmProfile(owner)
	d := s.ms(150, 300)
	e := s.do(Call{Method: http.MethodPost, Path: fmt.Sprintf("/users/%d/audit", owner), Actor: owner,
		Headers: jobHeaders(d, 0, 0)}, http.StatusAccepted)
	s.sleep(s.into(d))
	r := s.readProfile(owner, reader, "")
	j := s.job(e)
	read, jobRead := s.cmd(r.Trace, "get", profileKey(owner)), s.cmd(traceOf(j), "get", profileKey(owner))
	s.gap("read end → job read start", read.EndTime(), jobRead.StartTime(), crossHost)
	s.watch(r.Trace, traceOf(j))
}

// dbDirect: while a profile's refresh is pending, the profile is read
// from PostgreSQL, not from the cache.
func dbDirect(s *step) {
	owner, reader := s.user(), s.user()
	s.warmProfile(owner)
	d := s.ms(150, 300)
	e := s.updateProfile(owner, d, 30*time.Millisecond, "", false)
	s.sleep(s.into(d))
	r := s.readProfile(owner, reader, "?fresh=1")
	j := s.job(e)
	read, write := s.in(r.Trace, SQL("SELECT")), s.cmd(traceOf(j), "set", profileKey(owner))
	s.gap("read end → job write start", read.EndTime(), write.StartTime(), crossHost)
	s.watch(r.Trace)
}

// polling: the owner reads their profile while the refresh is pending,
// then polls until the job is done and reads it again.
func polling(s *step) {
	owner := s.user()
	s.warmProfile(owner)
	d := s.ms(150, 300)
	e := s.updateProfile(owner, d, s.ms(20, 40), "", false)
	s.sleep(s.into(d))
	r := s.readProfile(owner, owner, "?wait="+e.Job)
	j := s.job(e)
	reads, write := s.cmds(r.Trace, "get", profileKey(owner)), s.cmd(traceOf(j), "set", profileKey(owner))
	if s.err == nil && len(reads) != 2 {
		s.fail(fmt.Errorf("%d reads of the profile, want 2", len(reads)))
	}
	if s.err == nil {
		s.gap("first read end → job write start", reads[0].EndTime(), write.StartTime(), crossHost)
		s.gap("job write end → second read start", write.EndTime(), reads[1].StartTime(), crossHost)
	}
	s.watch(r.Trace)
}

// atomicUpdate: two reservations check the stock counter and decrement
// it with DECRBY, interleaved as in lostUpdate; atomic, so nothing is
// lost.
func atomicUpdate(s *step) {
	p, u, v := s.product(), s.user(), s.user()
	s.do(Call{Method: http.MethodPost, Path: productPath(p) + "/restock", Actor: u, Body: map[string]int64{"stock": 50}}, http.StatusOK)
	s.sleep(30 * time.Millisecond)
	m := s.env.Rec.Mark()
	path := productPath(p) + "/reserve"
	b := s.start(Call{Method: http.MethodPost, Path: path, Actor: u, Headers: delay("write", s.ms(150, 300))}, http.StatusOK)
	srv := s.awaitStarted(m, Server(http.MethodPost, path))
	read := s.awaitEnded(m, All(InTrace(traceOf(srv)), Redis("get", stockKey(p))))
	s.sleep(s.ms(5, 60))
	x := s.do(Call{Method: http.MethodPost, Path: path, Actor: v}, http.StatusOK)
	br := b.wait()
	xw, bw := s.cmd(x.Trace, "decrby", stockKey(p)), s.cmd(br.Trace, "decrby", stockKey(p))
	s.gap("B read end → X write start", read.EndTime(), xw.StartTime(), sameHost)
	s.gap("X write end → B write start", xw.EndTime(), bw.StartTime(), sameHost)
	s.watch(br.Trace, x.Trace)
}

// stampede: two requests miss the same profile at once and both fill
// it; nothing invalidates it in between.
func stampede(s *step) {
	u, v := s.user(), s.user()
	m := s.env.Rec.Mark()
	first := s.start(Call{Method: http.MethodGet, Path: profilePath(u), Actor: u, Headers: delay("fill", s.ms(150, 300))}, http.StatusOK)
	srv := s.awaitStarted(m, Server(http.MethodGet, profilePath(u)))
	s.awaitEnded(m, All(InTrace(traceOf(srv)), Redis("get", profileKey(u))))
	s.sleep(s.ms(5, 60))
	second := s.do(Call{Method: http.MethodGet, Path: profilePath(u), Actor: v, Headers: delay("fill", s.ms(50, 100))}, http.StatusOK)
	a := first.wait()
	miss, fill := s.cmd(second.Trace, "get", profileKey(u)), s.cmd(a.Trace, "set", profileKey(u))
	s.gap("second miss end → first fill start", miss.EndTime(), fill.StartTime(), sameHost)
	s.watch(a.Trace, second.Trace)
}

// queueOnly: a job goes through the Redis list (LPUSH, BRPOP); the list
// is a queue, not a cache, and must never be a finding's key.
func queueOnly(s *step) {
	u := s.user()
	e := s.do(Call{Method: http.MethodPost, Path: fmt.Sprintf("/users/%d/audit", u), Actor: u,
		Headers: jobHeaders(s.ms(0, 50), 0, 0)}, http.StatusAccepted)
	j := s.job(e)
	s.watch(e.Trace, traceOf(j))
	s.c.WatchedKeys = append(s.c.WatchedKeys, shop.QueueKey)
}

// droppedProducer: head sampling drops the update request's trace, so
// the job's enqueue is unknown; a read after the enqueue but before the
// job starts is then silent.
func droppedProducer(s *step) {
	owner, reader := s.user(), s.user()
	s.warmProfile(owner)
	d := s.ms(150, 300)
	e := s.updateProfile(owner, d, 30*time.Millisecond, "", true)
	s.sleep(s.into(d))
	r := s.readProfile(owner, reader, "")
	j := s.job(e)
	read := s.cmd(r.Trace, "get", profileKey(owner))
	if s.err == nil {
		s.gap("read end → job start", read.EndTime(), j.StartTime(), crossHost)
		if n := len(s.env.Rec.Ended(InTrace(e.Trace))); n != 0 {
			s.fail(fmt.Errorf("the unsampled update recorded %d spans", n))
		}
	}
	s.watch(r.Trace, traceOf(j))
}
