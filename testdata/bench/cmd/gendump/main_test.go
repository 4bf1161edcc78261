package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/raceline/raceline/testdata/bench/gen"
)

func TestParse(t *testing.T) {
	tests := []struct {
		args    []string
		size    int64
		visits  int
		format  gen.Format
		topo    string
		races   []string
		wantErr string
	}{
		{args: nil, size: 100_000_000, format: gen.JSONL, topo: "bench"},
		{args: []string{"-size", "2MiB", "-format", "proto-framed"}, size: 2 << 20, format: gen.ProtoFramed, topo: "bench"},
		{args: []string{"-visits", "300", "-topology", "demo", "-format", "jsonl.gz"}, visits: 300, format: gen.JSONLGzip, topo: "demo"},
		{args: []string{"-visits", "9", "-races", "all,hot-key"}, visits: 9, races: []string{"all", "hot-key"}, format: gen.JSONL, topo: "bench"},
		{args: []string{"-size", "lots"}, wantErr: `invalid -size "lots": want a size such as 100MB or 2MiB`},
		{args: []string{"-format", "json"}, wantErr: `unknown format "json": want one of jsonl, proto-framed, proto, jsonl.gz, jsonl.zst`},
		{args: []string{"-topology", "big"}, wantErr: `unknown topology "big": want bench or demo`},
		{args: []string{"out.jsonl"}, wantErr: `unexpected argument "out.jsonl"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			o, err := parse(tt.args, new(bytes.Buffer))
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("got error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.cfg.Size != tt.size || o.cfg.Visits != tt.visits || o.format != tt.format || o.cfg.Topology.Name != tt.topo ||
				!slices.Equal(o.cfg.Races, tt.races) {
				t.Errorf("got size %d, visits %d, format %s, topology %s, races %q",
					o.cfg.Size, o.cfg.Visits, o.format, o.cfg.Topology.Name, o.cfg.Races)
			}
		})
	}
}

func TestRunWritesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.jsonl")
	var stderr bytes.Buffer
	if err := run([]string{"-topology", "demo", "-visits", "20", "-o", path}, new(bytes.Buffer), &stderr); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(b, []byte(`{"resourceSpans":[`)) {
		t.Fatalf("output does not start like OTLP JSON (err %v)", err)
	}
	if !strings.HasPrefix(stderr.String(), "gendump: ") || !strings.Contains(stderr.String(), " spans, ") {
		t.Errorf("stderr = %q", stderr.String())
	}
}
