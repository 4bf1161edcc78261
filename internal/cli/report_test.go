package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/render"
)

// reportGolden compares got with testdata/golden/report/name, as golden
// does for testdata/golden/cli.
func reportGolden(t *testing.T, name, got string) {
	t.Helper()
	golden(t, filepath.Join("..", "report", name), got)
}

var (
	races = fixture("analyze/races.jsonl")
	demo  = filepath.Join("..", "..", "testdata", "demo", "shop.otlp.jsonl.gz")
)

func TestNewCmdReport(t *testing.T) {
	g := defaultGlobal()
	d := detectOptions{MinConfidence: "likely"}
	tests := []struct {
		name    string
		args    []string
		env     string // RACELINE_REDACT_KEY
		want    reportOptions
		wantErr string
	}{
		{name: "defaults", args: []string{"a.jsonl"},
			want: reportOptions{Global: &g, Paths: []string{"a.jsonl"}, Detect: d, Output: "markdown"}},
		{name: "html, redacted, timestamped", args: []string{"a.jsonl", "b", "-o", "html", "--redact", "--redact-key", "s3cret", "--timestamp"},
			want: reportOptions{Global: &g, Paths: []string{"a.jsonl", "b"}, Detect: d, Output: "html", Redact: true, RedactKey: "s3cret", Timestamp: true}},
		{name: "key from the environment", args: []string{"a.jsonl", "--redact"}, env: "from-env",
			want: reportOptions{Global: &g, Paths: []string{"a.jsonl"}, Detect: d, Output: "markdown", Redact: true, RedactKey: "from-env"}},
		{name: "the flag wins over the environment", args: []string{"a.jsonl", "--redact", "--redact-key", "flag"}, env: "from-env",
			want: reportOptions{Global: &g, Paths: []string{"a.jsonl"}, Detect: d, Output: "markdown", Redact: true, RedactKey: "flag"}},
		{name: "the environment alone does not redact", args: []string{"a.jsonl"}, env: "from-env",
			want: reportOptions{Global: &g, Paths: []string{"a.jsonl"}, Detect: d, Output: "markdown"}},
		{name: "detection flags as analyze's", args: []string{"a.jsonl", "--rules", "lost-update", "--min-confidence", "possible", "--key", "user:*", "--no-clock-correction"},
			want: reportOptions{Global: &g, Paths: []string{"a.jsonl"}, Output: "markdown",
				Detect: detectOptions{Rules: []string{"lost-update"}, MinConfidence: "possible", Key: "user:*", NoClockCorrection: true}}},
		{name: "key without redact", args: []string{"a.jsonl", "--redact-key", "k"}, wantErr: "error: --redact-key applies only with --redact"},
		{name: "empty key", args: []string{"a.jsonl", "--redact", "--redact-key", ""},
			wantErr: "error: --redact-key is empty: give a key, or leave the flag out for RACELINE_REDACT_KEY or a random key"},
		{name: "bad output", args: []string{"a.jsonl", "-o", "svg"},
			wantErr: `error: invalid argument "svg" for "-o, --output" flag: valid values are {markdown|html}`},
		{name: "no path", args: []string{"-o", "html"},
			wantErr: "error: raceline report needs at least one PATH: a file, a directory, or - for stdin"},
	}
	opts := append(optsCmp, cmpopts.IgnoreFields(reportOptions{}, "IO", "Load", "Now"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(redactKeyEnv, tt.env)
			var got *reportOptions
			r := execCmd(t, append([]string{"report"}, tt.args...), func(f *factory) *cobra.Command {
				return newCmdReport(f, func(_ context.Context, o *reportOptions) error {
					got = o
					return nil
				})
			})
			if tt.wantErr != "" {
				if r.code != exitUsage || firstLine(r.stderr) != tt.wantErr || strings.Count(r.stderr, "Usage:") != 1 || got != nil {
					t.Errorf("got exit %d, run called %v, stderr:\n%s\nwant exit 2, %q, then the usage once", r.code, got != nil, r.stderr, tt.wantErr)
				}
				return
			}
			if r.code != 0 || r.stderr != "" || got == nil {
				t.Fatalf("exit %d, stderr %q, run called: %v", r.code, r.stderr, got != nil)
			}
			if d := cmp.Diff(&tt.want, got, opts); d != "" {
				t.Errorf("options (-want +got):\n%s", d)
			}
		})
	}
}

