// Package dumpedit rewrites an OTLP JSON-lines dump (one
// ExportTraceServiceRequest per line, as otlpsink writes it): it shifts
// one host's clock, or drops whole traces as head sampling would.
package dumpedit

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"time"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// maxLine bounds one line of the dump.
const maxLine = 64 << 20

// rewrite copies the dump in to out, passing each request through edit.
// Lines whose request edit leaves without spans are omitted.
func rewrite(in, out string, edit func(*coltrace.ExportTraceServiceRequest)) error {
	src, err := os.Open(in)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(dst)
	if err := copyLines(src, w, edit); err != nil {
		dst.Close()
		return fmt.Errorf("%s: %w", in, err)
	}
	if err := w.Flush(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

func copyLines(src io.Reader, w io.Writer, edit func(*coltrace.ExportTraceServiceRequest)) error {
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 1<<20), maxLine)
	for line := 1; sc.Scan(); line++ {
		req := &coltrace.ExportTraceServiceRequest{}
		if err := protojson.Unmarshal(sc.Bytes(), req); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		edit(req)
		if len(req.GetResourceSpans()) == 0 {
			continue
		}
		b, err := protojson.Marshal(req)
		if err != nil {
			return err
		}
		if _, err := w.Write(append(b, '\n')); err != nil {
			return err
		}
	}
	return sc.Err()
}

// ShiftHost writes in to out with every span (and span event) of the
// resources whose host.name is host moved by d, as if that host's clock
// were off by d.
func ShiftHost(in, out, host string, d time.Duration) error {
	return rewrite(in, out, func(req *coltrace.ExportTraceServiceRequest) {
		for _, rs := range req.GetResourceSpans() {
			if hostName(rs) != host {
				continue
			}
			for _, ss := range rs.GetScopeSpans() {
				for _, sp := range ss.GetSpans() {
					shiftSpan(sp, d)
				}
			}
		}
	})
}

func shiftSpan(sp *tracepb.Span, d time.Duration) {
	sp.StartTimeUnixNano = uint64(int64(sp.StartTimeUnixNano) + int64(d))
	sp.EndTimeUnixNano = uint64(int64(sp.EndTimeUnixNano) + int64(d))
	for _, ev := range sp.GetEvents() {
		ev.TimeUnixNano = uint64(int64(ev.TimeUnixNano) + int64(d))
	}
}

func hostName(rs *tracepb.ResourceSpans) string {
	for _, kv := range rs.GetResource().GetAttributes() {
		if kv.GetKey() == "host.name" {
			return kv.GetValue().GetStringValue()
		}
	}
	return ""
}

// HeadSample writes in to out without the traces that a head sampler
// keeping rate of them (by a seeded hash of the trace ID) drops, and
// returns the dropped trace IDs (lowercase hex) with their number of
// spans.
func HeadSample(in, out string, seed int64, rate float64) (map[string]int, error) {
	dropped := map[string]int{}
	err := rewrite(in, out, func(req *coltrace.ExportTraceServiceRequest) {
		var keepRS []*tracepb.ResourceSpans
		for _, rs := range req.GetResourceSpans() {
			var keepSS []*tracepb.ScopeSpans
			for _, ss := range rs.GetScopeSpans() {
				var keep []*tracepb.Span
				for _, sp := range ss.GetSpans() {
					if Keep(seed, rate, sp.GetTraceId()) {
						keep = append(keep, sp)
					} else {
						dropped[hex.EncodeToString(sp.GetTraceId())]++
					}
				}
				if ss.Spans = keep; len(keep) > 0 {
					keepSS = append(keepSS, ss)
				}
			}
			if rs.ScopeSpans = keepSS; len(keepSS) > 0 {
				keepRS = append(keepRS, rs)
			}
		}
		req.ResourceSpans = keepRS
	})
	return dropped, err
}

// Keep is the sampling decision for one trace: SHA-256 of the seed and the
// trace ID, its first 8 bytes read as a fraction of 2^64, below rate.
// Every span of a trace gets the same decision.
func Keep(seed int64, rate float64, traceID []byte) bool {
	var s [8]byte
	binary.BigEndian.PutUint64(s[:], uint64(seed))
	sum := sha256.Sum256(append(s[:], traceID...))
	return float64(binary.BigEndian.Uint64(sum[:8]))/(1<<64) < rate
}
