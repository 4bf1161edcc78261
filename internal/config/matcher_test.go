package config

import (
	"fmt"
	"sync"
	"testing"
)

// attrs returns an Attr function over key, value pairs.
func attrs(kv ...string) func(string) (string, bool) {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestMatcher(t *testing.T) {
	job := SpanView{Name: "job:send_mail", Kind: "internal", Service: "worker", Host: "host-b", Status: "ok",
		Attr: attrs("component", "sidekiq", "retry", "3", "empty", "")}
	web := SpanView{Name: "GET /profile/{id}", Kind: "server", Service: "api", Host: "host-a", Status: "error"}
	tests := []struct {
		expr string
		span SpanView
		want bool
	}{
		{`kind == "consumer" || name startsWith "job:"`, job, true},
		{`kind == "consumer" || name startsWith "job:"`, web, false},
		{`attr("component") == "sidekiq"`, job, true},
		{`attr("component") == "sidekiq"`, web, false}, // nil Attr: absent
		{`attr("missing") == ""`, job, true},
		{`has("empty")`, job, true},
		{`has("missing")`, job, false},
		{`has("component")`, web, false},
		{`service == "api" and host == "host-a"`, web, true},
		{`status == "error"`, web, true},
		{`status != "error"`, job, true},
		{`kind in ["server", "consumer"]`, web, true},
		{`name matches "^GET /profile"`, web, true},
		{`int(attr("retry")) > 2`, job, true},
		{`lower(attr("component")) contains "kiq"`, job, true},
		{`not (name endsWith "}")`, web, false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			m := mustMatcher(t, tt.expr)
			if got := m.Match(tt.span); got != tt.want {
				t.Errorf("Match(%s) = %v; want %v", tt.span.Name, got, tt.want)
			}
			if n, first := m.Errors(); n != 0 {
				t.Errorf("Errors() = %d, %q; want none", n, first)
			}
		})
	}
}

func TestMatcherRuntimeError(t *testing.T) {
	m := mustMatcher(t, `int(attr("retry")) > 2`)
	span := SpanView{Attr: attrs("retry", "three")}
	for range 3 {
		if m.Match(span) {
			t.Error("a failing expression matched")
		}
	}
	n, first := m.Errors()
	if want := "invalid operation: int(three)"; n != 3 || first != want {
		t.Errorf("Errors() = %d, %q; want 3, %q", n, first, want)
	}
	if !m.Match(SpanView{Attr: attrs("retry", "5")}) {
		t.Error("the matcher does not recover after an error")
	}
}

func TestMatcherAttributes(t *testing.T) {
	m := mustMatcher(t, `has("b") and attr("a") == "x" or attr("b") != "" or any(["x"], {attr("c") == #})`)
	if got, want := fmt.Sprint(m.Attributes()), "[a b c]"; got != want {
		t.Errorf("Attributes() = %s; want %s", got, want)
	}
}

func TestNilMatcher(t *testing.T) {
	var m *Matcher
	n, first := m.Errors()
	if m.Match(SpanView{Kind: "server"}) || m.Attributes() != nil || m.String() != "" || n != 0 || first != "" {
		t.Error("a nil Matcher is not an empty one")
	}
}

// TestMatcherConcurrent runs one matcher from many goroutines; run it with
// -race.
func TestMatcherConcurrent(t *testing.T) {
	m := mustMatcher(t, `attr("n") == name and kind == "consumer"`)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				n := fmt.Sprint(g*1000 + i)
				other := fmt.Sprint(i)
				want := i%3 != 0
				name := n
				if !want {
					name = other + "x"
				}
				if got := m.Match(SpanView{Name: name, Kind: "consumer", Attr: attrs("n", n)}); got != want {
					errs <- fmt.Sprintf("goroutine %d span %d: Match = %v; want %v", g, i, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// BenchmarkMatch measures one evaluation per span, the cost stitch pays per
// span when a matcher is configured:
//
//	go test ./internal/config -run '^$' -bench Match -benchmem
func BenchmarkMatch(b *testing.B) {
	benches := []struct{ name, expr string }{
		{"kind", `kind == "consumer"`},
		{"name", `kind == "consumer" || name startsWith "job:"`},
		{"attr", `attr("messaging.system") == "sidekiq" or (kind == "internal" and name endsWith "Job#perform")`},
	}
	kv := map[string]string{"messaging.system": "sidekiq", "component": "worker"}
	span := SpanView{Name: "HardWorker", Kind: "consumer", Service: "worker", Host: "host-b", Status: "ok",
		Attr: func(k string) (string, bool) { v, ok := kv[k]; return v, ok }}
	for _, bb := range benches {
		b.Run(bb.name, func(b *testing.B) {
			m, err := NewMatcher(bb.expr)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				m.Match(span)
			}
		})
	}
}
