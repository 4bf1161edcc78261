package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/raceline/raceline/internal/config"
)

func TestRunConfigInit(t *testing.T) {
	r := runCLI(t, env{}, "config", "init")
	if r.code != 0 || r.stderr != "" || r.stdout != string(config.DefaultYAML()) {
		t.Fatalf("exit %d, stderr %q, %d bytes of output", r.code, r.stderr, len(r.stdout))
	}
	if _, err := config.Parse("raceline.yaml", []byte(r.stdout)); err != nil {
		t.Errorf("config init's output does not parse: %v", err)
	}
	for args, want := range map[string]string{
		"config":             "error: raceline config needs a command: init",
		"config nope":        `error: unknown command "nope" for "raceline config": valid commands are {init}`,
		"config init extra":  `error: raceline config init takes no arguments, but got "extra"`,
		"config init --nope": "error: unknown flag: --nope",
	} {
		r := runCLI(t, env{}, strings.Fields(args)...)
		if r.code != 2 || firstLine(r.stderr) != want || r.stdout != "" {
			t.Errorf("%s: exit %d, stderr starts %q, want 2, %q", args, r.code, firstLine(r.stderr), want)
		}
	}
}

// TestConfigEveryCommand checks that --config applies to every command
// that reads input: its job matcher makes a job of an INTERNAL span.
func TestConfigEveryCommand(t *testing.T) {
	sidekiq, cfg := analyzeFixture("sidekiq.jsonl"), analyzeFixture("sidekiq.yaml")
	jobs := func(args ...string) string {
		r := runCLI(t, env{}, append(args, "stats", "-o", "json", sidekiq)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		var s struct{ Jobs, Requests int }
		if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("jobs=%d requests=%d", s.Jobs, s.Requests)
	}
	if got, want := jobs(), "jobs=0 requests=1"; got != want {
		t.Errorf("without --config: %s, want %s", got, want)
	}
	if got, want := jobs("--config", cfg), "jobs=1 requests=1"; got != want {
		t.Errorf("with --config: %s, want %s", got, want)
	}
	bad := "error: ../../testdata/cli/analyze/bad.yaml:5: match.job: unknown name \"knd\"\n"
	for _, args := range [][]string{
		{"stats", sidekiq}, {"timeline", sidekiq, "--trace", "058c9dd910858d55afcfbf32980b958d"},
		{"analyze", sidekiq}, {"timeline", sidekiq, "--finding", "rl-b51d965c467d"},
	} {
		r := runCLI(t, env{}, append([]string{"--config", analyzeFixture("bad.yaml")}, args...)...)
		if r.code != 2 || r.stderr != bad || r.stdout != "" {
			t.Errorf("%s with an invalid config: exit %d, stdout %q, stderr %q; want 2, %q", args[0], r.code, r.stdout, r.stderr, bad)
		}
	}
	r := runCLI(t, env{}, "--config", cfg, "timeline", sidekiq, "--finding", "rl-b51d965c467d", "-o", "json")
	if r.code != 0 || !strings.Contains(r.stdout, `"name": "CartCleanupJob#perform"`) {
		t.Errorf("timeline --finding with the config: exit %d, stderr %q", r.code, r.stderr)
	}
}
