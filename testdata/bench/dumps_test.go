package bench

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dustin/go-humanize"
	"github.com/raceline/raceline/testdata/bench/gen"
)

// The benchmark dumps: seed 1, the bench topology, every race pattern
// (the demo's, and the hot key read by 2,000 requests) injected once,
// RACELINE_BENCH_SIZE (default 100MB) of JSONL before the races. They are
// written once into RACELINE_BENCH_DIR (default $TMPDIR/raceline-bench)
// and reused by later runs.
const benchSeed = 1

// benchRaces are the race patterns every benchmark dump holds.
var benchRaces = []string{gen.AllRaces, "hot-key"}

// dumpTag is part of every dump's file name. Change it whenever the
// generator's output changes, so that no run reuses an outdated dump.
const dumpTag = "races1"

// benchFormats are the formats the benchmarks read; JSONL comes first, so
// its size is the dump's size.
var benchFormats = []gen.Format{gen.JSONL, gen.ProtoFramed, gen.JSONLGzip}

var (
	dumpMu    sync.Mutex
	dumpCache = map[string]map[gen.Format]string{} // by size label
)

// needDump skips b unless benchmarks were asked for (-bench, or
// RACELINE_BENCH=1) and -short is off; otherwise it returns the dump's
// paths by format, generating them on first use.
func needDump(b *testing.B) map[gen.Format]string {
	b.Helper()
	return needSizedDump(b, 1, benchFormats)
}

// needSizedDump is needDump for a dump of times the benchmark size, in
// the given formats.
func needSizedDump(b *testing.B, times float64, formats []gen.Format) map[gen.Format]string {
	b.Helper()
	if !benchRequested() || testing.Short() {
		b.Skip("set RACELINE_BENCH=1 or pass -bench (without -short): the benchmarks generate dumps of 100 MB and more")
	}
	size, err := benchSize()
	if err != nil {
		b.Fatal(err)
	}
	n := uint64(float64(size) * times)
	label := strings.ReplaceAll(humanize.Bytes(n), " ", "")
	dumpMu.Lock()
	defer dumpMu.Unlock()
	key := label + fmt.Sprint(formats)
	if p, ok := dumpCache[key]; ok {
		return p
	}
	p, err := cachedDump(label, int64(n), formats)
	if err != nil {
		b.Fatal(err)
	}
	dumpCache[key] = p
	return p
}

func benchRequested() bool {
	if os.Getenv("RACELINE_BENCH") == "1" {
		return true
	}
	f := flag.Lookup("test.bench")
	return f != nil && f.Value.String() != ""
}

// benchSize is RACELINE_BENCH_SIZE in bytes, 100 MB by default.
func benchSize() (uint64, error) {
	label := os.Getenv("RACELINE_BENCH_SIZE")
	if label == "" {
		label = "100MB"
	}
	size, err := humanize.ParseBytes(label)
	if err != nil || size == 0 {
		return 0, fmt.Errorf("RACELINE_BENCH_SIZE=%q: want a size such as 100MB", label)
	}
	return size, nil
}

// cachedDump returns the files of the dump of size bytes (named by
// label) in formats, writing them first unless a previous run left all of
// them.
func cachedDump(label string, size int64, formats []gen.Format) (map[gen.Format]string, error) {
	dir := os.Getenv("RACELINE_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "raceline-bench")
	}
	paths := map[gen.Format]string{}
	missing := false
	for _, f := range formats {
		paths[f] = filepath.Join(dir, fmt.Sprintf("shop-seed%d-%s-%s.%s", benchSeed, label, dumpTag, ext(f)))
		if _, err := os.Stat(paths[f]); err != nil {
			missing = true
		}
	}
	if !missing {
		return paths, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cfg := gen.Config{Seed: benchSeed, Topology: gen.Bench(), Size: size, Races: benchRaces}
	_, err := writeDump(cfg, paths)
	return paths, err
}

// ext is the file name extension of a format.
func ext(f gen.Format) string {
	if f == gen.ProtoFramed {
		return "otlp.framed"
	}
	return strings.Replace(string(f), "proto", "otlp.pb", 1)
}

// writeDump generates cfg once into every format of paths, through
// temporary files renamed into place only when all are complete.
func writeDump(cfg gen.Config, paths map[gen.Format]string) (gen.Stats, error) {
	var sinks []gen.Sink
	var files []*os.File
	defer func() {
		for _, f := range files {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	order := orderedFormats(paths)
	for _, fm := range order {
		f, err := os.Create(paths[fm] + ".tmp")
		if err != nil {
			return gen.Stats{}, err
		}
		files = append(files, f)
		s, err := gen.NewSink(f, fm)
		if err != nil {
			return gen.Stats{}, err
		}
		sinks = append(sinks, s)
	}
	sink := gen.Tee(sinks...)
	st, err := gen.Generate(cfg, sink)
	if err == nil {
		err = sink.Close()
	}
	for i, fm := range order {
		if err != nil {
			break
		}
		if err = files[i].Close(); err == nil {
			err = os.Rename(files[i].Name(), paths[fm])
		}
	}
	return st, err
}

// orderedFormats lists the formats of paths, JSONL first when present (it
// drives the size), the others in gen.Formats order.
func orderedFormats(paths map[gen.Format]string) []gen.Format {
	var out []gen.Format
	for _, f := range gen.Formats {
		if _, ok := paths[f]; ok {
			out = append(out, f)
		}
	}
	return out
}

func fileSize(tb testing.TB, path string) int64 {
	tb.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fi.Size()
}
