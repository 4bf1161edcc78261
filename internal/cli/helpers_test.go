package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/render"
	"github.com/raceline/raceline/internal/trace"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden/cli")

// fixture is the path of a hand-made input under testdata/cli.
func fixture(name string) string { return filepath.Join("..", "..", "testdata", "cli", name) }

// result is what a run printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

// env is where runCLI runs raceline: stdin, whether stdout and stderr are
// terminals, and the load step (ingest.Load when nil).
type env struct {
	stdin       string
	tty, errTTY bool
	noColor     bool // NO_COLOR is set
	load        loadFunc
}

// runCLI runs raceline in-process on args, as Main would.
func runCLI(t *testing.T, e env, args ...string) result {
	t.Helper()
	s, in, out, errOut := TestStreams()
	in.WriteString(e.stdin)
	s.SetStdoutTTY(e.tty)
	s.SetStderrTTY(e.errTTY)
	s.SetNoColor(e.noColor)
	load := e.load
	if load == nil {
		load = ingest.Load
	}
	code := run(context.Background(), s, args, load)
	return result{out.String(), errOut.String(), code}
}

// execCmd runs a root holding only the command build returns, as
// TestNewCmd tests do, and maps the error as Main would.
func execCmd(t *testing.T, args []string, build func(f *factory) *cobra.Command) result {
	t.Helper()
	s, _, out, errOut := TestStreams()
	f := &factory{IO: s, Global: &globalOptions{}, Load: func(context.Context, []string, *trace.Store, ingest.Options) (*ingest.Result, error) {
		t.Fatal("a TestNewCmd test must not load")
		return nil, nil
	}}
	root := newRootCmd(f)
	root.AddCommand(build(f))
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	code := handleError(errOut, cmd, err)
	return result{out.String(), errOut.String(), code}
}

// firstLine is the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// golden compares got with testdata/golden/cli/name and shows the diff;
// with -update it then rewrites the file.
func golden(t *testing.T, name string, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", "cli", name)
	want, err := os.ReadFile(path)
	if err == nil && string(want) == got {
		return
	}
	d := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got, "\n"))
	if !*update {
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		t.Errorf("%s differs (-want +got); if the change is right, run go test -update:\n%s", path, d)
		return
	}
	t.Logf("updating %s (-old +new):\n%s", path, d)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}

// validate checks a JSON document against the embedded schema name.
func validate(t *testing.T, name, doc string) {
	t.Helper()
	raw, err := render.Schema(name)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name+".json", sch); err != nil {
		t.Fatal(err)
	}
	compiled, err := c.Compile(name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if err := compiled.Validate(inst); err != nil {
		t.Errorf("does not validate against the %s schema: %v", name, err)
	}
}
