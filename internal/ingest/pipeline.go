package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// A chunk is a run of consecutive records of one file, the unit of work of
// the decode workers. The reader fills recs and buf; a worker fills b and
// outs and closes done; the merger consumes chunks in the order the reader
// made them, so the store never depends on the number of workers.
type chunk struct {
	file   *fileMark // set on a marker chunk: a new file starts (no records)
	dec    decoderKind
	framed bool // payloads of length-prefixed frames: JSON, protobuf or zstd
	buf    []byte
	recs   []chunkRecord
	b      batch
	outs   []recordOut
	done   chan struct{}
}

type chunkRecord struct {
	rawRecord
	start, end int // the record's bytes in buf
}

// recordOut is what decoding one record gave: the spans and drops up to
// these indexes in the chunk's batch, or the error that skipped it.
type recordOut struct {
	spans, drops int
	err          *RecordError
}

// fileMark tells the merger a file starts (stats), or was ignored, or
// failed to open.
type fileMark struct {
	stats   *FileStats
	ignored bool
	err     error
	// end closes a file read from stdin, whose size is known only now.
	end      bool
	endBytes int64
}

const (
	chunkBytes   = 1 << 20
	chunkRecords = 4096
)

// worker decodes chunks. It owns one decoder of each format, made on first
// use, and a zstd decoder for compressed frames.
type worker struct {
	env  decoderEnv
	decs [numDecoders]recordDecoder
	zstd *zstd.Decoder
	tmp  []byte
}

func (w *worker) decoder(k decoderKind) recordDecoder {
	if w.decs[k] == nil {
		switch k {
		case decOTLPJSON:
			w.decs[k] = newOTLPJSONDecoder(w.env)
		case decOTLPProto:
			w.decs[k] = newOTLPProtoDecoder(w.env)
		case decJaeger:
			w.decs[k] = newJaegerDecoder(w.env)
		case decZipkin:
			w.decs[k] = newZipkinDecoder(w.env)
		}
	}
	return w.decs[k]
}

func (w *worker) run(c *chunk) {
	defer close(c.done)
	for _, r := range c.recs {
		out := recordOut{err: r.fail}
		if out.err == nil {
			out.err = w.decodeRecord(c, r)
		}
		out.spans, out.drops = len(c.b.spans), len(c.b.drops)
		c.outs = append(c.outs, out)
	}
}

// decodeRecord decodes one record into the chunk's batch; on failure it
// takes back what the record appended.
func (w *worker) decodeRecord(c *chunk, r chunkRecord) *RecordError {
	n, d := len(c.b.spans), len(c.b.drops)
	data := c.buf[r.start:r.end]
	k := c.dec
	if c.framed {
		var rerr *RecordError
		if data, k, rerr = w.framePayload(data, r.loc); rerr != nil {
			return rerr
		}
	}
	err := w.decoder(k).decode(data, &c.b)
	if err == nil {
		return nil
	}
	c.b.spans, c.b.drops = c.b.spans[:n], c.b.drops[:d]
	return recordError(err, r, k)
}

// framePayload unwraps a frame's payload: zstd-compressed (legacy per-record
// compression), JSON (an encoding extension) or protobuf.
func (w *worker) framePayload(data []byte, loc Location) ([]byte, decoderKind, *RecordError) {
	if bytes.HasPrefix(data, zstdMagic) {
		if w.zstd == nil {
			w.zstd, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		}
		var err error
		if w.tmp, err = w.zstd.DecodeAll(data, w.tmp[:0]); err != nil {
			return nil, 0, &RecordError{Loc: loc, Reason: ReasonMalformedZstd, Detail: fmt.Sprintf("the frame's zstd payload does not decompress: %v", err)}
		}
		data = w.tmp
	}
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return data, decOTLPJSON, nil
	}
	return data, decOTLPProto, nil
}

