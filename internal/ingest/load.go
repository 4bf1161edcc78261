package ingest

import (
	"context"
	"io"
	"runtime"
	"sync/atomic"

	"github.com/raceline/raceline/internal/trace"
)

// Options control a Load.
type Options struct {
	Keep          trace.KeySet // attributes to keep (config.SemconvAttributes plus the config's)
	MaxRecordSize int          // bytes; a longer record is skipped as record-too-large (default 64 MiB)
	Workers       int          // decode workers; 0 means GOMAXPROCS
	Strict        bool         // the first skipped record or dropped span ends the load with a *RecordError
	Stdin         io.Reader    // what "-" reads
	Progress      Progress     // may be nil
	// OnError, if set, is called for every skipped record and dropped span,
	// in input order, from the goroutine that called Load.
	OnError func(*RecordError)
}

// DefaultMaxRecordSize is --max-record-size's default.
const DefaultMaxRecordSize = 64 << 20

// Progress receives counters while a load runs. Calls come from the
// goroutine that called Load.
type Progress interface {
	// Start is called once with the total input size in bytes, or -1 when
	// unknown (stdin).
	Start(totalBytes int64)
	// Update reports compressed bytes consumed and spans kept so far.
	Update(bytes int64, spans int64)
}

// FileStats is one input file's line in stats.
type FileStats struct {
	Path        string
	Format      string // otlp-jsonl, otlp-json, otlp-proto, otlp-framed, jaeger-json, zipkin-json
	Compression string // none, gzip, zstd
	Bytes       int64  // size on disk (or read from stdin)
	Records     int64
	Parsed      int64
	Skipped     int64
}

// SkipGroup counts the skipped records of one reason, with the first few
// locations (at most MaxLocations).
type SkipGroup struct {
	Reason string
	Count  int64
	First  []Location
}

// MaxLocations is how many locations a SkipGroup keeps.
const MaxLocations = 5

// Result is what a Load read. Read == Parsed + skipped records, always;
// likewise per file.
type Result struct {
	Files   []FileStats
	Read    int64
	Parsed  int64
	Skipped []SkipGroup // by reason, in byte order of reason
	// Ignored lists files inside directories that are not trace data.
	Ignored []string
	// Dropped counts dropped spans by reason.
	Dropped map[string]int64
	// InputErrors are inputs that could not be opened or read, and files
	// named on the command line that are not trace data; the others were
	// still loaded. A non-empty list makes the run exit 1.
	InputErrors []error
}

// SkippedCount is the total of skipped records.
func (r *Result) SkippedCount() int64 {
	var n int64
	for _, g := range r.Skipped {
		n += g.Count
	}
	return n
}

// Load reads every path ("-" is stdin) into store. It returns an error only
// when the load must stop: the context was cancelled, or --strict met a bad
// record (a *RecordError). Inputs that cannot be read are reported in
// Result.InputErrors after the rest has been loaded.
func Load(ctx context.Context, paths []string, store *trace.Store, opts Options) (*Result, error) {
	if opts.MaxRecordSize <= 0 {
		opts.MaxRecordSize = DefaultMaxRecordSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ins, errs := expandPaths(paths)
	l := &loader{opts: opts, store: store, res: &Result{Dropped: map[string]int64{}, InputErrors: errs}}
	l.startProgress(ins)
	p := newPipeline(ctx, opts.Workers, decoderEnv{strs: store.Strings, keep: opts.Keep})
	readErr := make(chan error, 1)
	go func() {
		readErr <- l.readAll(p, ins)
		close(p.order)
		close(p.work)
	}()
	for c := range p.order {
		if err := l.merge(c); err != nil {
			cancel()
			drain(p.order)
			return l.finish(), err
		}
		p.recycle(c)
		l.progress()
	}
	if err := <-readErr; err != nil {
		return l.finish(), err
	}
	return l.finish(), ctx.Err()
}

func drain(ch chan *chunk) {
	for range ch {
	}
}

// loader holds the state of one Load: the reading side (readAll) and the
// merging side (merge) touch disjoint fields.
type loader struct {
	opts  Options
	store *trace.Store
	res   *Result
	// merging side
	file  *FileStats
	files []*FileStats
	skips map[string]*SkipGroup
	spans int64
	// reading side
	bytesRead atomic.Int64
}

func (l *loader) startProgress(ins []input) {
	if l.opts.Progress == nil {
		return
	}
	var total int64
	for _, in := range ins {
		if in.size < 0 {
			total = -1
			break
		}
		total += in.size
	}
	l.opts.Progress.Start(total)
}

func (l *loader) progress() {
	if l.opts.Progress != nil {
		l.opts.Progress.Update(l.bytesRead.Load(), l.spans)
	}
}
