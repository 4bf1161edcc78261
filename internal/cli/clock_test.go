package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// fleetFixture is the clock fixture: see fleetTruth and writeFleet.
var fleetFixture = filepath.Join("..", "..", "testdata", "clock", "fleet.otlp.jsonl")

func TestNewCmdClock(t *testing.T) {
	global := defaultGlobal()
	tests := []struct {
		name    string
		args    []string
		want    clockOptions
		wantErr string // first line of stderr; exit code 2 with usage
	}{
		{name: "one path", args: []string{"a.jsonl"}, want: clockOptions{Global: &global, Paths: []string{"a.jsonl"}, Output: "text"}},
		{name: "paths and json", args: []string{"-o", "json", "a.jsonl", "-"},
			want: clockOptions{Global: &global, Paths: []string{"a.jsonl", "-"}, Output: "json"}},
		{name: "no path", args: []string{},
			wantErr: "error: raceline clock needs at least one PATH: a file, a directory, or - for stdin"},
		{name: "bad output", args: []string{"-o", "ndjson", "x"},
			wantErr: `error: invalid argument "ndjson" for "-o, --output" flag: valid values are {text|json}`},
		// The clock is what correction would use: turning it off here
		// means nothing.
		{name: "no clock correction", args: []string{"--no-clock-correction", "x"},
			wantErr: "error: unknown flag: --no-clock-correction"},
		{name: "detection flags do not apply", args: []string{"--min-confidence", "certain", "x"},
			wantErr: "error: unknown flag: --min-confidence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *clockOptions
			r := execCmd(t, append([]string{"clock"}, tt.args...), func(f *factory) *cobra.Command {
				return newCmdClock(f, func(_ context.Context, o *clockOptions) error {
					got = o
					return nil
				})
			})
			if tt.wantErr != "" {
				if r.code != exitUsage || firstLine(r.stderr) != tt.wantErr || strings.Count(r.stderr, "Usage:") != 1 {
					t.Errorf("got exit %d, stderr:\n%q\nwant exit 2, %q, then the usage once", r.code, r.stderr, tt.wantErr)
				}
				if got != nil {
					t.Error("the run function was called")
				}
				return
			}
			if r.code != 0 || r.stderr != "" || got == nil {
				t.Fatalf("exit %d, stderr %q, run called: %v", r.code, r.stderr, got != nil)
			}
			if d := cmp.Diff(&tt.want, got, optsCmp, cmpopts.IgnoreFields(clockOptions{}, "IO", "Load")); d != "" {
				t.Errorf("options (-want +got):\n%s", d)
			}
		})
	}
}

func TestRunClock(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		stdin      string
		tty        bool
		golden     string // stdout; "" means stdout must be empty
		wantStderr string
		wantCode   int
	}{
		{name: "text", args: []string{fleetFixture}, golden: "clock-fleet.txt"},
		{name: "json", args: []string{"-o", "json", fleetFixture}, golden: "clock-fleet.json"},
		{name: "json on a terminal is the same", args: []string{"-o", "json", fleetFixture}, tty: true, golden: "clock-fleet.json"},
		{name: "text on a terminal", args: []string{"--color", "always", fleetFixture}, tty: true, golden: "clock-fleet-color.txt"},
		{name: "stdin", args: []string{"-"}, stdin: fleetText(t), golden: "clock-fleet.txt"},
		{name: "services", args: []string{"--service", "mailer", "--service", "inventory", fleetFixture}, golden: "clock-services.txt"},
		{name: "a service no host ran", args: []string{"-o", "json", "--service", "nope", fleetFixture}, golden: "clock-none.json"},
		{name: "since and until do not apply", args: []string{"--since", "1s", "--until", "2026-11-21T10:00:01Z", fleetFixture},
			golden: "clock-fleet.txt"},
		{name: "zipkin shared spans", args: []string{"../../testdata/clock/zipkin-shared.json"}, golden: "clock-zipkin.txt"},
		{name: "missing file, the others still read", args: []string{fixture("missing.jsonl"), fleetFixture},
			golden: "clock-fleet.txt", wantCode: 1,
			wantStderr: "error: ../../testdata/cli/missing.jsonl: no such file or directory\n"},
		{name: "no spans", args: []string{"-o", "json", fixture("dir/notes.txt")}, golden: "clock-none.json", wantCode: 1,
			wantStderr: "error: ../../testdata/cli/dir/notes.txt: not trace data (expected OTLP JSON or protobuf, Jaeger JSON or Zipkin v2 JSON, optionally gzip or zstd compressed)\n" +
				"error: no spans found in any input\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, env{stdin: tt.stdin, tty: tt.tty}, append([]string{"clock"}, tt.args...)...)
			if r.code != tt.wantCode || r.stderr != tt.wantStderr {
				t.Errorf("got exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", r.code, r.stderr, tt.wantCode, tt.wantStderr)
			}
			golden(t, tt.golden, r.stdout)
			if strings.HasSuffix(tt.golden, ".json") {
				validate(t, "clock", r.stdout)
			}
		})
	}
}

