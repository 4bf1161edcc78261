package scenario

import (
	"fmt"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// staleRead: user B reads user A's cached profile while the job that
// refreshes it after A's update is still pending.
func staleRead(s *step) {
	owner, reader := s.user(), s.user()
	s.warmProfile(owner)
	s.sleep(30 * time.Millisecond)
	d := s.ms(150, 300)
	e := s.updateProfile(owner, d, 30*time.Millisecond, "", false)
	s.sleep(s.into(d))
	r := s.readProfile(owner, reader, "")
	j := s.job(e)
	read, write := s.cmd(r.Trace, "get", profileKey(owner)), s.cmd(traceOf(j), "set", profileKey(owner))
	s.gap("enqueue start → read start", s.producer(e.Trace).StartTime(), read.StartTime(), sameHost)
	s.gap("read end → job write start", read.EndTime(), write.StartTime(), crossHost)
	s.positive(r.Trace, e.Trace, traceOf(j))
}

// readYourWrites: user A updates their profile, gets the answer, then
// reads their profile from the cache before the job rewrote it. Every
// third instance reads in the update request itself (?echo=1), after the
// enqueue.
func readYourWrites(s *step) {
	owner := s.user()
	s.warmProfile(owner)
	s.sleep(30 * time.Millisecond)
	if s.rep%3 == 2 {
		e := s.updateProfile(owner, s.ms(100, 300), 30*time.Millisecond, "?echo=1", false)
		j := s.job(e)
		read, write := s.cmd(e.Trace, "get", profileKey(owner)), s.cmd(traceOf(j), "set", profileKey(owner))
		s.gap("enqueue end → read start", s.producer(e.Trace).EndTime(), read.StartTime(), sameHost)
		s.gap("read end → job write start", read.EndTime(), write.StartTime(), crossHost)
		s.positive(e.Trace, traceOf(j))
		return
	}
	d := s.ms(150, 300)
	e := s.updateProfile(owner, d, 30*time.Millisecond, "", false)
	s.sleep(s.into(d))
	r := s.readProfile(owner, owner, "")
	j := s.job(e)
	read, write := s.cmd(r.Trace, "get", profileKey(owner)), s.cmd(traceOf(j), "set", profileKey(owner))
	s.gap("read end → job write start", read.EndTime(), write.StartTime(), crossHost)
	s.positive(r.Trace, e.Trace, traceOf(j))
}

// partialRead: a request MGETs a product's details and price after the
// reprice job rewrote the details and before it rewrote the price.
func partialRead(s *step) {
	p, staff, reader := s.product(), s.user(), s.user()
	s.do(Call{Method: http.MethodGet, Path: productPath(p), Actor: reader}, http.StatusOK)
	s.sleep(30 * time.Millisecond)
	m := s.env.Rec.Mark()
	step := s.ms(150, 300)
	e := s.do(Call{Method: http.MethodPut, Path: productPath(p) + "/price", Actor: staff,
		Body: map[string]int64{"cents": int64(900 + s.rng.IntN(500))}, Headers: jobHeaders(s.ms(50, 150), step, 30*time.Millisecond)},
		http.StatusAccepted)
	consumer := s.awaitStarted(m, Consumer(e.Job))
	first := s.in(traceOf(consumer), Redis("set", productKey(p)))
	s.sleep(s.into(step))
	r := s.do(Call{Method: http.MethodGet, Path: productPath(p), Actor: reader}, http.StatusOK)
	j := s.job(e)
	read, last := s.cmd(r.Trace, "mget", productKey(p)), s.cmd(traceOf(j), "set", priceKey(p))
	s.gap("details write end → read start", first.EndTime(), read.StartTime(), crossHost)
	s.gap("read end → price write start", read.EndTime(), last.StartTime(), crossHost)
	s.positive(r.Trace, traceOf(j))
}

// staleCacheFill: a request misses a profile and reads PostgreSQL; then
// the email changes and the key is invalidated (by a request, or on odd
// instances by a job); then the first request fills the old value.
func staleCacheFill(s *step) {
	u := s.user()
	m := s.env.Rec.Mark()
	fill := s.start(Call{Method: http.MethodGet, Path: profilePath(u), Actor: u, Headers: delay("fill", s.ms(150, 300))}, http.StatusOK)
	srv := s.awaitStarted(m, Server(http.MethodGet, profilePath(u)))
	read := s.awaitEnded(m, All(InTrace(traceOf(srv)), SQL("SELECT")))
	s.sleep(s.ms(22, 50))
	w := s.invalidateProfile(u)
	r := fill.wait()
	change, inval := s.in(w, SQL("UPDATE")), s.cmd(w, "del", profileKey(u))
	set := s.cmd(r.Trace, "set", profileKey(u))
	s.gap("source read start → change end", read.StartTime(), change.EndTime(), crossHost)
	s.gap("invalidation end → fill start", inval.EndTime(), set.StartTime(), crossHost)
	s.positive(r.Trace, w)
}

// invalidateProfile changes u in PostgreSQL and deletes the cached
// profile: a request on even instances, a job on odd ones. It returns the
// trace that did it.
func (s *step) invalidateProfile(u int64) trace.TraceID {
	if s.rep%2 == 0 {
		r := s.do(Call{Method: http.MethodPut, Path: fmt.Sprintf("/users/%d/email", u), Actor: u,
			Body: map[string]string{"email": "new@example.com"}}, http.StatusOK)
		return r.Trace
	}
	e := s.do(Call{Method: http.MethodPost, Path: fmt.Sprintf("/users/%d/sync", u), Actor: u,
		Headers: jobHeaders(0, 0, 0)}, http.StatusAccepted)
	return traceOf(s.job(e))
}

// lostUpdate: request B reads a cart, pauses, and writes it back; request
// X adds an item in between, and B's write drops it.
func lostUpdate(s *step) {
	u := s.user()
	item := map[string]int64{"product_id": 1, "qty": 1}
	s.do(Call{Method: http.MethodPost, Path: cartPath(u), Actor: u, Device: "phone", Body: item}, http.StatusOK)
	s.sleep(30 * time.Millisecond)
	m := s.env.Rec.Mark()
	b := s.start(Call{Method: http.MethodPost, Path: cartPath(u), Actor: u, Device: "phone", Body: item,
		Headers: delay("write", s.ms(150, 300))}, http.StatusOK)
	srv := s.awaitStarted(m, Server(http.MethodPost, cartPath(u)))
	read := s.awaitEnded(m, All(InTrace(traceOf(srv)), Redis("get", cartKey(u))))
	s.sleep(s.ms(5, 60))
	x := s.do(Call{Method: http.MethodPost, Path: cartPath(u), Actor: u, Device: "laptop", Body: item}, http.StatusOK)
	br := b.wait()
	xw, bw := s.cmd(x.Trace, "set", cartKey(u)), s.cmd(br.Trace, "set", cartKey(u))
	s.gap("B read end → X write start", read.EndTime(), xw.StartTime(), sameHost)
	s.gap("X write end → B write start", xw.EndTime(), bw.StartTime(), sameHost)
	s.positive(x.Trace, br.Trace)
}
