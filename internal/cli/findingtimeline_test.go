package cli

import (
	"strings"
	"testing"
)

func TestRunTimelineFinding(t *testing.T) {
	races := analyzeFixture("races.jsonl")
	tests := []struct {
		name       string
		args       []string
		golden     string
		wantStderr string
		wantCode   int
	}{
		{name: "a stale read: the job is added", args: []string{races, "--finding", idStaleRead}, golden: "timeline-finding-stale.txt"},
		{name: "any case", args: []string{races, "--finding", strings.ToUpper(idStaleRead)}, golden: "timeline-finding-stale.txt"},
		{name: "json", args: []string{races, "--finding", idStaleRead, "-o", "json"}, golden: "timeline-finding-stale.json"},
		{name: "read-your-writes: the job is the request's own", args: []string{races, "--finding", idReadYourWrites}, golden: "timeline-finding-ryw.txt"},
		{name: "lost-update: the other writer is added", args: []string{races, "--finding", idLostUpdate}, golden: "timeline-finding-lost.txt"},
		{name: "service filter hides spans, not the finding", args: []string{races, "--finding", idStaleFill, "--service", "api", "-o", "mermaid"},
			golden: "timeline-finding-fill.mmd"},
		{name: "below --min-confidence", args: []string{races, "--finding", idPossible}, wantCode: 1,
			wantStderr: "error: finding " + idPossible + " is possible, below --min-confidence likely: add --min-confidence possible to see it\n"},
		{name: "possible, asked for", args: []string{races, "--finding", idPossible, "--min-confidence", "possible"}, golden: "timeline-finding-possible.txt"},
		{name: "a rule not run", args: []string{races, "--finding", idStaleRead, "--rules", "lost-update"}, wantCode: 1,
			wantStderr: "error: finding " + idStaleRead + " is not in the input (1 finding of any confidence; the detection flags must be those analyze was given)\n"},
		{name: "key does not match", args: []string{races, "--finding", idStaleRead, "--key", "order:*"}, wantCode: 1,
			wantStderr: "error: finding " + idStaleRead + " has no key matching --key order:*\n"},
		{name: "unknown", args: []string{races, "--finding", "rl-000000000000"}, wantCode: 1,
			wantStderr: "error: finding rl-000000000000 is not in the input (6 findings of any confidence; the detection flags must be those analyze was given)\n"},
		{name: "no spans", args: []string{fixture("dir/notes.txt"), "--finding", idStaleRead}, wantCode: 1,
			wantStderr: "error: ../../testdata/cli/dir/notes.txt: not trace data (expected OTLP JSON or protobuf, Jaeger JSON or Zipkin v2 JSON, optionally gzip or zstd compressed)\n" +
				"error: no spans found in any input\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, env{}, append([]string{"timeline"}, tt.args...)...)
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