func recordError(err error, r chunkRecord, k decoderKind) *RecordError {
	re := &RecordError{Loc: r.loc, Detail: err.Error()}
	var de *decodeError
	switch {
	case errors.As(err, &de):
		re.Reason = de.reason
	case k == decOTLPProto:
		re.Reason = ReasonMalformedProtobuf
	default:
		re.Reason = ReasonMalformedJSON
	}
	if r.unterminated && (re.Reason == ReasonMalformedJSON || re.Reason == ReasonMalformedProtobuf) {
		re.Reason = ReasonTruncatedRecord
		re.Detail = "the last line is incomplete (a writer may still be writing it): " + re.Detail
	}
	return re
}

// pipeline connects the reading goroutine, the workers and the merger.
type pipeline struct {
	ctx   context.Context
	work  chan *chunk // to the workers
	order chan *chunk // to the merger, in input order
	cur   *chunk
	pool  sync.Pool
}

func newPipeline(ctx context.Context, workers int, env decoderEnv) *pipeline {
	p := &pipeline{ctx: ctx, work: make(chan *chunk, workers), order: make(chan *chunk, 2*workers+2)}
	for range workers {
		w := &worker{env: env}
		go func() {
			for c := range p.work {
				w.run(c)
			}
		}()
	}
	return p
}

// send queues a chunk for decoding (or, for a marker, only for the merger).
func (p *pipeline) send(c *chunk) error {
	select {
	case p.order <- c:
	case <-p.ctx.Done():
		return p.ctx.Err()
	}
	if c.file != nil {
		close(c.done)
		return nil
	}
	select {
	case p.work <- c:
		return nil
	case <-p.ctx.Done():
		close(c.done) // the merger may already wait on it
		return p.ctx.Err()
	}
}

func (p *pipeline) newChunk(dec decoderKind, framed bool) *chunk {
	c, _ := p.pool.Get().(*chunk)
	if c == nil {
		c = &chunk{}
	}
	*c = chunk{dec: dec, framed: framed, buf: c.buf[:0], recs: c.recs[:0], b: batch{spans: c.b.spans[:0], drops: c.b.drops[:0]}, outs: c.outs[:0], done: make(chan struct{})}
	return c
}

// recycle returns a merged chunk's buffers for reuse.
func (p *pipeline) recycle(c *chunk) {
	clear(c.b.spans) // drop references to attribute slices
	p.pool.Put(c)
}

// add appends one record to the current chunk, flushing it when full.
func (p *pipeline) add(dec decoderKind, framed bool, rec []byte, r rawRecord) error {
	if p.cur == nil {
		p.cur = p.newChunk(dec, framed)
	}
	c := p.cur
	start := len(c.buf)
	c.buf = append(c.buf, rec...)
	c.recs = append(c.recs, chunkRecord{rawRecord: r, start: start, end: len(c.buf)})
	if len(c.buf) >= chunkBytes || len(c.recs) >= chunkRecords {
		return p.flush()
	}
	return nil
}

func (p *pipeline) flush() error {
	c := p.cur
	p.cur = nil
	if c == nil || len(c.recs) == 0 {
		return nil
	}
	return p.send(c)
}

func (p *pipeline) mark(m *fileMark) error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.send(&chunk{file: m, done: make(chan struct{})})
}

// merge applies one decoded chunk to the result and the store, in order.
func (l *loader) merge(c *chunk) error {
	<-c.done
	if c.file != nil {
		l.fileMark(c.file)
		return nil
	}
	var spans, drops int
	for i, out := range c.outs {
		if err := l.record(out.err); err != nil {
			return err
		}
		for _, d := range c.b.drops[drops:out.drops] {
			if err := l.dropped(d, c.recs[i].loc); err != nil {
				return err
			}
		}
		for i := spans; i < out.spans; i++ {
			l.store.Add(c.b.spans[i])
		}
		spans, drops = out.spans, out.drops
	}
	l.spans += int64(spans)
	return nil
}
