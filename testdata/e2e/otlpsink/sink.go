package otlpsink

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
)

// Paths are the three files a Sink writes.
type Paths struct {
	JSON    string // protojson lines, base64 IDs
	HexJSON string // Collector-style JSON lines, hex IDs
	Proto   string // length-prefixed protobuf
}

// PathsIn returns the file names a Sink uses in dir, with the given base
// name (e.g. "shop").
func PathsIn(dir, base string) Paths {
	return Paths{
		JSON:    filepath.Join(dir, base+".otlp.jsonl"),
		HexJSON: filepath.Join(dir, base+".hex.otlp.jsonl"),
		Proto:   filepath.Join(dir, base+".otlp.pb"),
	}
}

// Sink is a running receiver. Its methods are safe for concurrent use.
type Sink struct {
	paths Paths
	ln    net.Listener
	srv   *http.Server

	mu       sync.Mutex
	files    [3]*os.File
	w        [3]*bufio.Writer
	requests int
	spans    int
	err      error // the first write error; later requests fail with it
}

// Start creates the three files (truncating them) and starts listening on
// a free loopback port.
func Start(paths Paths) (*Sink, error) {
	s := &Sink{paths: paths}
	for i, p := range []string{paths.JSON, paths.HexJSON, paths.Proto} {
		f, err := os.Create(p)
		if err != nil {
			s.closeFiles()
			return nil, err
		}
		s.files[i], s.w[i] = f, bufio.NewWriterSize(f, 1<<16)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.closeFiles()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/traces", s.handle)
	s.ln, s.srv = ln, &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Endpoint is the host:port exporters send to (otlptracehttp.WithEndpoint).
func (s *Sink) Endpoint() string { return s.ln.Addr().String() }

// Paths returns the files written.
func (s *Sink) Paths() Paths { return s.paths }

// Counts returns how many export requests and spans were written so far.
func (s *Sink) Counts() (requests, spans int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, s.spans
}

// Close stops the server, waiting for requests in flight, then flushes and
// closes the files. It returns the first write error, if any.
func (s *Sink) Close(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		err = errors.Join(err, s.err)
	}
	return errors.Join(err, s.closeFiles())
}

// closeFiles flushes and closes every open file. The caller holds mu (or
// owns s exclusively).
func (s *Sink) closeFiles() error {
	var errs []error
	for i, f := range s.files {
		if f == nil {
			continue
		}
		if s.w[i] != nil {
			errs = append(errs, s.w[i].Flush())
		}
		errs = append(errs, f.Close())
		s.files[i] = nil
	}
	return errors.Join(errs...)
}

// write appends one request to the three files. Each line or frame is
// built completely before anything is written, so a marshalling failure
// leaves the files consistent.
func (s *Sink) write(req *coltrace.ExportTraceServiceRequest) error {
	recs, err := encodeAll(req)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if s.files[0] == nil {
		return fmt.Errorf("sink closed")
	}
	for i, rec := range recs {
		if _, err := s.w[i].Write(rec); err != nil {
			s.err = err
			return err
		}
	}
	s.requests++
	s.spans += countSpans(req)
	return nil
}

func countSpans(req *coltrace.ExportTraceServiceRequest) int {
	n := 0
	for _, rs := range req.GetResourceSpans() {
		for _, ss := range rs.GetScopeSpans() {
			n += len(ss.GetSpans())
		}
	}
	return n
}
