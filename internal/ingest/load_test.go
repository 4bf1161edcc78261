package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/trace"
	tracev1 "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otlpLine writes one OTLP JSON line holding n spans of trace t, span IDs
// starting at first. Start times are 1 ms apart.
func otlpLine(t, first, n int) string {
	var spans []string
	for i := range n {
		id := first + i
		spans = append(spans, fmt.Sprintf(`{"traceId":"%032x","spanId":"%016x","name":"op%d","kind":2,"startTimeUnixNano":"%d","endTimeUnixNano":"%d"}`,
			t, id, id, 1_700_000_000_000_000_000+int64(id)*1e6, 1_700_000_000_000_000_000+int64(id)*1e6+5e5))
	}
	return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[` +
		strings.Join(spans, ",") + `]}]}]}`
}

// protoTraces is the same data as otlpLine, as protobuf TracesData.
func protoTraces(t *testing.T, tr, first, n int) []byte {
	t.Helper()
	var spans []*tracev1.Span
	for i := range n {
		id := first + i
		tid := make([]byte, 16)
		binary.BigEndian.PutUint64(tid[8:], uint64(tr))
		sid := make([]byte, 8)
		binary.BigEndian.PutUint64(sid, uint64(id))
		start := uint64(1_700_000_000_000_000_000 + int64(id)*1e6)
		spans = append(spans, &tracev1.Span{TraceId: tid, SpanId: sid, Name: fmt.Sprintf("op%d", id), Kind: tracev1.Span_SPAN_KIND_SERVER, StartTimeUnixNano: start, EndTimeUnixNano: start + 5e5})
	}
	b, err := proto.Marshal(&tracev1.TracesData{ResourceSpans: []*tracev1.ResourceSpans{{ScopeSpans: []*tracev1.ScopeSpans{{Spans: spans}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func frame(payload []byte) []byte {
	return append(binary.BigEndian.AppendUint32(nil, uint32(len(payload))), payload...)
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func zst(t *testing.T, b []byte) []byte {
	t.Helper()
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	return enc.EncodeAll(b, nil)
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type loaded struct {
	res   *Result
	err   error
	store *trace.Store
	errs  []*RecordError
}

func load(t *testing.T, opts Options, paths ...string) loaded {
	t.Helper()
	st := trace.NewStore()
	var errs []*RecordError
	opts.Keep = trace.NewKeySet(config.SemconvAttributes...)
	opts.OnError = func(e *RecordError) { errs = append(errs, e) }
	res, err := Load(context.Background(), paths, st, opts)
	if res.Read != res.Parsed+res.SkippedCount() {
		t.Errorf("records read %d != parsed %d + skipped %d", res.Read, res.Parsed, res.SkippedCount())
	}
	for _, f := range res.Files {
		if f.Records != f.Parsed+f.Skipped {
			t.Errorf("%s: records %d != parsed %d + skipped %d", f.Path, f.Records, f.Parsed, f.Skipped)
		}
	}
	return loaded{res, err, st, errs}
}

func lines(ls ...string) []byte { return []byte(strings.Join(ls, "\n") + "\n") }

// spanNames lists the kept span names in store order.
func spanNames(st *trace.Store) string {
	var names []string
	for sp := range st.All() {
		names = append(names, sp.Name)
	}
	return strings.Join(names, ",")
}

func TestLoadFormats(t *testing.T) {
	dir := t.TempDir()
	jsonl := lines(otlpLine(1, 1, 2), otlpLine(2, 3, 2))
	framedProto := append(frame(protoTraces(t, 1, 1, 2)), frame(protoTraces(t, 2, 3, 2))...)
	cases := []struct {
		name, format, compression string
		data                      []byte
	}{
		{"plain.jsonl", "otlp-jsonl", "none", jsonl},
		{"crlf-bom.jsonl", "otlp-jsonl", "none", append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(jsonl, []byte("\n"), []byte("\r\n"))...)},
		{"blank-lines.jsonl", "otlp-jsonl", "none", append([]byte("\n\n"), bytes.ReplaceAll(jsonl, []byte("\n"), []byte("\n\n"))...)},
		{"multi.jsonl.gz", "otlp-jsonl", "gzip", append(gz(t, lines(otlpLine(1, 1, 2))), gz(t, lines(otlpLine(2, 3, 2)))...)},
		{"native.jsonl.zst", "otlp-jsonl", "zstd", append(zst(t, lines(otlpLine(1, 1, 2))), zst(t, lines(otlpLine(2, 3, 2)))...)},
		{"framed.pb", "otlp-framed", "none", framedProto},
		{"framed-zstd-records.pb", "otlp-framed", "none", append(frame(zst(t, protoTraces(t, 1, 1, 2))), frame(zst(t, protoTraces(t, 2, 3, 2)))...)},
		{"framed-json.bin", "otlp-framed", "none", append(frame([]byte(otlpLine(1, 1, 2))), frame([]byte(otlpLine(2, 3, 2)))...)},
		{"native-framed.pb.zst", "otlp-framed", "zstd", zst(t, framedProto)},
		{"gzip-framed.pb.gz", "otlp-framed", "gzip", gz(t, framedProto)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := load(t, Options{}, writeFile(t, dir, c.name, c.data))
			if got.err != nil || len(got.res.InputErrors) > 0 || len(got.errs) > 0 {
				t.Fatalf("err %v, input errors %v, record errors %v", got.err, got.res.InputErrors, got.errs)
			}
			f := got.res.Files[0]
			if f.Format != c.format || f.Compression != c.compression || f.Records != 2 || f.Parsed != 2 || f.Bytes != int64(len(c.data)) {
				t.Errorf("file stats %+v, want format %s compression %s, 2 records parsed, %d bytes", f, c.format, c.compression, len(c.data))
			}
			if names := spanNames(got.store); names != "op1,op2,op3,op4" {
				t.Errorf("spans %s, want op1..op4", names)
			}
		})
	}
}

func TestLoadBadInput(t *testing.T) {
	dir := t.TempDir()
	good1, good2, good3 := otlpLine(1, 1, 1), otlpLine(2, 2, 1), otlpLine(3, 3, 1)
	longLine := otlpLine(4, 10, 40)
	cases := []struct {
		name       string
		data       []byte
		max        int
		wantSpans  string // kept span names, in order
		wantReason string
		wantLoc    string
	}{
		{"broken-line.jsonl", lines(good1, `{"resourceSpans":[{`, good2), 0, "op1,op2", ReasonMalformedJSON, "broken-line.jsonl:2"},
		{"half-written.jsonl", []byte(good1 + "\n" + good2 + "\n" + good3[:40]), 0, "op1,op2", ReasonTruncatedRecord, "half-written.jsonl:3"},
		{"too-large.jsonl", lines(good1, longLine, good2), 2000, "op1,op2", ReasonRecordTooLarge, "too-large.jsonl:2"},
		{"too-large-buffered.jsonl", lines(good1, strings.Repeat(" ", 3<<20)+longLine, good2), 2 << 20, "op1,op2", ReasonRecordTooLarge, "too-large-buffered.jsonl:2"},
		{"not-trace-line.jsonl", lines(good1, `{"hello":"world"}`, good2), 0, "op1,op2", ReasonSchemaMismatch, "not-trace-line.jsonl:2"},
		{"truncated-frame.pb", append(frame(protoTraces(t, 1, 1, 1)), frame(protoTraces(t, 2, 2, 1))[:20]...), 0, "op1", ReasonTruncatedRecord, "truncated-frame.pb: frame 2 at byte "},
		{"bad-zstd-frame.pb", append(append(frame(zst(t, protoTraces(t, 1, 1, 1))), frame(append(zstdMagic, 1, 2, 3, 4, 5))...), frame(protoTraces(t, 2, 2, 1))...), 0, "op1,op2", ReasonMalformedZstd, "bad-zstd-frame.pb: frame 2 at byte "},
		{"bad-proto-frame.pb", append(append(frame(protoTraces(t, 1, 1, 1)), frame([]byte{0x0a, 0xff, 0xff, 0xff})...), frame(protoTraces(t, 2, 2, 1))...), 0, "op1,op2", ReasonMalformedProtobuf, "bad-proto-frame.pb: frame 2 at byte "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := load(t, Options{MaxRecordSize: c.max}, writeFile(t, dir, c.name, c.data))
			if got.err != nil {
				t.Fatal(got.err)
			}
			if names := spanNames(got.store); names != c.wantSpans {
				t.Errorf("kept spans %q, want %q", names, c.wantSpans)
			}
			if len(got.errs) != 1 {
				t.Fatalf("record errors %v, want exactly one", got.errs)
			}
			e := got.errs[0]
			if e.Reason != c.wantReason || !strings.HasPrefix(e.Loc.String(), filepath.Join(dir, c.wantLoc)) {
				t.Errorf("got %v, want reason %s at %s", e, c.wantReason, c.wantLoc)
			}
			if g := got.res.Skipped; len(g) != 1 || g[0].Reason != c.wantReason || g[0].Count != 1 || len(g[0].First) != 1 {
				t.Errorf("skip groups %+v", g)
			}
		})
	}
}

func TestLoadDamagedStreams(t *testing.T) {
	dir := t.TempDir()
	var many []string
	for i := range 3000 {
		many = append(many, otlpLine(i+1, i+1, 3))
	}
	data := lines(many...)
	for _, c := range []struct {
		name string
		comp []byte
	}{{"cut.jsonl.gz", gz(t, data)}, {"cut.jsonl.zst", zst(t, data)}} {
		t.Run(c.name, func(t *testing.T) {
			cut := c.comp[:len(c.comp)*2/3]
			got := load(t, Options{}, writeFile(t, dir, c.name, cut))
			if got.err != nil {
				t.Fatal(got.err)
			}
			if len(got.errs) != 1 || got.errs[0].Reason != ReasonTruncatedStream {
				t.Fatalf("record errors %v, want one truncated-stream", got.errs)
			}
			// Every line decompressed before the damage is kept.
			if got.res.Parsed < 1000 || got.store.Len() != int(got.res.Parsed)*3 {
				t.Errorf("parsed %d records, %d spans: the records before the damage are lost", got.res.Parsed, got.store.Len())
			}
			if loc := got.errs[0].Loc; loc.Line != got.res.Parsed+1 {
				t.Errorf("damage reported at line %d, want %d", loc.Line, got.res.Parsed+1)
			}
		})
	}
}

func TestLoadDrops(t *testing.T) {
	dir := t.TempDir()
	span := func(tid, sid, parent string, start, end int) string {
		return fmt.Sprintf(`{"traceId":%q,"spanId":%q,"parentSpanId":%q,"name":"s","startTimeUnixNano":"%d","endTimeUnixNano":"%d"}`, tid, sid, parent, start, end)
	}
	tid := strings.Repeat("ab", 16)
	rec := `{"resourceSpans":[{"scopeSpans":[{"spans":[` + strings.Join([]string{
		span(tid, "0000000000000001", "", 1, 2),
		span("", "0000000000000002", "", 1, 2),
		span(strings.Repeat("0", 32), "0000000000000003", "", 1, 2),
		span(tid, "0000000000000000", "", 1, 2),
		span(tid, "0000000000000005", "xyz", 1, 2),
		span(tid, "0000000000000006", "", 5, 4),
	}, ",") + `]}]}]}`
	p := writeFile(t, dir, "drops.jsonl", lines(otlpLine(9, 9, 1), rec))
	got := load(t, Options{}, p)
	want := map[string]int64{DropInvalidTraceID: 2, DropInvalidSpanID: 2, DropEndBeforeStart: 1}
	if fmt.Sprint(got.res.Dropped) != fmt.Sprint(want) || got.store.Len() != 2 || got.res.Parsed != 2 {
		t.Errorf("dropped %v, kept %d spans, parsed %d; want %v, 2 spans, 2 records", got.res.Dropped, got.store.Len(), got.res.Parsed, want)
	}
	for _, e := range got.errs {
		if !e.Dropped || e.Loc.Line != 2 {
			t.Errorf("%v: want a dropped span at line 2", e)
		}
	}
	// Under --strict the first drop ends the load.
	strict := load(t, Options{Strict: true}, p)
	var re *RecordError
	if !errors.As(strict.err, &re) || re.Reason != DropInvalidTraceID || !re.Dropped {
		t.Errorf("strict: err %v, want the first dropped span", strict.err)
	}
}

func TestLoadStrictStopsAtFirstSkip(t *testing.T) {
	dir := t.TempDir()
	var ls []string
	for i := range 5000 {
		ls = append(ls, otlpLine(i+1, i+1, 1))
	}
	ls[2500] = "{broken"
	got := load(t, Options{Strict: true, Workers: 2}, writeFile(t, dir, "s.jsonl", lines(ls...)))
	var re *RecordError
	if !errors.As(got.err, &re) || re.Reason != ReasonMalformedJSON || re.Loc.Line != 2501 {
		t.Fatalf("err %v, want malformed-json at line 2501", got.err)
	}
	if got.store.Len() != 2500 {
		t.Errorf("kept %d spans before the bad record, want 2500", got.store.Len())
	}
}

func TestLoadInputs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "dumps/b.jsonl", lines(otlpLine(2, 2, 1)))
	writeFile(t, dir, "dumps/a/x.jsonl", lines(otlpLine(1, 1, 1)))
	writeFile(t, dir, "dumps/README.md", []byte("# notes\n"))
	writeFile(t, dir, "dumps/package.json", []byte("{\n  \"name\": \"x\"\n}\n"))
	writeFile(t, dir, "dumps/empty.jsonl", nil)
	if err := os.Symlink(filepath.Join(dir, "dumps"), filepath.Join(dir, "dumps/a/loop")); err != nil {
		t.Fatal(err)
	}
	notes := writeFile(t, dir, "notes.txt", []byte("hello\n"))
	missing := filepath.Join(dir, "missing.jsonl")

	got := load(t, Options{}, filepath.Join(dir, "dumps"), notes, missing, "/proc/self/mem")
	if got.err != nil {
		t.Fatal(got.err)
	}
	if names := spanNames(got.store); names != "op1,op2" {
		t.Errorf("spans %s: directory files not read in path order", names)
	}
	d := filepath.Join(dir, "dumps")
	wantIgnored := []string{d + "/README.md", d + "/empty.jsonl", d + "/package.json"}
	if fmt.Sprint(got.res.Ignored) != fmt.Sprint(wantIgnored) {
		t.Errorf("ignored %v, want %v", got.res.Ignored, wantIgnored)
	}
	var msgs []string
	for _, e := range got.res.InputErrors {
		msgs = append(msgs, e.Error())
	}
	want := []string{
		missing + ": no such file or directory",
		notes + ": " + ErrNotTraceData.Error(),
		"/proc/self/mem: read /proc/self/mem: input/output error",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("input errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadStdin(t *testing.T) {
	data := gz(t, lines(otlpLine(1, 1, 2)))
	// A reader that is not a file and cannot seek, as a pipe is.
	got := load(t, Options{Stdin: struct{ *bytes.Reader }{bytes.NewReader(data)}}, "-")
	if got.err != nil || got.store.Len() != 2 {
		t.Fatalf("err %v, %d spans", got.err, got.store.Len())
	}
	if f := got.res.Files[0]; f.Path != "<stdin>" || f.Bytes != int64(len(data)) || f.Compression != "gzip" {
		t.Errorf("stdin file stats %+v", f)
	}
}

// The store, the counts and the errors must not depend on the worker count.
func TestLoadDeterministic(t *testing.T) {
	dir := t.TempDir()
	var ls []string
	for i := range 3000 {
		ls = append(ls, otlpLine(i%37+1, i*4+1, 4))
		if i%500 == 7 {
			ls = append(ls, "{bad")
		}
	}
	p := writeFile(t, dir, "d.jsonl.gz", gz(t, lines(ls...)))
	render := func(l loaded) string {
		var b strings.Builder
		for sp := range l.store.All() {
			fmt.Fprintf(&b, "%s %s %s\n", sp.TraceID, sp.SpanID, sp.Name)
		}
		for _, e := range l.errs {
			fmt.Fprintln(&b, e)
		}
		fmt.Fprintf(&b, "%+v", *l.res)
		return b.String()
	}
	one := render(load(t, Options{Workers: 1}, p))
	for _, w := range []int{2, 3, 8} {
		if got := render(load(t, Options{Workers: w}, p)); got != one {
			t.Errorf("--jobs %d gives a different result than --jobs 1", w)
		}
	}
}
