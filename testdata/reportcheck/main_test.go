package reportcheck

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	// Imported so that the main module stays required (and replaced by
	// ../..): TestMain builds its command.
	_ "github.com/raceline/raceline/internal/cli"
)

// raceline is the binary under test, built by TestMain.
var raceline string

// The inputs: a hand-made file with one finding of each rule, and the
// bundled demo dump.
var (
	races = filepath.Join("..", "cli", "analyze", "races.jsonl")
	demo  = filepath.Join("..", "demo", "shop.otlp.jsonl.gz")
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "reportcheck")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	raceline = filepath.Join(dir, "raceline")
	build := exec.Command("go", "build", "-o", raceline, "github.com/raceline/raceline/cmd/raceline")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building raceline: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// report runs raceline report with args and returns what it wrote; any
// exit but 0 fails the test.
func report(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(raceline, append([]string{"report", "--quiet"}, args...)...)
	cmd.Env = append(os.Environ(), "RACELINE_REDACT_KEY=")
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("raceline report %v: %v\n%s", args, err, msg)
	}
	return string(out)
}
