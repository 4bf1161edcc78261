package cli

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/trace"
)

// fakeLoad is a load step that reports progress twice (the second within
// the redraw interval, so it is not drawn), adds its spans to the store and
// returns res and err. verify checks it ran once, on the paths expected.
type fakeLoad struct {
	spans []trace.Span
	res   *ingest.Result
	err   error

	calls int
	paths []string
	opts  ingest.Options
}

func (f *fakeLoad) load(_ context.Context, paths []string, store *trace.Store, opts ingest.Options) (*ingest.Result, error) {
	f.calls++
	f.paths, f.opts = paths, opts
	if opts.Progress != nil {
		opts.Progress.Start(1000)
		opts.Progress.Update(500, 2)
		opts.Progress.Update(1000, 3)
	}
	for _, sp := range f.spans {
		store.Add(sp)
	}
	return f.res, f.err
}

func (f *fakeLoad) verify(t *testing.T, paths []string) {
	t.Helper()
	if f.calls != 1 {
		t.Errorf("load called %d times, want once", f.calls)
	}
	if d := cmp.Diff(paths, f.paths); d != "" {
		t.Errorf("load paths (-want +got):\n%s", d)
	}
}

// protoSpan is a compact span: small integer trace and span IDs (parent 0
// for a root), times in milliseconds after 2026-11-21T10:00:00Z, the host
// named after the service.
func protoSpan(traceN, spanN, parentN int, startMs, endMs int64, service string) trace.Span {
	const base = int64(1795255200e9)
	sp := trace.Span{Start: base + startMs*1e6, End: base + endMs*1e6, Service: service, Host: service, Name: "op", Kind: trace.KindInternal}
	sp.TraceID[15] = byte(traceN)
	sp.SpanID[7] = byte(spanN)
	sp.ParentID[7] = byte(parentN)
	return sp
}

func contextCanceled() error {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx.Err()
}
