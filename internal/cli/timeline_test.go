package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/trace"
)

const (
	reqTrace  = "4bf92f3577b34da6a3ce929d0e0e4736" // in clean.jsonl: a request that enqueues a job
	jobTrace  = "0af7651916cd43dd8448eb211c80319c" // the job's trace
	cronTrace = "5b8efff798038103d269b633813fc60c" // a trace with an INTERNAL root
)

func TestNewCmdTimeline(t *testing.T) {
	mustID := func(s string) trace.TraceID {
		id, err := trace.ParseTraceID(s)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	g := defaultGlobal()
	d := detectOptions{MinConfidence: "likely"}
	tests := []struct {
		name    string
		args    []string
		want    timelineOptions
		wantErr string
	}{
		{name: "trace", args: []string{"a.jsonl", "--trace", reqTrace},
			want: timelineOptions{Global: &g, Paths: []string{"a.jsonl"}, TraceID: mustID(reqTrace), Detect: d, Output: "text"}},
		{name: "upper case", args: []string{"a.jsonl", "--trace", strings.ToUpper(reqTrace), "-o", "json"},
			want: timelineOptions{Global: &g, Paths: []string{"a.jsonl"}, TraceID: mustID(reqTrace), Detect: d, Output: "json"}},
		{name: "16 digits", args: []string{"--trace", "D269B633813FC60C", "-o", "mermaid", "a", "b"},
			want: timelineOptions{Global: &g, Paths: []string{"a", "b"}, TraceID: mustID("0000000000000000d269b633813fc60c"), Detect: d, Output: "mermaid"}},
		{name: "trace, no clock correction", args: []string{"a.jsonl", "--trace", reqTrace, "--no-clock-correction"},
			want: timelineOptions{Global: &g, Paths: []string{"a.jsonl"}, TraceID: mustID(reqTrace),
				Detect: detectOptions{MinConfidence: "likely", NoClockCorrection: true}, Output: "text"}},
		{name: "finding", args: []string{"a.jsonl", "--finding", "RL-3F9A1C2E5B7D", "--rules", "lost-update", "--min-confidence", "possible", "--key", "user:*"},
			want: timelineOptions{Global: &g, Paths: []string{"a.jsonl"}, FindingID: "rl-3f9a1c2e5b7d",
				Detect: detectOptions{Rules: []string{"lost-update"}, MinConfidence: "possible", Key: "user:*"}, Output: "text"}},
		{name: "no trace", args: []string{"a.jsonl"}, wantErr: "error: --trace or --finding is required: the ID of the trace or finding to show"},
		{name: "trace and finding", args: []string{"a.jsonl", "--trace", reqTrace, "--finding", "rl-3f9a1c2e5b7d"},
			wantErr: "error: --trace and --finding cannot be used together: give one"},
		{name: "malformed finding", args: []string{"a.jsonl", "--finding", "rl-3f9a1c2e5b7"},
			wantErr: `error: invalid argument "rl-3f9a1c2e5b7" for "--finding" flag: want a finding ID: rl- and 12 hex digits`},
		{name: "finding not hex", args: []string{"a.jsonl", "--finding", "rl-3f9a1c2e5b7g"},
			wantErr: `error: invalid argument "rl-3f9a1c2e5b7g" for "--finding" flag: want a finding ID: rl- and 12 hex digits`},
		{name: "rules without finding", args: []string{"a.jsonl", "--trace", reqTrace, "--rules", "lost-update"},
			wantErr: "error: --rules applies only with --finding"},
		{name: "min-confidence without finding", args: []string{"a.jsonl", "--trace", reqTrace, "--min-confidence", "likely"},
			wantErr: "error: --min-confidence applies only with --finding"},
		{name: "unknown rule", args: []string{"a.jsonl", "--finding", "rl-3f9a1c2e5b7d", "--rules", "lost-updates"},
			wantErr: `error: invalid argument "lost-updates" for "--rules" flag: unknown rule "lost-updates": valid values are {stale-read-pending-job|read-your-writes|partial-read|stale-cache-fill|lost-update}`},
		{name: "malformed", args: []string{"a.jsonl", "--trace", "4bf92f35"},
			wantErr: `error: invalid argument "4bf92f35" for "--trace" flag: want a trace ID of 32 or 16 hex digits`},
		{name: "not hex", args: []string{"a.jsonl", "--trace", "zzzzzzzzzzzzzzzz"},
			wantErr: `error: invalid argument "zzzzzzzzzzzzzzzz" for "--trace" flag: want a trace ID of 32 or 16 hex digits`},
		{name: "all zero", args: []string{"a.jsonl", "--trace", "0000000000000000"},
			wantErr: `error: invalid argument "0000000000000000" for "--trace" flag: want a trace ID of 32 or 16 hex digits`},
		{name: "bad output", args: []string{"a.jsonl", "--trace", reqTrace, "-o", "png"},
			wantErr: `error: invalid argument "png" for "-o, --output" flag: valid values are {text|json|mermaid|svg}`},
		{name: "no path", args: []string{"--trace", reqTrace},
			wantErr: "error: raceline timeline needs at least one PATH: a file, a directory, or - for stdin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *timelineOptions
			r := execCmd(t, append([]string{"timeline"}, tt.args...), func(f *factory) *cobra.Command {
				return newCmdTimeline(f, func(_ context.Context, o *timelineOptions) error {
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
			if d := cmp.Diff(&tt.want, got, optsCmp); d != "" {
				t.Errorf("options (-want +got):\n%s", d)
			}
		})
	}
}

func TestRunTimeline(t *testing.T) {
	clean := fixture("clean.jsonl")
	tests := []struct {
		name       string
		args       []string
		tty        bool
		noColor    bool
		golden     string
		wantStderr string
		wantCode   int
	}{
		{name: "text", args: []string{clean, "--trace", reqTrace}, golden: "timeline.txt"},
		{name: "upper case ID", args: []string{clean, "--trace", strings.ToUpper(reqTrace)}, golden: "timeline.txt"},
		{name: "a job's trace shows its request", args: []string{clean, "--trace", jobTrace}, golden: "timeline.txt"},
		{name: "json", args: []string{clean, "--trace", reqTrace, "-o", "json"}, golden: "timeline.json"},
		{name: "json on a terminal is the same", args: []string{clean, "--trace", reqTrace, "-o", "json"}, tty: true, golden: "timeline.json"},
		{name: "mermaid", args: []string{clean, "--trace", reqTrace, "-o", "mermaid"}, golden: "timeline.mmd"},
		{name: "color on a terminal", args: []string{clean, "--trace", reqTrace}, tty: true, golden: "timeline-color.txt"},
		{name: "no color when asked", args: []string{clean, "--trace", reqTrace, "--color", "never"}, tty: true, golden: "timeline.txt"},
		{name: "no color with NO_COLOR", args: []string{clean, "--trace", reqTrace}, tty: true, noColor: true, golden: "timeline.txt"},
		{name: "--color always wins over NO_COLOR and a pipe", args: []string{clean, "--trace", reqTrace, "--color", "always"},
			noColor: true, golden: "timeline-color.txt"},
		{name: "service filter", args: []string{clean, "--trace", reqTrace, "--service", "worker"}, golden: "timeline-worker.txt"},
		{name: "service filter, json", args: []string{clean, "--trace", reqTrace, "--service", "worker", "-o", "json"}, golden: "timeline-worker.json"},
		{name: "until", args: []string{clean, "--trace", reqTrace, "--until", "2026-11-21T10:00:00.001Z"}, golden: "timeline-until.txt"},
		{name: "since, relative to the input's end", args: []string{clean, "--trace", cronTrace, "--since", "5ms"}, golden: "timeline-cron.txt"},
		{name: "unknown ID", args: []string{clean, "--trace", "00000000000000000000000000000001"}, wantCode: 1,
			wantStderr: "error: trace 00000000000000000000000000000001 is not in the input (3 traces read)\n"},
		{name: "missing file, the others still read", args: []string{fixture("missing.jsonl"), clean, "--trace", reqTrace},
			golden: "timeline.txt", wantCode: 1, wantStderr: "error: ../../testdata/cli/missing.jsonl: no such file or directory\n"},
		{name: "no spans", args: []string{fixture("dir/notes.txt"), "--trace", reqTrace}, wantCode: 1,
			wantStderr: "error: ../../testdata/cli/dir/notes.txt: not trace data (expected OTLP JSON or protobuf, Jaeger JSON or Zipkin v2 JSON, optionally gzip or zstd compressed)\n" +
				"error: no spans found in any input\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, env{tty: tt.tty, noColor: tt.noColor}, append([]string{"timeline"}, tt.args...)...)
			if r.code != tt.wantCode || r.stderr != tt.wantStderr {
				t.Errorf("got exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", r.code, r.stderr, tt.wantCode, tt.wantStderr)
			}
			if tt.golden == "" {
				if r.stdout != "" {
					t.Errorf("want no output, got:\n%s", r.stdout)
				}
				return
			}
			golden(t, tt.golden, r.stdout)
			if strings.HasSuffix(tt.golden, ".json") {
				validate(t, "timeline", r.stdout)
			}
		})
	}
}

// TestRunTimelineWorkers checks that the output does not depend on the
// number of workers, on a Zipkin fixture with jobs.
func TestRunTimelineWorkers(t *testing.T) {
	path := "../../testdata/fixtures/zipkin/messaging-kafka.json"
	one := runCLI(t, env{}, "timeline", "-o", "json", "--jobs", "1", path, "--trace", "0562809467078eab")
	two := runCLI(t, env{}, "timeline", "-o", "json", "--jobs", "2", path, "--trace", "0562809467078eab")
	if one.code != 0 || two.code != 0 || !strings.Contains(one.stdout, `"linked_from": {`) {
		t.Fatalf("exit %d and %d, stderr %q and %q", one.code, two.code, one.stderr, two.stderr)
	}
	if one.stdout != two.stdout {
		t.Errorf("--jobs 1 and --jobs 2 differ:\n%s", cmp.Diff(one.stdout, two.stdout))
	}
	validate(t, "timeline", one.stdout)
}
