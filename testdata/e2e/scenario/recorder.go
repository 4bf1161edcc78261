package scenario

import (
	"context"
	"sync"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Recorder is a SpanProcessor that keeps every span the SDK records, as
// it starts and as it ends, so that scenarios can wait for a step of the
// system and measure margins on the SDK's own times. It is safe for
// concurrent use and may be added to several TracerProviders.
type Recorder struct {
	mu      sync.Mutex
	started []sdktrace.ReadOnlySpan
	ended   []sdktrace.ReadOnlySpan
	wake    chan struct{} // closed and replaced on every new span
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{wake: make(chan struct{})} }

// Mark is a position in the Recorder's history: awaiting from a Mark
// ignores the spans seen before it.
type Mark struct{ started, ended int }

// Mark returns the current position.
func (r *Recorder) Mark() Mark {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Mark{len(r.started), len(r.ended)}
}

// OnStart implements sdktrace.SpanProcessor.
func (r *Recorder) OnStart(_ context.Context, s sdktrace.ReadWriteSpan) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started = append(r.started, s)
	r.broadcast()
}

// OnEnd implements sdktrace.SpanProcessor.
func (r *Recorder) OnEnd(s sdktrace.ReadOnlySpan) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ended = append(r.ended, s)
	r.broadcast()
}

// broadcast wakes every waiter. The caller holds mu.
func (r *Recorder) broadcast() {
	close(r.wake)
	r.wake = make(chan struct{})
}

// Shutdown implements sdktrace.SpanProcessor; the Recorder keeps its spans.
func (r *Recorder) Shutdown(context.Context) error { return nil }

// ForceFlush implements sdktrace.SpanProcessor.
func (r *Recorder) ForceFlush(context.Context) error { return nil }

// AwaitStarted returns the first span started after m that matches p,
// waiting for it until ctx is done.
func (r *Recorder) AwaitStarted(ctx context.Context, m Mark, p Pred) (sdktrace.ReadOnlySpan, error) {
	return r.await(ctx, m.started, true, p)
}

// AwaitEnded returns the first span ended after m that matches p, waiting
// for it until ctx is done.
func (r *Recorder) AwaitEnded(ctx context.Context, m Mark, p Pred) (sdktrace.ReadOnlySpan, error) {
	return r.await(ctx, m.ended, false, p)
}

func (r *Recorder) await(ctx context.Context, from int, started bool, p Pred) (sdktrace.ReadOnlySpan, error) {
	for i := from; ; {
		r.mu.Lock()
		spans, wake := r.ended, r.wake
		if started {
			spans = r.started
		}
		for ; i < len(spans); i++ {
			if p(spans[i]) {
				r.mu.Unlock()
				return spans[i], nil
			}
		}
		r.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-wake:
		}
	}
}

// Ended returns every ended span that matches p, in the order they ended.
func (r *Recorder) Ended(p Pred) []sdktrace.ReadOnlySpan {
	r.mu.Lock()
	defer r.mu.Unlock()
	var res []sdktrace.ReadOnlySpan
	for _, s := range r.ended {
		if p(s) {
			res = append(res, s)
		}
	}
	return res
}
