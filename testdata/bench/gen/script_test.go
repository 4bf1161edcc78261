package gen

import (
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// A scripted visit happens exactly when and as the script says, and its
// job waits exactly JobDelay in the queue.
func TestScriptedVisit(t *testing.T) {
	cfg := demoConfig(2, 30)
	cfg.Script = []Visit{{At: 500 * time.Millisecond, Route: "PUT /users/{id}/profile", User: 7, Product: 1, JobDelay: 40 * time.Millisecond}}
	_, out := generate(t, cfg, JSONL)
	spans := flatten(decodeJSONL(t, out[JSONL]))
	at := DefaultStart.Add(500 * time.Millisecond).UnixNano()
	var put, prod, cons *flat
	for i := range spans {
		s := &spans[i]
		switch {
		case s.Kind() == ptrace.SpanKindServer && int64(s.StartTimestamp()) == at:
			put = s
		case put != nil && s.Kind() == ptrace.SpanKindProducer && s.TraceID() == put.TraceID():
			prod = s
		}
	}
	if put == nil || prod == nil {
		t.Fatal("the scripted request or its PRODUCER span is missing")
	}
	for i := range spans {
		if s := &spans[i]; s.Links().Len() == 1 && s.Links().At(0).SpanID() == prod.SpanID() {
			cons = s
		}
	}
	if got := strAttr(put.Attributes(), "enduser.id"); put.Name() != "PUT /users/{id}/profile" || got != "7" {
		t.Errorf("scripted request is %q for user %q", put.Name(), got)
	}
	// host-b's clock runs 1.2 ms ahead of host-a's.
	if cons == nil || int64(cons.StartTimestamp())-int64(prod.EndTimestamp()) != int64(41200*time.Microsecond) {
		t.Errorf("the job does not start 40 ms (+1.2 ms skew) after its enqueue")
	}
}

func TestForcedCacheMissFills(t *testing.T) {
	cfg := Config{Topology: Demo(), Script: []Visit{{Route: "GET /users/{id}/profile", User: 3, Product: 1, Cache: Miss}}}
	_, out := generate(t, cfg, JSONL)
	if !strings.Contains(string(out[JSONL]), `"setex user:3:profile 300 ?"`) {
		t.Error("a forced miss did not fill the cache")
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no limit", Config{}, "neither a size nor a number of visits is set: the dump would never end"},
		{"unknown race", Config{Visits: 1, Races: []string{"nope"}},
			`unknown race pattern "nope": want one of stale-read, ryw, partial, stale-fill, lost-update, late-read, incr, stampede, hot-key, all`},
		{"unknown route", Config{Script: []Visit{{Route: "GET /nope", User: 1, Product: 1}}}, `scripted visit at 0s: unknown route "GET /nope"`},
		{"bad product", Config{Script: []Visit{{Route: "GET /cart", User: 1}}}, "scripted visit at 0s: time, user, product or delay out of range"},
		{"bad host", Config{Visits: 1, Topology: withInstances(InstanceSpec{"api", "h"})},
			`topology demo: instance 0 runs on unknown host "h"`},
		{"no worker", Config{Visits: 1, Topology: withInstances(InstanceSpec{"api", "host-a"}, InstanceSpec{"pricing", "host-a"})},
			`topology demo: no instance runs worker`},
		{"no rate", Config{Visits: 1, Topology: Topology{Name: "x"}},
			"topology x: the rate, batch settings, users and products must all be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, _ := NewSink(new(strings.Builder), JSONL)
			_, err := Generate(tt.cfg, sink)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	_, err := ParseFormat("json")
	want := `unknown format "json": want one of jsonl, proto-framed, proto, jsonl.gz, jsonl.zst`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestRoutesAreNamed(t *testing.T) {
	names := Routes()
	if len(names) != len(routes) || names[0] != "GET /users/{id}/profile" {
		t.Errorf("Routes() = %v", names)
	}
}

func withInstances(is ...InstanceSpec) Topology {
	t := Demo()
	t.Instances = is
	return t
}
