package cli

import (
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
