package cli

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/trace"
)

// defaultGlobal is globalOptions after parsing no persistent flag.
func defaultGlobal() globalOptions {
	return globalOptions{Color: colorAuto, MaxRecordSize: defaultMaxRecordSize}
}

var optsCmp = cmp.Options{
	cmp.AllowUnexported(timeBound{}),
	cmpopts.IgnoreFields(statsOptions{}, "IO", "Load"),
	cmpopts.IgnoreFields(timelineOptions{}, "IO", "Load"),
	cmpopts.EquateEmpty(),
}

func TestNewCmdStats(t *testing.T) {
	withGlobal := func(edit func(g *globalOptions)) *globalOptions {
		g := defaultGlobal()
		edit(&g)
		return &g
	}
	tests := []struct {
		name    string
		args    []string
		want    statsOptions
		wantErr string // first line of stderr; exit code 2 with usage
	}{
		{name: "one path", args: []string{"a.jsonl"},
			want: statsOptions{Global: withGlobal(func(*globalOptions) {}), Paths: []string{"a.jsonl"}, Output: "text"}},
		{name: "paths and json", args: []string{"-o", "json", "a.jsonl", "-", "dir/"},
			want: statsOptions{Global: withGlobal(func(*globalOptions) {}), Paths: []string{"a.jsonl", "-", "dir/"}, Output: "json"}},
		{name: "global flags", args: []string{"--strict", "-q", "--color", "never", "--max-record-size", "1MiB", "--jobs", "2",
			"--since", "15m", "--until", "2026-11-21T10:00:00Z", "--service", "api", "--service", "a,b", "x"},
			want: statsOptions{Global: withGlobal(func(g *globalOptions) {
				g.Strict, g.Quiet, g.Color, g.MaxRecordSize, g.Jobs = true, true, colorNever, 1<<20, 2
				g.Since = timeBound{text: "15m", before: 15 * 60e9, rel: true}
				g.Until = timeBound{text: "2026-11-21T10:00:00Z", at: 1795255200e9}
				g.Services = []string{"api", "a,b"}
			}), Paths: []string{"x"}, Output: "text"}},
		{name: "humanized size", args: []string{"--max-record-size", "500kB", "x"},
			want: statsOptions{Global: withGlobal(func(g *globalOptions) { g.MaxRecordSize = 500_000 }), Paths: []string{"x"}, Output: "text"}},
		{name: "no path", args: []string{},
			wantErr: "error: raceline stats needs at least one PATH: a file, a directory, or - for stdin"},
		{name: "bad output", args: []string{"-o", "yaml", "x"},
			wantErr: `error: invalid argument "yaml" for "-o, --output" flag: valid values are {text|json}`},
		{name: "unknown flag", args: []string{"--nope", "x"}, wantErr: "error: unknown flag: --nope"},
		{name: "bad color", args: []string{"--color", "sometimes", "x"},
			wantErr: `error: invalid argument "sometimes" for "--color" flag: valid values are {auto|always|never}`},
		{name: "negative jobs", args: []string{"--jobs", "-1", "x"},
			wantErr: `error: invalid argument "-1" for "--jobs" flag: want a number of workers, or 0 for all cores`},
		{name: "zero size", args: []string{"--max-record-size", "0", "x"},
			wantErr: `error: invalid argument "0" for "--max-record-size" flag: want a size of at least one byte, such as 64MiB or 500kB`},
		{name: "bad since", args: []string{"--since", "yesterday", "x"},
			wantErr: `error: invalid argument "yesterday" for "--since" flag: want an RFC 3339 time such as 2026-11-21T10:00:00Z, or a duration before the input's end such as 15m`},
		{name: "since after until", args: []string{"--since", "2026-11-21T11:00:00Z", "--until", "2026-11-21T10:00:00Z", "x"},
			wantErr: "error: --since 2026-11-21T11:00:00Z is after --until 2026-11-21T10:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *statsOptions
			r := execCmd(t, append([]string{"stats"}, tt.args...), func(f *factory) *cobra.Command {
				return newCmdStats(f, func(_ context.Context, o *statsOptions) error {
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
			if d := cmp.Diff(&tt.want, got, optsCmp); d != "" {
				t.Errorf("options (-want +got):\n%s", d)
			}
		})
	}
}

func TestRunStats(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		stdin      string
		tty        bool
		golden     string // stdout; "" means stdout must be empty
		wantStderr string
		wantCode   int
	}{
		{name: "text", args: []string{fixture("clean.jsonl")}, golden: "stats-clean.txt"},
		{name: "json", args: []string{"-o", "json", fixture("clean.jsonl")}, golden: "stats-clean.json"},
		{name: "json on a terminal is the same", args: []string{"-o", "json", fixture("clean.jsonl")}, tty: true, golden: "stats-clean.json"},
		{name: "stdin", args: []string{"-o", "json", "-"}, stdin: readFixture(t, "clean.jsonl"), golden: "stats-stdin.json"},
		{name: "skipped and dropped", args: []string{fixture("bad.jsonl")}, golden: "stats-bad.txt",
			wantStderr: "warning: skipped 1 of 3 records: malformed-json 1 (first at ../../testdata/cli/bad.jsonl:2)\n" +
				"warning: dropped 1 span: invalid-trace-id 1\n"},
		{name: "skipped and dropped, quiet", args: []string{"-q", "-o", "json", fixture("bad.jsonl")}, golden: "stats-bad.json"},
		{name: "directory with a file that is not trace data", args: []string{fixture("dir")}, golden: "stats-dir.txt",
			wantStderr: "note: ignored 1 file that is not trace data: ../../testdata/cli/dir/notes.txt\n"},
		{name: "missing file, the others still read", args: []string{fixture("missing.jsonl"), fixture("clean.jsonl")},
			golden: "stats-clean.txt", wantCode: 1,
			wantStderr: "error: ../../testdata/cli/missing.jsonl: no such file or directory\n"},
		{name: "a file named that is not trace data", args: []string{fixture("notes.txt"), fixture("clean.jsonl")},
			golden: "stats-clean.txt", wantCode: 1,
			wantStderr: "error: ../../testdata/cli/notes.txt: not trace data (expected OTLP JSON or protobuf, Jaeger JSON or Zipkin v2 JSON, optionally gzip or zstd compressed)\n"},
		{name: "no spans", args: []string{"-o", "json", fixture("dir/notes.txt")}, golden: "stats-empty.json", wantCode: 1,
			wantStderr: "error: ../../testdata/cli/dir/notes.txt: not trace data (expected OTLP JSON or protobuf, Jaeger JSON or Zipkin v2 JSON, optionally gzip or zstd compressed)\n" +
				"error: no spans found in any input\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, env{stdin: tt.stdin, tty: tt.tty}, append([]string{"stats"}, tt.args...)...)
			if r.code != tt.wantCode || r.stderr != tt.wantStderr {
				t.Errorf("got exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", r.code, r.stderr, tt.wantCode, tt.wantStderr)
			}
			golden(t, tt.golden, r.stdout)
			if strings.HasSuffix(tt.golden, ".json") {
				validate(t, "stats", r.stdout)
			}
		})
	}
}

// TestRunStatsStrict checks that --strict ends the run at the first bad
// record, with ingest's message and no output.
func TestRunStatsStrict(t *testing.T) {
	r := runCLI(t, env{}, "stats", "--strict", fixture("bad.jsonl"))
	const prefix = "error: ../../testdata/cli/bad.jsonl:2: skipped record (malformed-json): "
	const suffix = "; --strict stops at the first skipped record or dropped span\n"
	if r.code != 1 || r.stdout != "" || !strings.HasPrefix(r.stderr, prefix) || !strings.HasSuffix(r.stderr, suffix) ||
		strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("got exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestRunStatsWorkers checks that the output does not depend on the
// number of decode workers, on the shared fixtures.
func TestRunStatsWorkers(t *testing.T) {
	dir := "../../testdata/fixtures"
	one := runCLI(t, env{}, "stats", "-q", "-o", "json", "--jobs", "1", dir)
	two := runCLI(t, env{}, "stats", "-q", "-o", "json", "--jobs", "2", dir)
	if one.code != 0 || two.code != 0 || !strings.Contains(one.stdout, `"spans"`) {
		t.Fatalf("exit %d and %d, stderr %q and %q", one.code, two.code, one.stderr, two.stderr)
	}
	if one.stdout != two.stdout {
		t.Errorf("--jobs 1 and --jobs 2 differ:\n%s", cmp.Diff(one.stdout, two.stdout))
	}
}

// TestRunStatsLoadStep runs stats on a fake load step: the options it is
// given, the progress line on a terminal, and the summary block.
func TestRunStatsLoadStep(t *testing.T) {
	fake := &fakeLoad{
		spans: []trace.Span{protoSpan(1, 1, 0, 0, 10, "api"), protoSpan(1, 2, 1, 2, 5, "api")},
		res: &ingest.Result{Files: []ingest.FileStats{{Path: "a.jsonl", Format: "otlp-jsonl", Compression: "none", Bytes: 1000, Records: 3, Parsed: 2, Skipped: 1}},
			Read: 3, Parsed: 2, Dropped: map[string]int64{},
			Skipped: []ingest.SkipGroup{{Reason: ingest.ReasonTruncatedRecord, Count: 1, First: []ingest.Location{{Path: "a.jsonl", Line: 3, Offset: 900}}}}},
	}
	r := runCLI(t, env{tty: true, errTTY: true, load: fake.load}, "stats", "--jobs", "3", "--max-record-size", "1KiB", "--color", "never", "a.jsonl")
	fake.verify(t, []string{"a.jsonl"})
	if o := fake.opts; o.Workers != 3 || o.MaxRecordSize != 1024 || o.Strict || o.Stdin == nil || !o.Keep.Has("enduser.id") || o.Progress == nil {
		t.Errorf("load options: %+v", o)
	}
	wantErr := "\r\x1b[Kreading 500 B of 1.0 kB (50%) · 2 spans\r\x1b[K" +
		"warning: skipped 1 of 3 records: truncated-record 1 (first at a.jsonl:3)\n"
	if r.code != 0 || r.stderr != wantErr {
		t.Errorf("exit %d, stderr %q, want %q", r.code, r.stderr, wantErr)
	}

	fake = &fakeLoad{res: &ingest.Result{Dropped: map[string]int64{}}, spans: fake.spans}
	r = runCLI(t, env{errTTY: true, load: fake.load}, "stats", "-q", "a.jsonl")
	fake.verify(t, []string{"a.jsonl"})
	if r.code != 0 || r.stderr != "" || fake.opts.Progress != nil {
		t.Errorf("--quiet: exit %d, stderr %q, progress %v", r.code, r.stderr, fake.opts.Progress)
	}
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(fixture(name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRunStatsLoadStopped checks how a load that stopped is reported: the
// unreadable inputs first, then why it stopped, and no output.
func TestRunStatsLoadStopped(t *testing.T) {
	rec := &ingest.RecordError{Loc: ingest.Location{Path: "a.jsonl", Line: 3, Offset: 900}, Reason: ingest.ReasonTruncatedRecord,
		Detail: "the last line has no end"}
	tests := []struct {
		name       string
		err        error
		inputErrs  []error
		wantStderr string
	}{
		{name: "strict", err: rec, wantStderr: "error: a.jsonl:3: skipped record (truncated-record): the last line has no end; " +
			"--strict stops at the first skipped record or dropped span\n"},
		{name: "strict after an unreadable input", err: rec, inputErrs: []error{&ingest.InputError{Path: "b.jsonl", Err: errors.New("permission denied")}},
			wantStderr: "error: b.jsonl: permission denied\nerror: a.jsonl:3: skipped record (truncated-record): the last line has no end; " +
				"--strict stops at the first skipped record or dropped span\n"},
		{name: "interrupted", err: context.Canceled, wantStderr: "error: interrupted\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeLoad{res: &ingest.Result{Dropped: map[string]int64{}, InputErrors: tt.inputErrs}, err: tt.err}
			r := runCLI(t, env{load: fake.load}, "stats", "--strict", "a.jsonl")
			fake.verify(t, []string{"a.jsonl"})
			if !fake.opts.Strict {
				t.Error("--strict was not passed to the load step")
			}
			if r.code != 1 || r.stdout != "" || r.stderr != tt.wantStderr {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1, stderr:\n%s", r.code, r.stdout, r.stderr, tt.wantStderr)
			}
		})
	}
}
