package scenario

import (
	"fmt"
	"net/http"
	"time"

	"github.com/raceline/raceline/testdata/e2e/shop"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Paths and keys of the shop, as scenarios use them.
func profilePath(user int64) string { return fmt.Sprintf("/users/%d/profile", user) }
func profileKey(user int64) string  { return fmt.Sprintf("user:%d:profile", user) }
func productPath(p int64) string    { return fmt.Sprintf("/products/%d", p) }
func productKey(p int64) string     { return fmt.Sprintf("product:%d", p) }
func priceKey(p int64) string       { return fmt.Sprintf("product:%d:price", p) }
func stockKey(p int64) string       { return fmt.Sprintf("stock:%d", p) }
func cartPath(user int64) string    { return fmt.Sprintf("/cart/%d/items", user) }
func cartKey(user int64) string     { return fmt.Sprintf("cart:%d", user) }

// readProfile GETs owner's profile as actor (query may be "" or "?…").
func (s *step) readProfile(owner, actor int64, query string) Reply {
	return s.do(Call{Method: http.MethodGet, Path: profilePath(owner) + query, Actor: actor}, http.StatusOK)
}

// warmProfile makes sure owner's profile is cached: a miss and a fill.
func (s *step) warmProfile(owner int64) { s.readProfile(owner, owner, "") }

// jobHeaders asks for a job's timing.
func jobHeaders(delay, step, tail time.Duration) map[string]string {
	return map[string]string{
		shop.JobDelayHeader: delay.String(), shop.JobStepHeader: step.String(), shop.JobTailHeader: tail.String(),
	}
}

// updateProfile PUTs a new bio for owner; the refresh-profile job it
// enqueues rewrites the cache no earlier than delay later.
func (s *step) updateProfile(owner int64, delay, tail time.Duration, query string, unsampled bool) Reply {
	return s.do(Call{Method: http.MethodPut, Path: profilePath(owner) + query, Actor: owner,
		Body: map[string]string{"bio": fmt.Sprintf("bio %d", s.rng.IntN(1e6))}, Headers: jobHeaders(delay, 0, tail),
		Unsampled: unsampled}, http.StatusAccepted)
}

// cmd waits for the redisotel span of cmd on key in trace id.
func (s *step) cmd(id trace.TraceID, cmd, key string) sdktrace.ReadOnlySpan {
	return s.in(id, Redis(cmd, key))
}

// cmds returns every redisotel span of cmd on key in trace id, in the
// order they ended. The trace must be complete.
func (s *step) cmds(id trace.TraceID, cmd, key string) []sdktrace.ReadOnlySpan {
	if s.err != nil {
		return nil
	}
	res := s.env.Rec.Ended(All(InTrace(id), Redis(cmd, key)))
	if len(res) == 0 {
		s.fail(fmt.Errorf("no %s %s in trace %s", cmd, key, id))
	}
	return res
}

// producer returns the PRODUCER span of trace id.
func (s *step) producer(id trace.TraceID) sdktrace.ReadOnlySpan {
	return s.in(id, Kind(trace.SpanKindProducer))
}

// delay is the X-Debug-Delay header for one pause point.
func delay(point string, d time.Duration) map[string]string {
	return map[string]string{shop.DelayHeader: point + "=" + d.String()}
}
