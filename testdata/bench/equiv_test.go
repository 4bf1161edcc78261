package bench

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/trace"
	"github.com/raceline/raceline/testdata/bench/gen"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// summary is what both readers must agree on: counts, and every span as
// raceline keeps it.
type summary struct {
	Spans, Traces, Links int
	ByID                 map[trace.SpanID]keptSpan
}

// keptSpan is the part of a span raceline keeps, in comparable form.
type keptSpan struct {
	Trace, Parent     string
	Start, End        int64
	Kind, Status      uint8
	Service, Host     string
	Name              string
	Attrs, LinkedSpan []string
}

// TestIngestMatchesPdata generates a 2 MB dump in every format and checks
// that ingest.Load keeps exactly the spans, traces, links and semconv
// attributes that the Collector's own pdata decoders read.
func TestIngestMatchesPdata(t *testing.T) {
	dir := t.TempDir()
	paths := map[gen.Format]string{}
	for _, f := range gen.Formats {
		paths[f] = filepath.Join(dir, "dump."+ext(f))
	}
	st, err := writeDump(gen.Config{Seed: 1, Topology: gen.Bench(), Size: 2 << 20}, paths)
	if err != nil {
		t.Fatal(err)
	}
	want := pdataSummary(t, paths[gen.JSONL])
	if want.Spans != st.Spans || want.Traces != st.Traces || want.Links != st.Links || want.Links == 0 {
		t.Fatalf("pdata read %d spans, %d traces, %d links; the generator wrote %d, %d, %d",
			want.Spans, want.Traces, want.Links, st.Spans, st.Traces, st.Links)
	}
	for _, f := range gen.Formats {
		t.Run(string(f), func(t *testing.T) {
			records := int64(st.Lines)
			if f == gen.Proto {
				records = 1 // one TracesData holding every batch
			}
			got := ingestSummary(t, paths[f], records)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ingest.Load and pdata disagree (-pdata +ingest):\n%s", diff)
			}
		})
	}
}

func pdataSummary(t *testing.T, path string) summary {
	t.Helper()
	s := summary{ByID: map[trace.SpanID]keptSpan{}}
	traces := map[pcommon.TraceID]bool{}
	keep := trace.NewKeySet(config.SemconvAttributes...)
	var mu sync.Mutex
	err := DecodePdata(path, 1, func(td ptrace.Traces) {
		mu.Lock()
		defer mu.Unlock()
		for _, rs := range td.ResourceSpans().All() {
			res := rs.Resource().Attributes()
			for _, ss := range rs.ScopeSpans().All() {
				for _, sp := range ss.Spans().All() {
					s.Spans++
					s.Links += sp.Links().Len()
					traces[sp.TraceID()] = true
					s.ByID[trace.SpanID(sp.SpanID())] = fromPdata(sp, res, keep)
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Traces = len(traces)
	return s
}

func fromPdata(sp ptrace.Span, res pcommon.Map, keep trace.KeySet) keptSpan {
	k := keptSpan{
		Trace: sp.TraceID().String(), Start: int64(sp.StartTimestamp()), End: int64(sp.EndTimestamp()),
		Kind: uint8(sp.Kind()), Status: uint8(sp.Status().Code()), Name: sp.Name(),
	}
	if !sp.ParentSpanID().IsEmpty() {
		k.Parent = sp.ParentSpanID().String()
	}
	svc, _ := res.Get("service.name")
	host, _ := res.Get("host.name")
	k.Service, k.Host = svc.AsString(), host.AsString()
	for key, v := range sp.Attributes().All() {
		if keep.Has(key) {
			k.Attrs = append(k.Attrs, key+"="+v.AsString())
		}
	}
	slices.Sort(k.Attrs)
	for _, l := range sp.Links().All() {
		k.LinkedSpan = append(k.LinkedSpan, l.TraceID().String()+"/"+l.SpanID().String())
	}
	return k
}

func ingestSummary(t *testing.T, path string, records int64) summary {
	t.Helper()
	store := trace.NewStore()
	res := load(t, path, store, 0)
	if res.Read != records || res.Parsed != records || len(res.Dropped) != 0 || len(res.InputErrors) != 0 {
		t.Errorf("read %d records (want %d), parsed %d, dropped %v, input errors %v",
			res.Read, records, res.Parsed, res.Dropped, res.InputErrors)
	}
	s := summary{Spans: store.Len(), Traces: store.NumTraces(), ByID: map[trace.SpanID]keptSpan{}}
	for sp := range store.All() {
		s.Links += len(sp.Links)
		s.ByID[sp.SpanID] = fromStore(sp)
	}
	return s
}

func fromStore(sp *trace.Span) keptSpan {
	k := keptSpan{
		Trace: sp.TraceID.String(), Start: sp.Start, End: sp.End, Kind: uint8(sp.Kind),
		Status: uint8(sp.Status), Service: sp.Service, Host: sp.Host, Name: sp.Name,
	}
	if !sp.ParentID.IsZero() {
		k.Parent = sp.ParentID.String()
	}
	for _, a := range sp.Attrs {
		k.Attrs = append(k.Attrs, a.Key+"="+a.Value)
	}
	slices.Sort(k.Attrs)
	for _, l := range sp.Links {
		k.LinkedSpan = append(k.LinkedSpan, l.TraceID.String()+"/"+l.SpanID.String())
	}
	return k
}

// load runs ingest.Load the way the benchmarks do, turning a panic (the
// body not written yet) into a test failure.
func load(tb testing.TB, path string, store *trace.Store, workers int) (res *ingest.Result) {
	tb.Helper()
	defer func() {
		if r := recover(); r != nil {
			tb.Fatalf("ingest.Load panicked: %v", r)
		}
	}()
	res, err := ingest.Load(context.Background(), []string{path}, store, ingest.Options{
		Keep: trace.NewKeySet(config.SemconvAttributes...), MaxRecordSize: 64 << 20, Workers: workers,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}