// TestRunClockTruth checks the fleet's true offsets against the bounds
// `raceline clock -o json` prints: two-sided for the hosts that RPCs tie
// to host-a (host-c only through host-b), one-sided (at most) for the
// queue-only host-d, none for host-e.
func TestRunClockTruth(t *testing.T) {
	r := runCLI(t, env{}, "clock", "-o", "json", fleetFixture)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var doc struct {
		Hosts []struct {
			Host          string
			Reference     bool
			Bounded       bool
			OffsetNS      int64  `json:"offset_ns"`
			MinNS         *int64 `json:"min_ns"`
			MaxNS         *int64 `json:"max_ns"`
			UncertaintyNS *int64 `json:"uncertainty_ns"`
			Pairs         int64
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range doc.Hosts {
		truth := fleetTruth[h.Host]
		shape := "unbounded"
		switch {
		case h.MinNS != nil && h.MaxNS != nil:
			shape = "two-sided"
			if truth < *h.MinNS || truth > *h.MaxNS || *h.UncertaintyNS > 500*1000 {
				t.Errorf("%s: true offset %d, bounds [%d, %d]", h.Host, truth, *h.MinNS, *h.MaxNS)
			}
		case h.MaxNS != nil:
			shape = "at most"
			if truth > *h.MaxNS || h.OffsetNS != *h.MaxNS-1 && h.OffsetNS != *h.MaxNS {
				t.Errorf("%s: true offset %d, estimate %d, at most %d", h.Host, truth, h.OffsetNS, *h.MaxNS)
			}
		case h.Bounded:
			shape = "at least"
		}
		got = append(got, h.Host+" "+shape+" reference="+strconv.FormatBool(h.Reference)+" pairs="+strconv.FormatInt(h.Pairs, 10))
	}
	want := []string{
		"host-a two-sided reference=true pairs=100",
		"host-b two-sided reference=false pairs=180", // 100 with host-a, 60 with host-c, 20 with host-d
		"host-c two-sided reference=false pairs=60",
		"host-d at most reference=false pairs=20",
		"host-e unbounded reference=false pairs=0",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("hosts (-want +got):\n%s", d)
	}
}

// TestFleetFixture checks that testdata/clock/fleet.otlp.jsonl is what
// writeFleet writes; go test -update rewrites it.
func TestFleetFixture(t *testing.T) {
	var b bytes.Buffer
	if err := writeFleet(&b, 100, 1); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(fleetFixture)
	if err == nil && bytes.Equal(want, b.Bytes()) {
		return
	}
	if !*update {
		t.Fatalf("%s is not what writeFleet writes (err %v); run go test -update to rewrite it", fleetFixture, err)
	}
	if err := os.WriteFile(fleetFixture, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fleetText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(fleetFixture)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// BenchmarkClockFromDump measures the clock step alone, Collect then
// Estimate, on a stitched dump: the demo dump (1,314 spans),
// and a generated fleet of 50,000 requests (235,000 spans, 90,000 pairs).
// Bytes are the dump file's; collect-ns/op is the part of ns/op spent in
// Collect.
//
//	go test -run '^$' -bench ClockFromDump -benchmem ./internal/cli
func BenchmarkClockFromDump(b *testing.B) {
	fleet := filepath.Join(b.TempDir(), "fleet.otlp.jsonl")
	for _, bm := range []struct {
		name, path string
		traces     int // of a generated fleet; 0 for a file as it is
	}{
		{"demo", "../../testdata/demo/shop.otlp.jsonl.gz", 0},
		{"fleet-50k", fleet, 50_000},
	} {
		b.Run(bm.name, func(b *testing.B) {
			if bm.traces > 0 {
				writeFleetFile(b, bm.path, bm.traces)
			}
			g := loadGraph(b, bm.path)
			st, err := os.Stat(bm.path)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(st.Size())
			b.ReportAllocs()
			var pairs int
			var collect time.Duration // of the total, in Collect
			for b.Loop() {
				start := time.Now()
				in := clock.Collect(g)
				collect += time.Since(start)
				clock.Estimate(in)
				pairs = len(in.Pairs)
			}
			b.ReportMetric(float64(pairs), "pairs")
			b.ReportMetric(float64(pairs)*float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
			b.ReportMetric(float64(collect.Nanoseconds())/float64(b.N), "collect-ns/op")
		})
	}
}

func writeFleetFile(b *testing.B, path string, traces int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := writeFleet(w, traces, 2); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// loadGraph reads and stitches path as raceline does, with the default
// config.
func loadGraph(b *testing.B, path string) *stitch.Graph {
	cfg, err := config.Load("")
	if err != nil {
		b.Fatal(err)
	}
	store := trace.NewStore()
	if _, err := ingest.Load(context.Background(), []string{path}, store, ingest.Options{Keep: trace.NewKeySet(cfg.Keep()...)}); err != nil {
		b.Fatal(err)
	}
	return stitch.Stitch(store, stitchOptions(cfg, 0))
}

// fleetTruth is the true clock offset of each host of the fleet against
// host-a's, in ns: host-b runs 35 ms ahead, host-c 80 ms behind (only
// host-b calls it), host-d 25 ms behind (it only consumes host-b's
// messages: a one-sided bound), host-e 7 ms ahead (nothing ties it to
// another host).
var fleetTruth = map[string]int64{"host-a": 0, "host-b": 35e6, "host-c": -80e6, "host-d": -25e6, "host-e": 7e6}

// fleetServices names the service of each host.
var fleetServices = map[string]string{"host-a": "api", "host-b": "orders", "host-c": "inventory", "host-d": "mailer", "host-e": "reports"}

const fleetBase = int64(1795255200e9) // 2026-11-21T10:00:00Z

// fleetGen writes the traces of the fleet, one OTLP JSON line per trace,
// as a Collector's file exporter would.
type fleetGen struct {
	rng  *rand.Rand
	ids  uint64
	line []trace.Span // the trace being written
	w    io.Writer
}

// writeFleet writes traces checkout requests, 100 ms apart: POST /checkout
// on host-a calls host-b (CLIENT → SERVER); three in five then call host-c
// from host-b; one in five publishes a message on host-b that a job on
// host-d consumes (PRODUCER → CONSUMER, linked). Every twentieth request
// is followed by a nightly report on host-e. Times are true times plus the
// host's offset; one-way network delays are 0.1 ms plus an exponential of
// mean 0.4 ms; messages wait 0.5 ms plus an exponential of mean 3 ms.
func writeFleet(w io.Writer, traces int, seed uint64) error {
	g := &fleetGen{rng: rand.New(rand.NewPCG(seed, 7)), w: w}
	for i := range traces {
		at := fleetBase + int64(i)*100e6 + g.rng.Int64N(20e6)
		msg, err := g.checkout(i, at)
		if err != nil {
			return err
		}
		if msg != nil {
			if err := g.consume(msg); err != nil {
				return err
			}
		}
		if i%20 == 19 {
			if err := g.report(at + 50e6); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *fleetGen) delay() int64 { return 100e3 + int64(g.rng.ExpFloat64()*400e3) }

func (g *fleetGen) traceID() trace.TraceID {
	g.ids++
	var id trace.TraceID
	binary.BigEndian.PutUint64(id[:8], 0x5eed_0000_0000_0000|g.ids)
	binary.BigEndian.PutUint64(id[8:], g.ids*0x9e3779b97f4a7c15)
	return id
}

func (g *fleetGen) spanID() trace.SpanID {
	g.ids++
	var id trace.SpanID
	binary.BigEndian.PutUint64(id[:], g.ids*0xbf58476d1ce4e5b9|1)
	return id
}

// span adds a span on host from true time start to end to the line, and
// returns its ID.
func (g *fleetGen) span(tid trace.TraceID, parent trace.SpanID, k trace.Kind, host, name string, start, end int64) trace.SpanID {
	id := g.spanID()
	off := fleetTruth[host]
	g.line = append(g.line, trace.Span{TraceID: tid, SpanID: id, ParentID: parent, Kind: k, Host: host,
		Service: fleetServices[host], Name: name, Start: start + off, End: end + off})
	return id
}

// checkout writes request i, starting at true time at; it returns a copy
// of the message it published (the PRODUCER span), or nil.
func (g *fleetGen) checkout(i int, at int64) (*trace.Span, error) {
	tid := g.traceID()
	c1 := at + 300e3
	s1 := c1 + g.delay()
	root := g.span(tid, trace.SpanID{}, trace.KindServer, "host-a", "POST /checkout", at, 0) // ends set below
	call := g.span(tid, root, trace.KindClient, "host-a", "POST /orders", c1, 0)
	srv := g.span(tid, call, trace.KindServer, "host-b", "POST /orders", s1, 0)
	t := s1 + 200e3
	if i%5 < 3 {
		s2 := t + g.delay()
		e2 := s2 + 500e3 + g.rng.Int64N(1500e3)
		d2 := e2 + g.delay()
		stock := g.span(tid, srv, trace.KindClient, "host-b", "GET /stock/{sku}", t, d2)
		g.span(tid, stock, trace.KindServer, "host-c", "GET /stock/{sku}", s2, e2)
		t = d2 + 200e3
	}
	var msg *trace.Span
	if i%5 == 0 {
		g.span(tid, srv, trace.KindProducer, "host-b", "orders publish", t, t+150e3)
		p := g.line[len(g.line)-1]
		msg = &p
		t += 250e3
	}
	e1 := t + 300e3
	d1 := e1 + g.delay()
	g.setEnd(2, e1)
	g.setEnd(1, d1)
	g.setEnd(0, d1+300e3)
	return msg, g.flush()
}

// setEnd sets the end of the line's span i to true time end.
func (g *fleetGen) setEnd(i int, end int64) { g.line[i].End = end + fleetTruth[g.line[i].Host] }

// consume writes the job that consumes p, in a trace of its own linking
// p, after the message waited in its queue.
func (g *fleetGen) consume(p *trace.Span) error {
	start := p.Start - fleetTruth[p.Host] + 500e3 + int64(g.rng.ExpFloat64()*3e6)
	end := start + 2e6 + g.rng.Int64N(3e6)
	g.span(g.traceID(), trace.SpanID{}, trace.KindConsumer, "host-d", "orders process", start, end)
	g.line[0].Links = []trace.Link{{TraceID: p.TraceID, SpanID: p.SpanID}}
	return g.flush()
}

// report writes a nightly report on host-e: a root and one child, both
// INTERNAL, tied to no other host.
func (g *fleetGen) report(at int64) error {
	tid := g.traceID()
	root := g.span(tid, trace.SpanID{}, trace.KindInternal, "host-e", "nightly report", at, at+40e6)
	g.span(tid, root, trace.KindInternal, "host-e", "render", at+5e6, at+35e6)
	return g.flush()
}

// flush writes the line's spans as one TracesData line, one resource per
// (service, host) in order of first appearance.
func (g *fleetGen) flush() error {
	var doc fleetDoc
	where := map[string]int{}
	for _, sp := range g.line {
		k := sp.Service + "\x00" + sp.Host
		i, ok := where[k]
		if !ok {
			i = len(doc.ResourceSpans)
			where[k] = i
			doc.ResourceSpans = append(doc.ResourceSpans, fleetResourceSpans{
				Resource:   fleetResource{Attributes: []fleetKV{fleetString("service.name", sp.Service), fleetString("host.name", sp.Host)}},
				ScopeSpans: []fleetScopeSpans{{Scope: fleetScope{Name: "raceline-fleet"}}},
			})
		}
		ss := &doc.ResourceSpans[i].ScopeSpans[0]
		ss.Spans = append(ss.Spans, fleetSpanOf(&sp))
	}
	g.line = g.line[:0]
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	_, err = g.w.Write(append(b, '\n'))
	return err
}

// The OTLP JSON of a TracesData line, as much of it as the fleet writes.
type (
	fleetDoc struct {
		ResourceSpans []fleetResourceSpans `json:"resourceSpans"`
	}
	fleetResourceSpans struct {
		Resource   fleetResource     `json:"resource"`
		ScopeSpans []fleetScopeSpans `json:"scopeSpans"`
	}
	fleetResource struct {
		Attributes []fleetKV `json:"attributes"`
	}
	fleetKV struct {
		Key   string `json:"key"`
		Value struct {
			StringValue string `json:"stringValue"`
		} `json:"value"`
	}
	fleetScopeSpans struct {
		Scope fleetScope  `json:"scope"`
		Spans []fleetSpan `json:"spans"`
	}
	fleetScope struct {
		Name string `json:"name"`
	}
	fleetSpan struct {
		TraceID      string      `json:"traceId"`
		SpanID       string      `json:"spanId"`
		ParentSpanID string      `json:"parentSpanId,omitempty"`
		Name         string      `json:"name"`
		Kind         int         `json:"kind"`
		Start        string      `json:"startTimeUnixNano"`
		End          string      `json:"endTimeUnixNano"`
		Links        []fleetLink `json:"links,omitempty"`
	}
	fleetLink struct {
		TraceID string `json:"traceId"`
		SpanID  string `json:"spanId"`
	}
)

func fleetString(k, v string) fleetKV {
	kv := fleetKV{Key: k}
	kv.Value.StringValue = v
	return kv
}

func fleetSpanOf(sp *trace.Span) fleetSpan {
	o := fleetSpan{TraceID: sp.TraceID.String(), SpanID: sp.SpanID.String(), Name: sp.Name, Kind: int(sp.Kind),
		Start: strconv.FormatInt(sp.Start, 10), End: strconv.FormatInt(sp.End, 10)}
	if !sp.ParentID.IsZero() {
		o.ParentSpanID = sp.ParentID.String()
	}
	for _, l := range sp.Links {
		o.Links = append(o.Links, fleetLink{TraceID: l.TraceID.String(), SpanID: l.SpanID.String()})
	}
	return o
}