func TestRunReport(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		golden     string
		wantStderr string
		wantCode   int
	}{
		{name: "markdown", args: []string{races}, golden: "races.md"},
		{name: "html", args: []string{races, "-o", "html"}, golden: "races.html"},
		{name: "redacted", args: []string{races, "--redact", "--redact-key", "k"}, golden: "races-redacted.md"},
		{name: "redacted html", args: []string{races, "-o", "html", "--redact", "--redact-key", "k"}, golden: "races-redacted.html"},
		{name: "demo", args: []string{demo}, golden: "demo.md"},
		{name: "demo html", args: []string{demo, "-o", "html"}, golden: "demo.html"},
		{name: "no findings", args: []string{fixture("clean.jsonl")}, golden: "clean.md"},
		{name: "filters", args: []string{races, "--key", "user:*", "--min-confidence", "certain"}, golden: "races-key.md"},
		{name: "missing file, the others still read", args: []string{fixture("missing.jsonl"), races}, golden: "races-missing.md",
			wantCode: 1, wantStderr: "error: ../../testdata/cli/missing.jsonl: no such file or directory\n"},
		{name: "no spans", args: []string{fixture("dir/notes.txt")}, golden: "empty.md", wantCode: 1,
			wantStderr: "error: ../../testdata/cli/dir/notes.txt: not trace data (expected OTLP JSON or protobuf, Jaeger JSON or Zipkin v2 JSON, optionally gzip or zstd compressed)\n" +
				"error: no spans found in any input\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, env{}, append([]string{"report"}, tt.args...)...)
			if r.code != tt.wantCode || r.stderr != tt.wantStderr {
				t.Errorf("got exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", r.code, r.stderr, tt.wantCode, tt.wantStderr)
			}
			reportGolden(t, tt.golden, r.stdout)
			checkSelfContained(t, r.stdout)
		})
	}
}

// checkSelfContained fails on anything in a report that could make a
// browser fetch something, and on SVG that is not well-formed XML.
func checkSelfContained(t *testing.T, doc string) {
	t.Helper()
	outside := regexp.MustCompile(`(?i)(https?:|url\(|@import|<script|<link|<img|<iframe|src=)`)
	if m := outside.FindString(strings.ReplaceAll(doc, `xmlns="http://www.w3.org/2000/svg"`, "")); m != "" {
		t.Errorf("refers to an outside resource: %q", m)
	}
	for i, s := range regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(doc, -1) {
		d := xml.NewDecoder(strings.NewReader(s))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("svg %d is not well-formed XML: %v", i, err)
				break
			}
		}
	}
}

// The keys with variable segments and the actors of races.jsonl.
var (
	racesKeys   = []string{"user:42:profile", "order:1001:status", "order:1001:total", "product:7"}
	racesActors = []string{"user-42", "user-3", "user-5", "user-6", "user-7", "user-9", "admin-1"}
)

func TestRunReportRedact(t *testing.T) {
	t.Setenv(redactKeyEnv, "")
	for _, o := range []string{"markdown", "html"} {
		r := runCLI(t, env{}, "report", races, "-o", o, "--redact", "--redact-key", "k")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		for _, s := range append(racesKeys, racesActors...) {
			// Whole words only: a hash may start with what a key's segment was.
			if regexp.MustCompile(`(^|[^0-9A-Za-z])` + regexp.QuoteMeta(s) + `($|[^0-9A-Za-z])`).MatchString(r.stdout) {
				t.Errorf("%s: the redacted report shows %q", o, s)
			}
		}
		// A key without a variable segment says nothing of a user.
		if !strings.Contains(r.stdout, "stats:daily") {
			t.Errorf("%s: stats:daily was redacted, but it has no variable segment", o)
		}
	}

	// Finding ids are computed from the redacted keys.
	s, _, _, _ := TestStreams()
	g := defaultGlobal()
	g.Quiet = true
	d := detectOptions{MinConfidence: "likely"}
	a, err := runPipeline(context.Background(), s, &g, ingest.Load, []string{races}, &d)
	if err != nil {
		t.Fatal(err)
	}
	red, err := render.NewRedactor([]byte("k"), config.Default().Redact.SegmentPatterns)
	if err != nil {
		t.Fatal(err)
	}
	md := runCLI(t, env{}, "report", races, "--redact", "--redact-key", "k").stdout
	for _, f := range a.found.Findings {
		if f.Confidence < d.minConfidence() {
			continue
		}
		party := f.Job
		if party == nil {
			party = f.Other
		}
		id := detect.FindingID(f.Rule, red.Key(f.Key), f.Request, party)
		if !strings.Contains(md, "`"+id+"`") {
			t.Errorf("no id %s (of %s) in the redacted report", id, f.ID)
		}
		if f.Key != red.Key(f.Key) && strings.Contains(md, f.ID) {
			t.Errorf("the redacted report shows the id of the raw key %s", f.ID)
		}
	}

	// The key may come from the environment, with the same result.
	t.Setenv(redactKeyEnv, "k")
	if env := runCLI(t, env{}, "report", races, "--redact").stdout; env != md {
		t.Errorf("$%s=k and --redact-key k differ:\n%s", redactKeyEnv, cmp.Diff(md, env))
	}

	// Without a key, a random one: the report says so, and runs differ.
	t.Setenv(redactKeyEnv, "")
	one := runCLI(t, env{}, "report", races, "--redact").stdout
	two := runCLI(t, env{}, "report", races, "--redact").stdout
	if one == two || !strings.Contains(one, "The key is random") {
		t.Errorf("two reports under random keys are the same, or do not say the key is random:\n%s", one)
	}
}

