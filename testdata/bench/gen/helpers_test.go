package gen

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// generate runs Generate into a buffer per format; the first format's
// size drives the limits.
func generate(t *testing.T, cfg Config, formats ...Format) (Stats, map[Format][]byte) {
	t.Helper()
	bufs := map[Format]*bytes.Buffer{}
	var sinks []Sink
	for _, f := range formats {
		bufs[f] = new(bytes.Buffer)
		s, err := NewSink(bufs[f], f)
		if err != nil {
			t.Fatal(err)
		}
		sinks = append(sinks, s)
	}
	sink := Tee(sinks...)
	st, err := Generate(cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(); err != nil {
		t.Fatal(err)
	}
	out := map[Format][]byte{}
	for f, b := range bufs {
		out[f] = b.Bytes()
	}
	return st, out
}

// decodeJSONL decodes every line with pdata, failing on any error.
func decodeJSONL(t *testing.T, b []byte) []ptrace.Traces {
	t.Helper()
	var out []ptrace.Traces
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 64<<20)
	var u ptrace.JSONUnmarshaler
	for sc.Scan() {
		td, err := u.UnmarshalTraces(sc.Bytes())
		if err != nil {
			t.Fatalf("line %d: %v", len(out)+1, err)
		}
		out = append(out, td)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// decodeFramed decodes 4-byte big-endian length-prefixed TracesData.
func decodeFramed(t *testing.T, b []byte) []ptrace.Traces {
	t.Helper()
	var out []ptrace.Traces
	var u ptrace.ProtoUnmarshaler
	for len(b) > 0 {
		if len(b) < 4 || int(binary.BigEndian.Uint32(b)) > len(b)-4 {
			t.Fatalf("frame %d is truncated", len(out)+1)
		}
		n := binary.BigEndian.Uint32(b)
		td, err := u.UnmarshalTraces(b[4 : 4+n])
		if err != nil {
			t.Fatalf("frame %d: %v", len(out)+1, err)
		}
		out = append(out, td)
		b = b[4+n:]
	}
	return out
}

// flat is a decoded span with its resource, for assertions.
type flat struct {
	ptrace.Span
	res  pcommon.Map
	line int
}

func flatten(tds []ptrace.Traces) []flat {
	var out []flat
	for i, td := range tds {
		for _, rs := range td.ResourceSpans().All() {
			for _, ss := range rs.ScopeSpans().All() {
				for _, sp := range ss.Spans().All() {
					out = append(out, flat{Span: sp, res: rs.Resource().Attributes(), line: i})
				}
			}
		}
	}
	return out
}

func strAttr(m pcommon.Map, key string) string {
	v, ok := m.Get(key)
	if !ok {
		return ""
	}
	return v.AsString()
}
