package gen

import (
	"bytes"
	"io"
	"regexp"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

func demoConfig(seed uint64, visits int) Config {
	return Config{Seed: seed, Topology: Demo(), Visits: visits}
}

func TestGenerateIsDeterministic(t *testing.T) {
	_, a := generate(t, demoConfig(3, 60), JSONL)
	_, b := generate(t, demoConfig(3, 60), JSONL)
	_, c := generate(t, demoConfig(4, 60), JSONL)
	if !bytes.Equal(a[JSONL], b[JSONL]) {
		t.Error("the same seed gave different dumps")
	}
	if bytes.Equal(a[JSONL], c[JSONL]) {
		t.Error("different seeds gave the same dump")
	}
}

// Every format carries the same batches: the framed protobuf frames and
// the lines decode to the same traces, the single protobuf document to
// their concatenation, and the compressed streams to the JSONL bytes.
func TestFormatsCarryTheSameData(t *testing.T) {
	st, out := generate(t, demoConfig(5, 80), Formats...)
	lines, frames := decodeJSONL(t, out[JSONL]), decodeFramed(t, out[ProtoFramed])
	if len(lines) != st.Lines || len(frames) != st.Lines {
		t.Fatalf("got %d lines and %d frames, Stats.Lines = %d", len(lines), len(frames), st.Lines)
	}
	var jm ptrace.JSONMarshaler
	whole := ptrace.NewTraces()
	for i := range lines {
		a, _ := jm.MarshalTraces(lines[i])
		b, _ := jm.MarshalTraces(frames[i])
		if !bytes.Equal(a, b) {
			t.Fatalf("line %d and frame %d differ", i+1, i+1)
		}
		lines[i].ResourceSpans().MoveAndAppendTo(whole.ResourceSpans())
	}
	var pu ptrace.ProtoUnmarshaler
	doc, err := pu.UnmarshalTraces(out[Proto])
	if err != nil {
		t.Fatal(err)
	}
	a, _ := jm.MarshalTraces(whole)
	b, _ := jm.MarshalTraces(doc)
	if !bytes.Equal(a, b) {
		t.Error("the proto document is not the concatenation of the batches")
	}
	gz, _ := gzip.NewReader(bytes.NewReader(out[JSONLGzip]))
	zr, _ := zstd.NewReader(bytes.NewReader(out[JSONLZstd]))
	for name, r := range map[string]io.Reader{"gzip": gz, "zstd": zr} {
		if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, out[JSONL]) {
			t.Errorf("%s stream does not decompress to the JSONL bytes (err %v)", name, err)
		}
	}
}

func TestSizeIsApproximate(t *testing.T) {
	const size = 2 << 20
	st, out := generate(t, Config{Seed: 1, Size: size}, JSONL)
	n := len(out[JSONL])
	if int64(n) != st.Bytes {
		t.Errorf("Stats.Bytes = %d, wrote %d", st.Bytes, n)
	}
	if n < size*9/10 || n > size*11/10 {
		t.Errorf("asked for %d bytes, got %d", size, n)
	}
}

// The lines look like what the Collector's file exporter writes: hex
// IDs, int64 times as strings, enum kinds as numbers.
func TestLinesAreCollectorJSON(t *testing.T) {
	_, out := generate(t, demoConfig(1, 20), JSONL)
	for _, re := range []string{
		`^\{"resourceSpans":\[\{"resource":\{"attributes":\[\{"key":"service.name"`,
		`"traceId":"[0-9a-f]{32}","spanId":"[0-9a-f]{16}","parentSpanId":"[0-9a-f]{16}"`,
		`"kind":2,"startTimeUnixNano":"\d{19}","endTimeUnixNano":"\d{19}"`,
		`\{"key":"http.response.status_code","value":\{"intValue":"200"\}\}`,
		`"status":\{\}\}`,
	} {
		if !regexp.MustCompile(re).Match(out[JSONL]) {
			t.Errorf("no match for %s", re)
		}
	}
}
