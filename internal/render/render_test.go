package render

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/trace"
)

// base is 2026-11-21T10:00:00Z in nanoseconds.
const base int64 = 1795255200_000000000

const (
	us = int64(1000)
	ms = 1000 * us
)

func traceID(t *testing.T, s string) trace.TraceID {
	t.Helper()
	id, err := trace.ParseTraceID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func spanID(t *testing.T, s string) trace.SpanID {
	t.Helper()
	id, err := trace.ParseSpanID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// sampleTimeline is a request that enqueues a job on another host: a
// cache read, the enqueue, the job with a failing cache delete, and an
// orphan whose name holds every character Mermaid rejects.
func sampleTimeline(t *testing.T) *Timeline {
	req := traceID(t, "4bf92f3577b34da6a3ce929d0e0e4736")
	job := traceID(t, "0af7651916cd43dd8448eb211c80319c")
	root, producer := spanID(t, "00f067aa0ba902b7"), spanID(t, "00000000000000a2")
	return &Timeline{
		Request: Unit{TraceID: req, SpanID: root, Kind: "request", Service: "api", Host: "host-a",
			Name: "GET /profile/{id}", Start: base, End: base + 40*ms, Actor: "user-42"},
		Spans: []TimelineSpan{
			{TraceID: req, SpanID: root, Kind: trace.KindServer, Service: "api", Host: "host-a",
				Name: "GET /profile/{id}", Start: base, End: base + 12300*us},
			{TraceID: req, SpanID: spanID(t, "00000000000000a1"), ParentID: root, Depth: 1, Kind: trace.KindClient,
				Service: "api", Host: "host-a", Name: "GET", Start: base + 120*us, End: base + 460*us},
			{TraceID: req, SpanID: producer, ParentID: root, Depth: 1, Kind: trace.KindProducer,
				Service: "api", Host: "host-a", Name: "publish profile.updated", Start: base + 500*us, End: base + 1100*us},
			{TraceID: job, SpanID: spanID(t, "00000000000000b1"), Depth: 2, Kind: trace.KindConsumer,
				Service: "worker", Host: "host-b", Name: "process profile.updated", Start: base + 3*ms, End: base + 40*ms,
				LinkedFrom: &SpanRef{TraceID: req, SpanID: producer}, LinkedFromName: "publish profile.updated"},
			{TraceID: job, SpanID: spanID(t, "00000000000000b2"), ParentID: spanID(t, "00000000000000b1"), Depth: 3,
				Kind: trace.KindClient, Service: "worker", Host: "host-b", Name: "DEL", Start: base + 30*ms,
				End: base + 30200*us, Status: trace.StatusError},
			{TraceID: req, SpanID: spanID(t, "00000000000000c1"), ParentID: spanID(t, "00000000000000ff"), Depth: 1,
				Kind: trace.KindInternal, Service: "api", Host: "host-a", Name: "warm: cache #1; 100%", Start: base + 2*ms,
				End: base + 2*ms + 250, Orphan: true},
		},
		Missing: []MissingRef{{TraceID: req, SpanID: spanID(t, "00000000000000ff"), ReferencedAs: MissingParent}},
		Hidden:  1,
	}
}

func diff(t *testing.T, name, got, want string) {
	t.Helper()
	if d := cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, d)
	}
}
