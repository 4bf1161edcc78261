package shop

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// Headers that scenarios use to time races. Production code would not
// have them; they only add pauses, never change what the code does.
const (
	// DelayHeader pauses the API at named points, e.g. "fill=250ms" (after
	// the database read, before the cache fill) or "write=200ms" (after
	// the cache read, before the cache write).
	DelayHeader = "X-Debug-Delay"
	// JobDelayHeader delays the job a request enqueues: it runs no
	// earlier than this after the enqueue (a scheduled job).
	JobDelayHeader = "X-Job-Delay"
	// JobStepHeader pauses a job between its steps (reprice: between the
	// product and the price write).
	JobStepHeader = "X-Job-Step"
	// JobTailHeader pauses a job after its cache writes, before it
	// records itself as done (other work: mail, metrics).
	JobTailHeader = "X-Job-Tail"
	// FailOnceHeader makes pricing answer 503 the first time it sees the
	// header's token, so that the caller retries.
	FailOnceHeader = "X-Fail-Once"
)

// pause sleeps for the delay DelayHeader names for point, if any.
func pause(ctx context.Context, r *http.Request, point string) {
	sleep(ctx, namedDelay(r.Header.Get(DelayHeader), point))
}

// namedDelay returns the duration of point in a "a=10ms,b=20ms" list, or 0.
func namedDelay(list, point string) time.Duration {
	for item := range strings.SplitSeq(list, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(item), "=")
		if ok && name == point {
			d, _ := time.ParseDuration(val)
			return d
		}
	}
	return 0
}

// headerDuration parses a duration header; absent or malformed is def.
func headerDuration(r *http.Request, name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(r.Header.Get(name)); err == nil && d >= 0 {
		return d
	}
	return def
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
