package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// The reading side of a Load: one goroutine opens each input in turn,
// sniffs it and splits it into records for the pipeline.

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
