package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/render"
)

// analyzeFixture is a hand-made input under testdata/cli/analyze (see its
// README).
func analyzeFixture(name string) string { return fixture(filepath.Join("analyze", name)) }

// The findings of races.jsonl, one per rule, and the possible one hidden
// by default.
const (
	idReadYourWrites = "rl-1e85533f307b"
	idStaleRead      = "rl-f1d07b085818"
	idPartialRead    = "rl-ac0d0fc0e086"
	idStaleFill      = "rl-b54b481e5945"
	idLostUpdate     = "rl-7aa931287001"
	idPossible       = "rl-89554c060280"
	// With only stale-read-pending-job enabled, the reads that
	// read-your-writes and partial-read replace are plain stale reads.
	idStaleReadOwn   = "rl-97518c64e526"
	idStaleReadOrder = "rl-53517df8a7d1"
)

var analyzeCmp = cmp.Options{optsCmp, cmpopts.IgnoreFields(analyzeOptions{}, "IO", "Load")}

func TestNewCmdAnalyze(t *testing.T) {
	g := defaultGlobal()
	withConfig := defaultGlobal()
	withConfig.Config = "raceline.yaml"
	def := detectOptions{MinConfidence: "likely"}
	tests := []struct {
		name    string
		args    []string
		want    analyzeOptions
		wantErr string // first line of stderr; exit code 2 with usage
	}{
		{name: "defaults", args: []string{"a.jsonl"},
			want: analyzeOptions{Global: &g, Paths: []string{"a.jsonl"}, Detect: def, Output: "text"}},
		{name: "every flag", args: []string{"-o", "ndjson", "--fail-on", "high", "--rules", "lost-update, partial-read",
			"--rules", "lost-update,stale-cache-fill", "--min-confidence", "possible", "--key", "user:*:profile",
			"--no-clock-correction", "--config", "raceline.yaml", "a.jsonl", "-"},
			want: analyzeOptions{Global: &withConfig, Paths: []string{"a.jsonl", "-"}, Output: "ndjson", FailOn: "high",
				Detect: detectOptions{Rules: []string{"lost-update", "partial-read", "stale-cache-fill"},
					MinConfidence: "possible", Key: "user:*:profile", NoClockCorrection: true}}},
		{name: "fail on medium", args: []string{"--fail-on", "medium", "a"},
			want: analyzeOptions{Global: &g, Paths: []string{"a"}, Detect: def, Output: "text", FailOn: "medium"}},
		{name: "bad fail-on", args: []string{"--fail-on", "low", "a"},
			wantErr: `error: invalid argument "low" for "--fail-on" flag: valid values are {medium|high}`},
		{name: "bad min-confidence", args: []string{"--min-confidence", "sure", "a"},
			wantErr: `error: invalid argument "sure" for "--min-confidence" flag: valid values are {certain|likely|possible}`},
		{name: "unknown rule", args: []string{"--rules", "lost-update,stale-reads", "a"},
			wantErr: `error: invalid argument "lost-update,stale-reads" for "--rules" flag: unknown rule "stale-reads": valid values are {stale-read-pending-job|read-your-writes|partial-read|stale-cache-fill|lost-update}`},
		{name: "empty rule", args: []string{"--rules", "", "a"},
			wantErr: `error: invalid argument "" for "--rules" flag: unknown rule "": valid values are {stale-read-pending-job|read-your-writes|partial-read|stale-cache-fill|lost-update}`},
		{name: "bad glob", args: []string{"--key", "user:[0-9", "a"},
			wantErr: `error: invalid argument "user:[0-9" for "--key" flag: want a glob in path.Match syntax, such as 'user:*:profile'`},
		{name: "bad output", args: []string{"-o", "yaml", "a"},
			wantErr: `error: invalid argument "yaml" for "-o, --output" flag: valid values are {text|json|ndjson}`},
		{name: "no path", args: []string{"--fail-on", "high"},
			wantErr: "error: raceline analyze needs at least one PATH: a file, a directory, or - for stdin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *analyzeOptions
			r := execCmd(t, append([]string{"analyze"}, tt.args...), func(f *factory) *cobra.Command {
				return newCmdAnalyze(f, func(_ context.Context, o *analyzeOptions) error {
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
			if d := cmp.Diff(&tt.want, got, analyzeCmp); d != "" {
				t.Errorf("options (-want +got):\n%s", d)
			}
		})
	}
}

func TestRunAnalyze(t *testing.T) {
	races, sidekiq := analyzeFixture("races.jsonl"), analyzeFixture("sidekiq.jsonl")
	tests := []struct {
		name       string
		args       []string
		tty        bool
		golden     string // stdout; "" means stdout must be empty
		wantIDs    []string
		wantStderr string
		wantCode   int
	}{
		{name: "text", args: []string{races}, golden: "analyze-races.txt"},
		{name: "json", args: []string{races, "-o", "json"}, golden: "analyze-races.json",
			wantIDs: []string{idReadYourWrites, idStaleRead, idPartialRead, idStaleFill, idLostUpdate}},
		{name: "json on a terminal is the same", args: []string{races, "-o", "json"}, tty: true, golden: "analyze-races.json"},
		{name: "ndjson", args: []string{races, "-o", "ndjson"}, golden: "analyze-races.ndjson"},
		{name: "color on a terminal", args: []string{races}, tty: true, golden: "analyze-races-color.txt"},
		{name: "possible findings too", args: []string{races, "--min-confidence", "possible", "-o", "json"},
			wantIDs: []string{idReadYourWrites, idStaleRead, idPartialRead, idPossible, idStaleFill, idLostUpdate}},
		{name: "certain findings only", args: []string{races, "--min-confidence", "certain", "-o", "json"},
			wantIDs: []string{idReadYourWrites, idStaleRead, idPartialRead, idStaleFill}},
		{name: "rules", args: []string{races, "--rules", "lost-update,stale-cache-fill", "-o", "json"},
			wantIDs: []string{idStaleFill, idLostUpdate}},
		{name: "key", args: []string{races, "--key", "order:*", "-o", "json"}, wantIDs: []string{idPartialRead}},
		{name: "key, text says what is filtered", args: []string{races, "--key", "user:*:profile"}, golden: "analyze-races-key.txt"},
		{name: "service", args: []string{races, "--service", "cron", "-o", "json"}, wantIDs: []string{idLostUpdate}},
		{name: "since", args: []string{races, "--since", "2026-11-21T10:00:00.300Z", "-o", "json"},
			wantIDs: []string{idStaleFill, idLostUpdate}},
		{name: "until, relative to the input's end", args: []string{races, "--until", "450ms", "-o", "json"},
			wantIDs: []string{idReadYourWrites, idStaleRead}},
		{name: "no clock correction", args: []string{races, "--no-clock-correction", "-o", "json"}, golden: "analyze-races-noclock.json"},
		{name: "fail on high with high findings", args: []string{races, "--fail-on", "high", "-o", "ndjson"},
			golden: "analyze-races.ndjson", wantCode: 3, wantStderr: "error: 4 findings at or above --fail-on high\n"},
		{name: "fail on high with only medium findings", args: []string{races, "--fail-on", "high", "--rules", "stale-read-pending-job", "-o", "json"},
			wantIDs: []string{idStaleReadOwn, idStaleRead, idStaleReadOrder}},
		{name: "fail on medium", args: []string{races, "--fail-on", "medium", "--rules", "stale-read-pending-job", "--key", "order:*", "-o", "json"},
			wantIDs: []string{idStaleReadOrder}, wantCode: 3, wantStderr: "error: 1 finding at or above --fail-on medium\n"},
		{name: "fail on medium counts only the findings shown", args: []string{races, "--fail-on", "medium", "--key", "product:*", "--rules", "stale-read-pending-job", "-o", "json"},
			wantIDs: []string{}},
		{name: "without the job matcher", args: []string{sidekiq}, golden: "analyze-sidekiq.txt"},
		{name: "a config's job matcher", args: []string{"--config", analyzeFixture("sidekiq.yaml"), sidekiq}, golden: "analyze-sidekiq-config.txt"},
		{name: "a config disabling a rule", args: []string{"--config", analyzeFixture("no-lost-update.yaml"), races, "-o", "json"},
			wantIDs: []string{idReadYourWrites, idStaleRead, idPartialRead, idStaleFill}},
		{name: "--rules cannot enable a rule the config disables", args: []string{"--config", analyzeFixture("no-lost-update.yaml"), races, "--rules", "lost-update", "-o", "json"},
			wantIDs: []string{}, wantStderr: "warning: --rules lost-update: the rule is off in ../../testdata/cli/analyze/no-lost-update.yaml (rules: lost-update: false)\n"},
		{name: "quiet", args: []string{"-q", "--config", analyzeFixture("no-lost-update.yaml"), races, "--rules", "lost-update", "-o", "json"},
			wantIDs: []string{}},
		{name: "a matcher failing at run time", args: []string{"--config", analyzeFixture("failing-matcher.yaml"), sidekiq, "-o", "ndjson"},
			wantStderr: "warning: ../../testdata/cli/analyze/failing-matcher.yaml: match.job failed on 4 spans, taken as false (first: invalid operation: int())\n"},
		{name: "invalid config", args: []string{"--config", analyzeFixture("bad.yaml"), races}, wantCode: 2,
			wantStderr: "error: ../../testdata/cli/analyze/bad.yaml:5: match.job: unknown name \"knd\"\n"},
		{name: "missing config", args: []string{"--config", analyzeFixture("missing.yaml"), races}, wantCode: 2,
			wantStderr: "error: ../../testdata/cli/analyze/missing.yaml: no such file or directory\n"},
		{name: "no spans", args: []string{fixture("dir/notes.txt"), "-o", "ndjson"}, wantCode: 1,
			wantStderr: "error: ../../testdata/cli/dir/notes.txt: not trace data (expected OTLP JSON or protobuf, Jaeger JSON or Zipkin v2 JSON, optionally gzip or zstd compressed)\n" +
				"error: no spans found in any input\n"},
		{name: "unreadable input wins over --fail-on", args: []string{fixture("missing.jsonl"), races, "--fail-on", "high", "-o", "ndjson"},
			golden: "analyze-races.ndjson", wantCode: 1, wantStderr: "error: ../../testdata/cli/missing.jsonl: no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, env{tty: tt.tty}, append([]string{"analyze"}, tt.args...)...)
			if r.code != tt.wantCode || r.stderr != tt.wantStderr {
				t.Errorf("got exit %d, stderr:\n%s\nwant exit %d, stderr:\n%s", r.code, r.stderr, tt.wantCode, tt.wantStderr)
			}
			switch {
			case tt.golden != "":
				golden(t, tt.golden, r.stdout)
			case tt.wantIDs == nil && r.stdout != "":
				t.Errorf("want no output, got:\n%s", r.stdout)
			}
			if tt.wantIDs != nil {
				if d := cmp.Diff(tt.wantIDs, findingIDs(t, r.stdout), cmpopts.EquateEmpty()); d != "" {
					t.Errorf("finding ids (-want +got):\n%s", d)
				}
			}
			checkFindingsOutput(t, r.stdout, tt.args)
		})
	}
}

// checkFindingsOutput validates -o json against the findings schema, and
// each line of -o ndjson against its finding definition.
func checkFindingsOutput(t *testing.T, out string, args []string) {
	t.Helper()
	switch {
	case out == "":
	case strings.Contains(strings.Join(args, " "), "-o json"):
		validate(t, "findings", out)
	case strings.Contains(strings.Join(args, " "), "-o ndjson"):
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			validateFinding(t, line)
		}
	}
}

// findingIDs lists the ids of a findings document, in order.
func findingIDs(t *testing.T, doc string) []string {
	t.Helper()
	var d struct {
		Findings []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatalf("not a findings document: %v\n%s", err, doc)
	}
	ids := make([]string, len(d.Findings))
	for i, f := range d.Findings {
		ids[i] = f.ID
	}
	return ids
}

// validateFinding checks one finding object against the findings
// schema's definition of a finding.
func validateFinding(t *testing.T, obj string) {
	t.Helper()
	raw, err := render.Schema("findings")
	if err != nil {
		t.Fatal(err)
	}
	sch, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("findings.json", sch); err != nil {
		t.Fatal(err)
	}
	compiled, err := c.Compile("findings.json#/$defs/finding")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(obj))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, obj)
	}
	if err := compiled.Validate(inst); err != nil {
		t.Errorf("does not validate against the finding definition: %v\n%s", err, obj)
	}
}

