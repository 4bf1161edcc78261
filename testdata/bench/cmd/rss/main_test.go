package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/raceline/raceline/testdata/bench/gen"
)

func TestParseVmHWM(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"Name:\trss\nVmPeak:\t  9000 kB\nVmHWM:\t    1234 kB\nVmRSS:\t 1000 kB\n", 1234 << 10, true},
		{"VmHWM:\t1 MB\n", 0, false},
		{"Name:\trss\n", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseVmHWM([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseVmHWM(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// Both readers hold the same number of spans of a small dump.
func TestMeasure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dump.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	sink, _ := gen.NewSink(f, gen.JSONL)
	st, err := gen.Generate(gen.Config{Seed: 2, Topology: gen.Demo(), Visits: 50}, sink)
	if err != nil || sink.Close() != nil || f.Close() != nil {
		t.Fatal("writing the dump failed:", err)
	}
	for _, mode := range []string{"raceline", "pdata"} {
		var out strings.Builder
		if err := run(mode, path, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out.String(), mode) || !strings.Contains(out.String(), " spans ") {
			t.Errorf("%s: unexpected output %q", mode, out.String())
		}
		m, _ := measure(mode, path)
		if m.spans != st.Spans {
			t.Errorf("%s held %d spans, the dump has %d", mode, m.spans, st.Spans)
		}
	}
	if err := run("nope", path, new(strings.Builder)); err == nil || err.Error() != `unknown -mode "nope": want raceline, pdata or both` {
		t.Errorf("bad mode: got %v", err)
	}
}
