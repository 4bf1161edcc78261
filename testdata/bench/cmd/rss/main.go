// Command rss measures the memory it takes to hold a whole dump: raceline
// (ingest.Load into a trace.Store, every span kept, grouped by trace)
// against the Collector's pdata (every record unmarshalled, every
// ptrace.Traces kept in a slice). Peak RSS is per process, so by default
// rss runs itself once per reader and prints one line for each:
//
//	go run ./cmd/rss /tmp/raceline-bench/shop-seed1-100MB.jsonl
//	go run ./cmd/rss -mode raceline FILE
//
// Each line gives the file size, the spans held, the Go heap in use after
// a GC, the process's peak RSS (VmHWM from /proc/self/status), and peak
// RSS divided by the file size.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync"

	"github.com/dustin/go-humanize"
	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/trace"
	"github.com/raceline/raceline/testdata/bench"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

func main() {
	mode := flag.String("mode", "both", "which reader to measure: raceline, pdata, or both (one process each)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: rss [-mode both|raceline|pdata] FILE")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*mode, flag.Arg(0), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rss:", err)
		os.Exit(1)
	}
}

func run(mode, path string, w io.Writer) error {
	switch mode {
	case "both":
		return runBoth(path, w)
	case "raceline", "pdata":
		m, err := measure(mode, path)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, m)
		return nil
	}
	return fmt.Errorf("unknown -mode %q: want raceline, pdata or both", mode)
}

// runBoth runs this program once per reader, so each peak RSS is its own.
func runBoth(path string, w io.Writer) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	for _, mode := range []string{"raceline", "pdata"} {
		cmd := exec.Command(self, "-mode", mode, path)
		cmd.Stdout, cmd.Stderr = w, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %w", mode, err)
		}
	}
	return nil
}

// measurement is one reader's result.
type measurement struct {
	mode     string
	file     int64
	spans    int
	heap     uint64
	peakRSS  uint64 // 0 when unknown
	rssKnown bool
}

func (m measurement) String() string {
	s := fmt.Sprintf("%-8s file %9s  spans %9d  heap in use %9s", m.mode, humanize.Bytes(uint64(m.file)), m.spans, humanize.Bytes(m.heap))
	if !m.rssKnown {
		return s + "  peak RSS unknown (no /proc/self/status)"
	}
	return s + fmt.Sprintf("  peak RSS %9s  RSS/file %.2f", humanize.Bytes(m.peakRSS), float64(m.peakRSS)/float64(m.file))
}

// measure loads path with one reader, keeps everything it read, and
// reports the memory that takes.
func measure(mode, path string) (measurement, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return measurement{}, err
	}
	m := measurement{mode: mode, file: fi.Size()}
	var held any
	if mode == "raceline" {
		held, m.spans, err = loadRaceline(path)
	} else {
		held, m.spans, err = loadPdata(path)
	}
	if err != nil {
		return measurement{}, err
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.heap = ms.HeapInuse
	m.peakRSS, m.rssKnown = peakRSS()
	runtime.KeepAlive(held)
	return m, nil
}

func loadRaceline(path string) (any, int, error) {
	store := trace.NewStore()
	_, err := ingest.Load(context.Background(), []string{path}, store, ingest.Options{
		Keep: trace.NewKeySet(config.SemconvAttributes...), MaxRecordSize: 64 << 20,
	})
	store.Traces() // grouped and sorted, as every later step reads it
	return store, store.Len(), err
}

func loadPdata(path string) (any, int, error) {
	var mu sync.Mutex
	var all []ptrace.Traces
	spans := 0
	err := bench.DecodePdata(path, runtime.GOMAXPROCS(0), func(td ptrace.Traces) {
		mu.Lock()
		all = append(all, td)
		spans += td.SpanCount()
		mu.Unlock()
	})
	return all, spans, err
}