func TestRunReportTimestamp(t *testing.T) {
	s, _, out, _ := TestStreams()
	g := defaultGlobal()
	opts := &reportOptions{IO: s, Global: &g, Load: ingest.Load, Paths: []string{races}, Output: "markdown",
		Detect: detectOptions{MinConfidence: "likely"}, Timestamp: true,
		Now: func() time.Time { return time.Date(2026, 11, 22, 8, 30, 0, 0, time.UTC) }}
	if err := runReport(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if want := "\n> Generated 2026-11-22T08:30:00.000000000Z.\n"; !strings.Contains(out.String(), want) {
		t.Errorf("no %q in:\n%s", want, out.String())
	}
	without := runCLI(t, env{}, "report", races).stdout
	if strings.Contains(without, "Generated") {
		t.Error("a report without --timestamp says when it was made")
	}
}

// TestRunReportWorkers checks that the bytes do not depend on the number
// of workers, nor on the run.
func TestRunReportWorkers(t *testing.T) {
	one := runCLI(t, env{}, "report", "-o", "html", "--jobs", "1", demo, races)
	four := runCLI(t, env{}, "report", "-o", "html", "--jobs", "4", demo, races)
	if one.code != 0 || four.code != 0 {
		t.Fatalf("exit %d and %d: %s %s", one.code, four.code, one.stderr, four.stderr)
	}
	if one.stdout != four.stdout {
		t.Errorf("--jobs 1 and --jobs 4 differ:\n%s", cmp.Diff(one.stdout, four.stdout))
	}
}

func TestRunTimelineSVG(t *testing.T) {
	// The demo's first finding, whatever the demo dump holds.
	var doc struct {
		Findings []struct {
			ID      string
			Request struct {
				TraceID string `json:"trace_id"`
			}
		}
	}
	if err := json.Unmarshal([]byte(runCLI(t, env{}, "analyze", "-o", "json", demo).stdout), &doc); err != nil || len(doc.Findings) == 0 {
		t.Fatalf("no finding in the demo dump (%v)", err)
	}
	tests := []struct{ path, id, golden string }{
		{races, "rl-1e85533f307b", "timeline-finding-ryw.svg"},
		{races, "rl-b54b481e5945", "timeline-finding-fill.svg"},
		{races, "627aee93b78c138ff105ff13ac8cb08f", "timeline-trace.svg"},
		{demo, doc.Findings[0].ID, "demo-finding.svg"},
		{demo, doc.Findings[0].Request.TraceID, "demo-trace.svg"},
	}
	for _, tt := range tests {
		flag := "--trace"
		if strings.HasPrefix(tt.id, "rl-") {
			flag = "--finding"
		}
		r := runCLI(t, env{}, "timeline", tt.path, flag, tt.id, "-o", "svg")
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%s: exit %d: %s", tt.id, r.code, r.stderr)
		}
		if !bytes.HasPrefix([]byte(r.stdout), []byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<svg xmlns=")) {
			t.Errorf("%s: not an SVG document:\n%s", tt.id, r.stdout)
		}
		reportGolden(t, tt.golden, r.stdout)
		checkSelfContained(t, r.stdout)
	}
}
