package gen

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// Format is an output encoding of a dump.
type Format string

// The formats. JSONL is what the Collector's file exporter writes with
// format: json (one TracesData per line); ProtoFramed is its format: proto
// (each TracesData preceded by its length, 4 bytes big-endian); Proto is a
// single TracesData holding every batch (an OTLP/HTTP body). The
// compressed forms compress the whole JSONL stream.
const (
	JSONL       Format = "jsonl"
	ProtoFramed Format = "proto-framed"
	Proto       Format = "proto"
	JSONLGzip   Format = "jsonl.gz"
	JSONLZstd   Format = "jsonl.zst"
)

// Formats lists every format, in the order help text shows them.
var Formats = []Format{JSONL, ProtoFramed, Proto, JSONLGzip, JSONLZstd}

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q: want one of %s", s, strings.Join(names, ", "))
}

// Sink encodes batches: each Write is one line (or frame) of the dump.
type Sink interface {
	// Write encodes one batch and returns how many bytes it took before
	// compression.
	Write(td ptrace.Traces) (int, error)
	// Close flushes buffers and ends any compressed stream. It does not
	// close the writer the Sink was made with.
	Close() error
}

// NewSink returns a Sink writing format f to w.
func NewSink(w io.Writer, f Format) (Sink, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	s := &encSink{bw: bw, out: bw, f: f}
	switch f {
	case JSONL, ProtoFramed, Proto:
	case JSONLGzip:
		z := gzip.NewWriter(bw)
		s.out, s.z = z, z
	case JSONLZstd:
		z, err := zstd.NewWriter(bw)
		if err != nil {
			return nil, err
		}
		s.out, s.z = z, z
	default:
		return nil, fmt.Errorf("unknown format %q", f)
	}
	return s, nil
}

type encSink struct {
	bw  *bufio.Writer
	out io.Writer
	z   io.Closer // the compressor, or nil
	f   Format
	buf []byte
}

func (s *encSink) Write(td ptrace.Traces) (int, error) {
	b, err := s.encode(td)
	if err != nil {
		return 0, err
	}
	_, err = s.out.Write(b)
	return len(b), err
}

func (s *encSink) encode(td ptrace.Traces) ([]byte, error) {
	switch s.f {
	case ProtoFramed:
		var pm ptrace.ProtoMarshaler
		b, err := pm.MarshalTraces(td)
		s.buf = binary.BigEndian.AppendUint32(s.buf[:0], uint32(len(b)))
		return append(s.buf, b...), err
	case Proto:
		// Concatenated TracesData messages decode as one whose
		// resource_spans is the concatenation of theirs.
		var pm ptrace.ProtoMarshaler
		return pm.MarshalTraces(td)
	}
	var jm ptrace.JSONMarshaler
	b, err := jm.MarshalTraces(td)
	return append(b, '\n'), err
}

func (s *encSink) Close() error {
	if s.z != nil {
		if err := s.z.Close(); err != nil {
			return err
		}
	}
	return s.bw.Flush()
}

// Tee returns a Sink writing every batch to each of sinks; Write returns
// the first one's byte count, so the first sink's format decides the
// size of the dump.
func Tee(sinks ...Sink) Sink { return tee(sinks) }

type tee []Sink

func (t tee) Write(td ptrace.Traces) (int, error) {
	n := 0
	for i, s := range t {
		m, err := s.Write(td)
		if err != nil {
			return 0, err
		}
		if i == 0 {
			n = m
		}
	}
	return n, nil
}

func (t tee) Close() error {
	var first error
	for _, s := range t {
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
