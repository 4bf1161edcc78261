package scenario

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/raceline/raceline/testdata/e2e/truth"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

func TestIDsRunOut(t *testing.T) {
	ids := NewIDs(5, 6)
	for _, want := range []int64{5, 6} {
		if got, err := ids.Take(); got != want || err != nil {
			t.Fatalf("Take() = %d, %v; want %d", got, err, want)
		}
	}
	if _, err := ids.Take(); err == nil || err.Error() != "out of IDs: all up to 6 are taken (seed more)" {
		t.Fatalf("Take() past the end: %v", err)
	}
}

func TestParseTraceResponse(t *testing.T) {
	id, err := parseTraceResponse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
	if err != nil || id.String() != "0af7651916cd43dd8448eb211c80319c" {
		t.Fatalf("got %s, %v", id, err)
	}
	for _, bad := range []string{"", "00-xyz-b7ad6b7169203331-01", "00-0af7651916cd43dd8448eb211c80319c"} {
		if _, err := parseTraceResponse(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestGapMarksMissedTiming(t *testing.T) {
	s := &step{c: truth.Case{Name: "x/1", Valid: true, Margins: map[string]float64{}}}
	t0 := time.Unix(100, 0)
	s.gap("ok", t0, t0.Add(25*time.Millisecond), crossHost)
	if !s.c.Valid || s.c.Margins["ok"] != 25 {
		t.Fatalf("25 ms gap: valid %v, margin %v", s.c.Valid, s.c.Margins["ok"])
	}
	s.gap("short", t0, t0.Add(19*time.Millisecond), crossHost)
	if s.c.Valid || !strings.Contains(s.c.Note, "short: 19.0 ms, planned at least 20ms") {
		t.Fatalf("19 ms gap: valid %v, note %q", s.c.Valid, s.c.Note)
	}
}

func TestIntoLeavesRoom(t *testing.T) {
	s := &step{rng: rand.New(rand.NewPCG(1, 2))}
	for range 1000 {
		d := s.ms(150, 300)
		if p := s.into(d); p < 25*time.Millisecond || p > d-50*time.Millisecond {
			t.Fatalf("into(%v) = %v", d, p)
		}
	}
}

// TestRecorderAwait checks waiting for spans that end later, and that a
// Mark hides spans seen before it.
func TestRecorderAwait(t *testing.T) {
	rec := NewRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	tr := tp.Tracer("t")
	_, old := tr.Start(context.Background(), "get", trace.WithAttributes(attribute.String("db.statement", "get k")))
	old.End()
	m := rec.Mark()
	go func() {
		time.Sleep(20 * time.Millisecond)
		_, s := tr.Start(context.Background(), "get", trace.WithAttributes(attribute.String("db.statement", "get k")))
		s.End()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got, err := rec.AwaitEnded(ctx, m, Redis("get", "k"))
	if err != nil {
		t.Fatal(err)
	}
	if got.SpanContext().SpanID() == old.SpanContext().SpanID() {
		t.Fatal("AwaitEnded returned a span from before the mark")
	}
	if n := len(rec.Ended(Redis("get", "k"))); n != 2 {
		t.Fatalf("Ended: %d spans, want 2", n)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	if _, err := rec.AwaitEnded(short, Mark{}, Redis("set", "k")); err == nil {
		t.Fatal("AwaitEnded found a span that never existed")
	}
}

func TestRedisPred(t *testing.T) {
	rec := NewRecorder()
	tr := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)).Tracer("t")
	for _, st := range []string{"mget a b", "set c {\"x\": 1} ex 60", "get"} {
		name, _, _ := strings.Cut(st, " ")
		_, s := tr.Start(context.Background(), name, trace.WithAttributes(attribute.String("db.statement", st)))
		s.End()
	}
	for _, tc := range []struct {
		cmd, key string
		want     int
	}{{"mget", "b", 1}, {"mget", "mget", 0}, {"set", "c", 1}, {"get", "", 0}, {"get", "a", 0}} {
		if n := len(rec.Ended(Redis(tc.cmd, tc.key))); n != tc.want {
			t.Errorf("Redis(%q, %q) matched %d, want %d", tc.cmd, tc.key, n, tc.want)
		}
	}
}