// TestRunAnalyzeNDJSONIsJSONFindings checks that -o ndjson writes exactly
// the finding objects of -o json, one per line.
func TestRunAnalyzeNDJSONIsJSONFindings(t *testing.T) {
	races := analyzeFixture("races.jsonl")
	doc := runCLI(t, env{}, "analyze", races, "-o", "json", "--min-confidence", "possible")
	nd := runCLI(t, env{}, "analyze", races, "-o", "ndjson", "--min-confidence", "possible")
	var d struct{ Findings []json.RawMessage }
	if err := json.Unmarshal([]byte(doc.stdout), &d); err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, f := range d.Findings {
		var b bytes.Buffer
		if err := json.Compact(&b, f); err != nil {
			t.Fatal(err)
		}
		want.WriteString(b.String() + "\n")
	}
	if len(d.Findings) != 6 || nd.stdout != want.String() {
		t.Errorf("%d findings; ndjson (-json +ndjson):\n%s", len(d.Findings), cmp.Diff(want.String(), nd.stdout))
	}
}

// TestRunAnalyzeWorkers checks that no output depends on the number of
// workers.
func TestRunAnalyzeWorkers(t *testing.T) {
	races := analyzeFixture("races.jsonl")
	for _, out := range []string{"text", "json", "ndjson"} {
		one := runCLI(t, env{}, "analyze", "--jobs", "1", "-o", out, "--min-confidence", "possible", races)
		two := runCLI(t, env{}, "analyze", "--jobs", "2", "-o", out, "--min-confidence", "possible", races)
		if one.code != 0 || two.code != 0 || one.stdout == "" {
			t.Fatalf("-o %s: exit %d and %d, stderr %q and %q", out, one.code, two.code, one.stderr, two.stderr)
		}
		if one.stdout != two.stdout {
			t.Errorf("-o %s: --jobs 1 and --jobs 2 differ:\n%s", out, cmp.Diff(one.stdout, two.stdout))
		}
	}
}
