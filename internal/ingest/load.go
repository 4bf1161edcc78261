package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
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

// readAll reads the inputs one after another on one goroutine.
func (l *loader) readAll(p *pipeline, ins []input) error {
	for _, in := range ins {
		if err := l.readInput(p, in); err != nil {
			return err
		}
	}
	return p.flush()
}

func (l *loader) readInput(p *pipeline, in input) error {
	var f io.Reader = l.opts.Stdin
	if !in.stdin {
		file, err := os.Open(in.path)
		if err != nil {
			return p.mark(&fileMark{err: inputError(in.path, err)})
		}
		defer file.Close()
		f = file
	}
	if f == nil {
		f = os.Stdin
	}
	cr := &countingReader{r: f, n: &l.bytesRead}
	stats := &FileStats{Path: in.path, Bytes: in.size}
	err := l.readStream(p, in, stats, cr)
	var ie *InputError
	switch {
	case errors.As(err, &ie):
		return p.mark(&fileMark{err: err})
	case err == nil && in.stdin:
		return p.mark(&fileMark{end: true, endBytes: cr.total})
	}
	return err
}

// readStream sniffs compression and format, then splits the stream into
// records for the pipeline.
func (l *loader) readStream(p *pipeline, in input, stats *FileStats, raw io.Reader) error {
	r, closeFn, err := decompress(bufio.NewReaderSize(raw, 1<<16), stats)
	if err != nil {
		return &InputError{Path: in.path, Err: err}
	}
	defer closeFn()
	sn, err := sniffFormat(r)
	switch {
	case errors.Is(err, ErrNotTraceData) || errors.Is(err, errEmpty):
		if in.explicit {
			return &InputError{Path: in.path, Err: err}
		}
		return p.mark(&fileMark{stats: stats, ignored: true})
	case err != nil && stats.Compression != "none":
		return &InputError{Path: in.path, Err: fmt.Errorf("the %s stream is damaged before its first record: %w", stats.Compression, err)}
	case err != nil:
		return &InputError{Path: in.path, Err: err}
	}
	stats.Format = sn.format
	if err := p.mark(&fileMark{stats: stats}); err != nil {
		return err
	}
	s := &splitter{path: in.path, max: l.opts.MaxRecordSize, compressed: stats.Compression != "none"}
	s.emit = func(rec []byte, rr rawRecord) error { return p.add(sn.dec, sn.framing == frameLength, rec, rr) }
	switch sn.framing {
	case frameLines:
		err = s.lines(r)
	case frameLength:
		err = s.frames(r)
	case frameArray:
		err = s.array(r, sn.arrayKey)
	default:
		err = s.document(r)
	}
	if err != nil {
		return err
	}
	return p.flush()
}

// decompress sniffs gzip and zstd by their magic bytes. The returned reader
// is large enough for sniffing.
func decompress(br *bufio.Reader, stats *FileStats) (*bufio.Reader, func(), error) {
	magic, _ := br.Peek(4)
	switch {
	case len(magic) >= 2 && magic[0] == gzipMagic[0] && magic[1] == gzipMagic[1]:
		stats.Compression = "gzip"
		zr, err := gzip.NewReader(br) // multi-member streams are read whole
		if err != nil {
			return nil, nil, err
		}
		return bufio.NewReaderSize(&stickyReader{r: zr}, sniffPeek), func() { zr.Close() }, nil
	case len(magic) == 4 && string(magic) == string(zstdMagic):
		stats.Compression = "zstd"
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, nil, err
		}
		return bufio.NewReaderSize(&stickyReader{r: zr}, sniffPeek), zr.Close, nil
	}
	stats.Compression = "none"
	return bufio.NewReaderSize(br, sniffPeek), func() {}, nil
}

// stickyReader repeats a read error: bufio.Reader hands an error out once,
// and a damaged stream met while sniffing must be met again by the splitter.
type stickyReader struct {
	r   io.Reader
	err error
}

func (s *stickyReader) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(p)
	s.err = err
	return n, err
}

type countingReader struct {
	r     io.Reader
	n     *atomic.Int64
	total int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	c.total += int64(n)
	return n, err
}

// fileMark records a file's start, an ignored file or an input error.
func (l *loader) fileMark(m *fileMark) {
	switch {
	case m.end:
		if l.file != nil {
			l.file.Bytes = m.endBytes
		}
	case m.err != nil:
		l.res.InputErrors = append(l.res.InputErrors, m.err)
	case m.ignored:
		l.res.Ignored = append(l.res.Ignored, m.stats.Path)
	default:
		f := *m.stats
		l.file = &f
		l.files = append(l.files, l.file)
	}
}

// record counts one record; under --strict a skipped one ends the load.
func (l *loader) record(err *RecordError) error {
	l.res.Read++
	l.file.Records++
	if err == nil {
		l.res.Parsed++
		l.file.Parsed++
		return nil
	}
	l.file.Skipped++
	if l.skips == nil {
		l.skips = map[string]*SkipGroup{}
	}
	g := l.skips[err.Reason]
	if g == nil {
		g = &SkipGroup{Reason: err.Reason}
		l.skips[err.Reason] = g
	}
	g.Count++
	if len(g.First) < MaxLocations {
		g.First = append(g.First, err.Loc)
	}
	return l.report(err)
}

func (l *loader) dropped(d drop, loc Location) error {
	l.res.Dropped[d.reason]++
	return l.report(&RecordError{Loc: loc, Reason: d.reason, Detail: d.detail, Dropped: true})
}

func (l *loader) report(err *RecordError) error {
	if l.opts.OnError != nil {
		l.opts.OnError(err)
	}
	if l.opts.Strict {
		return err
	}
	return nil
}

func (l *loader) finish() *Result {
	l.res.Files = l.res.Files[:0]
	for _, f := range l.files {
		l.res.Files = append(l.res.Files, *f)
	}
	for _, g := range l.skips {
		l.res.Skipped = append(l.res.Skipped, *g)
	}
	slices.SortFunc(l.res.Skipped, func(a, b SkipGroup) int {
		if a.Reason < b.Reason {
			return -1
		}
		if a.Reason > b.Reason {
			return 1
		}
		return 0
	})
	return l.res
}
