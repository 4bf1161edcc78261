package scenario

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/raceline/raceline/testdata/e2e/truth"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Margins the scenarios must achieve on the SDK's span times. Across
// hosts raceline judges orderings through its clock bounds, so a race is
// only planted with room to spare; on one host orderings are exact.
const (
	crossHost = 20 * time.Millisecond
	sameHost  = time.Microsecond
)

// awaitTimeout bounds every wait for a span: a scenario step takes well
// under a second.
const awaitTimeout = 15 * time.Second

// step runs one scenario instance: it allocates IDs, makes calls, waits
// for spans and builds the instance's truth.Case. The first error sticks:
// after it, every helper returns at once with zero values, so scenario
// code reads as a straight line and the error is reported at the end.
type step struct {
	ctx context.Context
	env *Env
	rng *rand.Rand
	rep int // 1-based instance number within the scenario
	c   truth.Case
	err error
}

func (s *step) fail(err error) {
	if s.err == nil && err != nil {
		s.err = fmt.Errorf("%s: %w", s.c.Name, err)
	}
}

// user and product allocate IDs no other instance uses.
func (s *step) user() int64    { return s.take(s.env.Users) }
func (s *step) product() int64 { return s.take(s.env.Products) }

func (s *step) take(ids *IDs) int64 {
	id, err := ids.Take()
	s.fail(err)
	return id
}

// ms returns a random duration in [lo, hi] milliseconds.
func (s *step) ms(lo, hi int) time.Duration {
	return time.Duration(lo+s.rng.IntN(hi-lo+1)) * time.Millisecond
}

// into returns a random pause into a pending window of length d (from
// the end of the call that opened it) that leaves at least 25 ms before
// the pause ends and about 50 ms after it: the read's own time plus the
// 20 ms margin, with room for jitter.
func (s *step) into(d time.Duration) time.Duration {
	return s.ms(25, max(25, int(d.Milliseconds())-50))
}

func (s *step) sleep(d time.Duration) {
	if s.err == nil {
		time.Sleep(d)
	}
}

// do makes a call and expects the status want.
func (s *step) do(c Call, want int) Reply {
	if s.err != nil {
		return Reply{}
	}
	r, err := s.env.Driver.Do(s.ctx, c)
	s.fail(checkStatus(c, r, err, want))
	return r
}

// checkStatus turns an unexpected status into an error.
func checkStatus(c Call, r Reply, err error, want int) error {
	if err == nil && r.Status != want {
		err = fmt.Errorf("%s %s: status %d (%s), want %d", c.Method, c.Path, r.Status, r.Body, want)
	}
	return err
}

// pending is a call in flight; wait returns its reply.
type pending struct{ wait func() Reply }

// start makes a call in the background.
func (s *step) start(c Call, want int) *pending {
	if s.err != nil {
		return &pending{wait: func() Reply { return Reply{} }}
	}
	type result struct {
		r   Reply
		err error
	}
	ch := make(chan result, 1)
	go func() {
		r, err := s.env.Driver.Do(s.ctx, c)
		ch <- result{r, checkStatus(c, r, err, want)}
	}()
	return &pending{wait: func() Reply {
		res := <-ch
		s.fail(res.err)
		return res.r
	}}
}

// awaitStarted and awaitEnded wait for a span after m.
func (s *step) awaitStarted(m Mark, p Pred) sdktrace.ReadOnlySpan {
	return s.await(m, p, true)
}

func (s *step) awaitEnded(m Mark, p Pred) sdktrace.ReadOnlySpan {
	return s.await(m, p, false)
}

func (s *step) await(m Mark, p Pred, started bool) sdktrace.ReadOnlySpan {
	if s.err != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(s.ctx, awaitTimeout)
	defer cancel()
	var span sdktrace.ReadOnlySpan
	var err error
	if started {
		span, err = s.env.Rec.AwaitStarted(ctx, m, p)
	} else {
		span, err = s.env.Rec.AwaitEnded(ctx, m, p)
	}
	s.fail(err)
	return span
}

// in waits for an ended span of trace id that matches p.
func (s *step) in(id trace.TraceID, p Pred) sdktrace.ReadOnlySpan {
	return s.awaitEnded(Mark{}, All(InTrace(id), p))
}

// job waits for the end of the job a reply enqueued, and returns its
// CONSUMER span.
func (s *step) job(r Reply) sdktrace.ReadOnlySpan {
	if s.err == nil && r.Job == "" {
		s.fail(fmt.Errorf("reply %s has no job", r.Body))
	}
	return s.awaitEnded(Mark{}, Consumer(r.Job))
}

// traceOf is the trace of a span, or the zero ID after an error.
func traceOf(span sdktrace.ReadOnlySpan) trace.TraceID {
	if span == nil {
		return trace.TraceID{}
	}
	return span.SpanContext().TraceID()
}

// gap records b − a as a margin named name; below min the instance is
// invalid.
func (s *step) gap(name string, a, b time.Time, min time.Duration) {
	if s.err != nil {
		return
	}
	d := b.Sub(a)
	s.c.Margins[name] = math.Round(float64(d)/1e5) / 10
	if d < min {
		s.c.Valid = false
		s.c.Note += fmt.Sprintf("%s: %.1f ms, planned at least %v; ", name, float64(d)/1e6, min)
	}
}

// positive records the request raceline must flag, and every trace that
// finding depends on.
func (s *step) positive(flagged trace.TraceID, needs ...trace.TraceID) {
	s.c.Flagged = flagged.String()
	s.c.Needs = append(s.c.Needs, flagged.String())
	for _, id := range needs {
		s.c.Needs = append(s.c.Needs, id.String())
	}
}

// watch records traces no finding may name.
func (s *step) watch(ids ...trace.TraceID) {
	for _, id := range ids {
		s.c.Watched = append(s.c.Watched, id.String())
	}
}
