package bench

import (
	"bytes"
	"flag"
	"io"
	"os"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/raceline/raceline/testdata/bench/gen"
)

var update = flag.Bool("update", false, "rewrite ../demo/shop.otlp.jsonl.gz from the generator")

const demoPath = "../demo/shop.otlp.jsonl.gz"

// demoConfig is what ../demo/README.md's command generates:
//
//	go run ./cmd/gendump -topology demo -visits 300 -seed 7 -races all -format jsonl.gz -o ../demo/shop.otlp.jsonl.gz
var demoConfig = gen.Config{Seed: 7, Topology: gen.Demo(), Visits: 300, Races: []string{gen.AllRaces}}

// TestDemoDumpIsCurrent fails when the generator no longer makes the
// bundled demo dump: review the change, then rerun with -update (or the
// command above). Decompressed bytes are compared, so a different gzip
// encoder does not matter.
func TestDemoDumpIsCurrent(t *testing.T) {
	var want bytes.Buffer
	sink, _ := gen.NewSink(&want, gen.JSONL)
	if _, err := gen.Generate(demoConfig, sink); err != nil || sink.Close() != nil {
		t.Fatal("generating the demo failed:", err)
	}
	if *update {
		writeDemo(t)
	}
	f, err := os.Open(demoPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("%s is not what the generator makes now (%d bytes, want %d); rerun with -update after review", demoPath, len(got), want.Len())
	}
}

func writeDemo(t *testing.T) {
	f, err := os.Create(demoPath)
	if err != nil {
		t.Fatal(err)
	}
	sink, _ := gen.NewSink(f, gen.JSONLGzip)
	_, err = gen.Generate(demoConfig, sink)
	if err == nil {
		err = sink.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}
