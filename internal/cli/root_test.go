package cli

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/render"
)

// TestExitCodes runs one case per exit code path of DESIGN §2.
func TestExitCodes(t *testing.T) {
	clean := fixture("clean.jsonl")
	tests := []struct {
		name      string
		args      []string
		wantCode  int
		wantFirst string // first line of stderr
	}{
		{"success", []string{"stats", clean}, 0, ""},
		{"skipped records are not an error", []string{"stats", fixture("bad.jsonl")}, 0, "warning: skipped 1 of 3 records: malformed-json 1 (first at ../../testdata/cli/bad.jsonl:2)"},
		{"directory with a file that is not trace data", []string{"stats", fixture("dir")}, 0, "note: ignored 1 file that is not trace data: ../../testdata/cli/dir/notes.txt"},
		{"even under --strict", []string{"stats", "--strict", fixture("dir")}, 0, "note: ignored 1 file that is not trace data: ../../testdata/cli/dir/notes.txt"},
		{"missing file", []string{"stats", fixture("missing.jsonl"), clean}, 1, "error: ../../testdata/cli/missing.jsonl: no such file or directory"},
		{"strict mode on a bad line", []string{"stats", "--strict", fixture("bad.jsonl")}, 1, ""},
		{"unknown ID", []string{"timeline", clean, "--trace", "ffffffffffffffff"}, 1, "error: trace 0000000000000000ffffffffffffffff is not in the input (3 traces read)"},
		{"unknown flag", []string{"stats", "--frobnicate", clean}, 2, "error: unknown flag: --frobnicate"},
		{"unknown shorthand flag", []string{"stats", "-x", clean}, 2, "error: unknown shorthand flag: 'x' in -x"},
		{"bad -o value", []string{"timeline", clean, "--trace", reqTrace, "-o", "png"}, 2, `error: invalid argument "png" for "-o, --output" flag: valid values are {text|json|mermaid|svg}`},
		{"malformed ID", []string{"timeline", clean, "--trace", "not-an-id"}, 2, `error: invalid argument "not-an-id" for "--trace" flag: want a trace ID of 32 or 16 hex digits`},
		{"unknown command", []string{"analyse", clean}, 2, `error: unknown command "analyse" for "raceline"`},
		{"unknown help topic", []string{"help", "nope"}, 2, `error: unknown help topic "nope"`},
		{"a finding at or above --fail-on", []string{"analyze", analyzeFixture("races.jsonl"), "--fail-on", "high", "-q"}, 3,
			"error: 4 findings at or above --fail-on high"},
		{"findings without --fail-on", []string{"analyze", analyzeFixture("races.jsonl")}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, env{}, tt.args...)
			if r.code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tt.wantCode, r.stderr)
			}
			if tt.wantFirst != "" && firstLine(r.stderr) != tt.wantFirst {
				t.Errorf("stderr starts %q, want %q", firstLine(r.stderr), tt.wantFirst)
			}
			if wantUsage := tt.wantCode == exitUsage; strings.Contains(r.stderr, "Usage:") != wantUsage {
				t.Errorf("usage printed: %v, want %v", !wantUsage, wantUsage)
			}
		})
	}
}

func TestHandleError(t *testing.T) {
	tests := []struct {
		err        error
		wantCode   int
		wantStderr string
	}{
		{nil, 0, ""},
		{&silentError{3}, 3, ""},
		{errors.New("boom"), 1, "error: boom\n"},
		{runErrorf("trace %s is not in the input", "ab"), 1, "error: trace ab is not in the input\n"},
		{errors.Join(errors.New("a: gone"), errNoSpans), 1, "error: a: gone\nerror: no spans found in any input\n"},
		{fmt.Errorf("load: %w", contextCanceled()), 1, "error: interrupted\n"},
		{usageErrorf("bad"), 2, "error: bad\n\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		if code := handleError(&b, nil, tt.err); code != tt.wantCode || b.String() != tt.wantStderr {
			t.Errorf("handleError(%v) = %d, %q; want %d, %q", tt.err, code, b.String(), tt.wantCode, tt.wantStderr)
		}
	}
}

