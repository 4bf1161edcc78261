package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/raceline/raceline/testdata/e2e/dumpedit"
	"github.com/raceline/raceline/testdata/e2e/harness"
	"github.com/raceline/raceline/testdata/e2e/infra"
	"github.com/raceline/raceline/testdata/e2e/scenario"
	"github.com/raceline/raceline/testdata/e2e/shop"
	"github.com/raceline/raceline/testdata/e2e/truth"
	"github.com/raceline/raceline/testdata/e2e/verdict"
)

// Environment knobs:
//
//	RACELINE_REQUIRE_EXTERNAL=1  a missing redis-server or PostgreSQL fails instead of skipping (CI)
//	RACELINE_E2E_SEED=N          the seed (default 1)
//	RACELINE_E2E_REPS=N          instances of each scenario (default 8)
//	RACELINE_E2E_DIR=DIR         keep the dumps and findings in DIR
func options(t *testing.T) scenario.Options {
	return scenario.Options{Seed: int64(envInt(t, "RACELINE_E2E_SEED", 1)), Reps: envInt(t, "RACELINE_E2E_REPS", 8),
		Parallel: 3, Traffic: 3, Logf: t.Logf}
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return n
}

// requireExternal skips loudly when a server program is missing, or
// fails under RACELINE_REQUIRE_EXTERNAL=1.
func requireExternal(t *testing.T, err error) {
	t.Helper()
	var m *infra.MissingError
	if !errors.As(err, &m) {
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if os.Getenv("RACELINE_REQUIRE_EXTERNAL") == "1" {
		t.Fatalf("%v (RACELINE_REQUIRE_EXTERNAL=1 makes this fatal)", err)
	}
	fmt.Fprintf(os.Stderr, "\n*** %s: SKIPPED: %v ***\n\n", t.Name(), err)
	t.Skip(err.Error())
}

// TestEndToEnd runs the shop through every scenario and checks
// raceline's findings on the dump in each of its formats, with host-b's
// clock shifted both ways, and head-sampled.
func TestEndToEnd(t *testing.T) {
	began := time.Now()
	ctx := context.Background()
	b, err := harness.StartBackends(ctx)
	requireExternal(t, err)
	t.Cleanup(func() { _ = b.Stop() })
	dir := outputDir(t)
	res, err := harness.Run(ctx, b, dir, "shop", options(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Stop(); err != nil { // not needed any more: free the cores
		t.Fatal(err)
	}
	checkPlan(t, res.Set)
	t.Logf("system run: %d spans in %.1fs", res.Spans, res.Elapsed.Seconds())
	bin := buildRaceline(t)
	ids := map[string][]string{}
	for _, in := range inputs(t, res, dir) {
		t.Run(in.name, func(t *testing.T) {
			doc := analyze(t, bin, in.path, filepath.Join(dir, in.name+".findings.json"))
			ids[in.name] = findingIDs(doc)
			rep := verdict.Score(res.Set, doc, in.dropped)
			t.Logf("%s: %d findings (%d hidden below likely)\n%s", in.name, len(doc.Findings), doc.Summary.Hidden, rep.Table())
			if in.shift != 0 {
				checkClock(t, doc, in.shift)
				control(t, bin, in, res.Set, dir)
			}
			if !rep.OK() {
				t.Errorf("raceline's findings differ from the ground truth:\n%s", rep.Problems())
			}
		})
	}
	for _, name := range []string{"hex", "proto"} {
		if !slices.Equal(ids["json"], ids[name]) {
			t.Errorf("findings on the %s copy differ from the protojson copy: %v vs %v", name, ids[name], ids["json"])
		}
	}
	t.Logf("end-to-end test took %.1fs", time.Since(began).Seconds())
}

// outputDir is RACELINE_E2E_DIR (created) or a temporary directory.
func outputDir(t *testing.T) string {
	dir := os.Getenv("RACELINE_E2E_DIR")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkPlan fails when too many instances missed their planned timing
// for the scores to mean much, and logs the ones that did.
func checkPlan(t *testing.T, set *truth.Set) {
	t.Helper()
	invalid := 0
	for _, c := range set.Cases {
		if !c.Valid {
			invalid++
			t.Logf("instance %s not scored: %s", c.Name, c.Note)
		}
	}
	if invalid*5 > len(set.Cases) {
		t.Fatalf("%d of %d scenario instances missed their planned timing", invalid, len(set.Cases))
	}
}

// input is one dump raceline analyzes.
type input struct {
	name    string
	path    string
	shift   time.Duration   // host-b's clock shift
	dropped map[string]bool // traces head sampling dropped
}

// inputs returns the dump in its three formats, with host-b shifted by
// +40 ms and by −60 ms, and with 20% of the traces dropped.
func inputs(t *testing.T, res *harness.Result, dir string) []input {
	t.Helper()
	ins := []input{{name: "json", path: res.Paths.JSON}, {name: "hex", path: res.Paths.HexJSON}, {name: "proto", path: res.Paths.Proto}}
	for _, d := range []time.Duration{40 * time.Millisecond, -60 * time.Millisecond} {
		p := filepath.Join(dir, fmt.Sprintf("shop.shift%+dms.otlp.jsonl", d.Milliseconds()))
		if err := dumpedit.ShiftHost(res.Paths.JSON, p, shop.HostB, d); err != nil {
			t.Fatal(err)
		}
		ins = append(ins, input{name: fmt.Sprintf("shift%+dms", d.Milliseconds()), path: p, shift: d})
	}
	p := filepath.Join(dir, "shop.sampled.otlp.jsonl")
	dropped, err := dumpedit.HeadSample(res.Paths.JSON, p, 20, 0.8)
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for id := range dropped {
		set[id] = true
	}
	t.Logf("head sampling dropped %d traces", len(set))
	return append(ins, input{name: "sampled", path: p, dropped: set})
}

// buildRaceline builds the raceline binary in the main module's own
// directory, so that its go.mod and go.sum pick the dependencies: the
// binary is the one users get, not one built with this module's
// (possibly newer) dependency versions.
func buildRaceline(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "raceline")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/raceline/raceline/cmd/raceline")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build raceline: %v\n%s", err, out)
	}
	return bin
}

// control logs how the shifted dump fares with --no-clock-correction, to
// show what the clock model is worth; it asserts nothing.
func control(t *testing.T, bin string, in input, set *truth.Set, dir string) {
	t.Helper()
	doc := analyze(t, bin, in.path, filepath.Join(dir, in.name+".no-clock.findings.json"), "--no-clock-correction")
	rep := verdict.Score(set, doc, nil)
	t.Logf("%s with --no-clock-correction (control): %d findings, %d positives missed, %d unexpected, %d on near-misses",
		in.name, len(doc.Findings), len(rep.Missed), len(rep.Unexpected), len(rep.NearMisses))
}

// analyze runs raceline analyze -o json (plus flags) on path as a
// separate process, keeps its output in keep, and parses it.
func analyze(t *testing.T, bin, path, keep string, flags ...string) *verdict.Document {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, append(append([]string{"analyze", "-o", "json"}, flags...), path)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("raceline analyze %s: %v\n%s", path, err, stderr.Bytes())
	}
	if err := os.WriteFile(keep, stdout.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := verdict.Parse(stdout.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func findingIDs(doc *verdict.Document) []string {
	ids := make([]string, len(doc.Findings))
	for i, f := range doc.Findings {
		ids[i] = f.ID
	}
	return ids
}

// checkClock checks that raceline's bounds for host-b contain the shift
// (the hosts' real clocks are one clock) and that its estimate is within
// 5 ms of it.
func checkClock(t *testing.T, doc *verdict.Document, shift time.Duration) {
	t.Helper()
	for _, h := range doc.Clock.Hosts {
		if h.Host != shop.HostB {
			continue
		}
		if !h.Bounded || h.MinNS == nil || h.MaxNS == nil {
			t.Errorf("host-b unbounded after a %v shift", shift)
			return
		}
		t.Logf("host-b offset %.3f ms in [%.3f, %.3f] ms (true %v)", float64(h.OffsetNS)/1e6,
			float64(*h.MinNS)/1e6, float64(*h.MaxNS)/1e6, shift)
		if d := time.Duration(h.OffsetNS) - shift; d > 5*time.Millisecond || d < -5*time.Millisecond {
			t.Errorf("host-b offset estimated at %v, true %v", time.Duration(h.OffsetNS), shift)
		}
		return
	}
	t.Errorf("no clock estimate for host-b")
}