func TestRunSchema(t *testing.T) {
	for _, name := range render.SchemaNames {
		r := runCLI(t, env{}, "schema", name)
		want, _ := render.Schema(name)
		if r.code != 0 || r.stderr != "" || r.stdout != string(want) {
			t.Errorf("schema %s: exit %d, stderr %q, %d bytes of output", name, r.code, r.stderr, len(r.stdout))
		}
	}
	for args, want := range map[string]string{
		"schema":          "error: schema needs exactly one NAME: {clock|findings|stats|timeline}",
		"schema stat":     `error: no schema named "stat": valid names are {clock|findings|stats|timeline}`,
		"schema stats -x": "error: unknown shorthand flag: 'x' in -x",
	} {
		r := runCLI(t, env{}, strings.Fields(args)...)
		if r.code != 2 || firstLine(r.stderr) != want || r.stdout != "" {
			t.Errorf("%s: exit %d, stderr starts %q, want 2, %q", args, r.code, firstLine(r.stderr), want)
		}
	}
}

func TestRunVersion(t *testing.T) {
	r := runCLI(t, env{}, "version")
	want := "raceline 0.1.0-dev (" + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + ")\n"
	if r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, want)
	}
	if r := runCLI(t, env{}, "version", "extra"); r.code != 2 || firstLine(r.stderr) != `error: raceline version takes no arguments, but got "extra"` {
		t.Errorf("version extra: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestRunCompletion(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash": "__start_raceline", "zsh": "#compdef raceline", "fish": "complete -c raceline", "powershell": "Register-ArgumentCompleter",
	} {
		r := runCLI(t, env{}, "completion", shell)
		if r.code != 0 || r.stderr != "" || !strings.Contains(r.stdout, marker) {
			t.Errorf("completion %s: exit %d, stderr %q, no %q in the script", shell, r.code, r.stderr, marker)
		}
	}
	r := runCLI(t, env{}, "completion", "tcsh")
	if want := `error: invalid shell "tcsh": valid values are {bash|zsh|fish|powershell}`; r.code != 2 || firstLine(r.stderr) != want {
		t.Errorf("completion tcsh: exit %d, stderr starts %q, want %q", r.code, firstLine(r.stderr), want)
	}
}

// TestHelp checks every command's help: Long says what it is for and ends
// with an EXIT STATUS block; examples are "# what it does" then
// "$ raceline …".
func TestHelp(t *testing.T) {
	s, _, _, _ := TestStreams()
	f := &factory{IO: s, Global: &globalOptions{}}
	root := newRootCmd(f)
	addCommands(root, f)
	root.InitDefaultHelpCmd()
	cmds := []*cobra.Command{root}
	for _, c := range root.Commands() {
		cmds = append(cmds, c)
	}
	for _, c := range cmds {
		name := c.CommandPath()
		if !endsWithExitStatus(c.Long) {
			t.Errorf("%s: Long does not end with an EXIT STATUS block:\n%s", name, c.Long)
		}
		if c == root || c.Name() == "help" {
			continue
		}
		lines := strings.Split(c.Example, "\n")
		for i := 0; i < len(lines); i += 3 {
			if !strings.HasPrefix(lines[i], "  # ") || i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "  $ ") ||
				!strings.Contains(lines[i+1], "raceline "+c.Name()) || (i+2 < len(lines) && lines[i+2] != "") {
				t.Errorf("%s: example %d is not \"  # what it does\" then \"  $ raceline %s …\":\n%s", name, i/3+1, c.Name(), c.Example)
				break
			}
		}
		r := runCLI(t, env{}, c.Name(), "--help")
		if r.code != 0 || !strings.HasPrefix(r.stdout, c.Long) || r.stderr != "" {
			t.Errorf("%s --help: exit %d, stderr %q", name, r.code, r.stderr)
		}
	}
}

// endsWithExitStatus reports whether the last paragraph of long is an
// EXIT STATUS heading followed by indented lines, the first for code 0.
func endsWithExitStatus(long string) bool {
	_, block, ok := strings.Cut(long, "\nEXIT STATUS\n")
	if !ok || !strings.HasPrefix(block, "  0  ") {
		return false
	}
	for _, line := range strings.Split(block, "\n") {
		if !strings.HasPrefix(line, "  ") {
			return false
		}
	}
	return true
}
