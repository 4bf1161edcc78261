package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/render"
)

// analyzeOptions are what `raceline analyze` runs with.
type analyzeOptions struct {
	IO     *Streams
	Global *globalOptions
	Load   loadFunc

	Paths  []string
	Detect detectOptions
	Output string // text, json or ndjson
	FailOn string // "", medium or high
}

// The --fail-on values, and the severities at or above each.
var failOnAtOrAbove = map[string][]string{"medium": {"medium", "high"}, "high": {"high"}}

const analyzeLong = `Analyze reads the input, stitches each request with the jobs it enqueued,
bounds the hosts' clock offsets and reports the orderings that corrupt what
users see (raceline rules explains each rule): a request reading a cached
key that a pending job will rewrite, a user reading back the old value after
their own change, a read mixing old and new state, a cache fill that keeps a
stale value, an update overwritten by a read-modify-write.

Each finding has a severity (medium or high) and a confidence: certain when
the clock bounds guarantee the ordering, likely when it holds at the
estimated offsets, possible when some offset within the bounds allows it.
Findings below --min-confidence (default likely) are only counted.

-o text (the default) lists each finding with a one-line summary, the
traces involved and a short timeline of its events, then the totals and the
caveats that bound them. -o json writes a raceline.findings/v1 document
(raceline schema findings); -o ndjson writes only the findings, one JSON
object per line. Each finding has an id (rl- and 12 hex digits) that
raceline timeline --finding shows in full.

--since, --until, --service and --key select which findings are shown;
detection always sees the whole input. A finding is shown when its events
overlap --since..--until, one of them ran in a --service, and one of its
keys matches --key. --fail-on makes CI fail: exit 3 when a finding shown is
at or above the severity given.
` + exitStatusInput + exitStatusFindings

const analyzeExample = `  # what races are in a Collector file exporter's output
  $ raceline analyze traces.jsonl

  # fail a CI job on any high-severity finding, even a possible one
  $ raceline analyze ./dumps/ --fail-on high --min-confidence possible

  # the findings on user profiles, one JSON object per line
  $ raceline analyze traces.jsonl --key 'user:*:profile' -o ndjson

  # only two rules, with a config for a home-grown job framework
  $ raceline analyze --config raceline.yaml --rules read-your-writes,lost-update traces.jsonl`

func newCmdAnalyze(f *factory, runF func(context.Context, *analyzeOptions) error) *cobra.Command {
	opts := &analyzeOptions{IO: f.IO, Global: f.Global, Load: f.Load}
	cmd := &cobra.Command{
		Use:     "analyze PATH...",
		Short:   "Find the orderings that corrupt what users see: stale reads, lost updates",
		Long:    analyzeLong,
		Example: analyzeExample,
		Args:    requirePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runAnalyze(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	enumFlag(fs, &opts.Output, "output", "o", "text", []string{"text", "json", "ndjson"}, "output format")
	enumFlag(fs, &opts.FailOn, "fail-on", "", "", []string{"medium", "high"},
		"exit 3 when a finding shown is at or above this `SEVERITY`")
	addDetectFlags(fs, &opts.Detect)
	return cmd
}

// runAnalyze runs the pipeline and writes the findings shown. Unreadable
// inputs and an input without spans make it fail after the output (exit
// 1); else a finding shown at or above --fail-on makes it exit 3.
func runAnalyze(ctx context.Context, opts *analyzeOptions) error {
	a, shown, model, err := showFindings(ctx, opts.IO, opts.Global, opts.Load, opts.Paths, &opts.Detect)
	if err != nil {
		return err
	}
	if err := writeFindings(opts, model); err != nil {
		return err
	}
	if err := a.problems(); err != nil {
		return err
	}
	return failOn(opts.FailOn, shown)
}

func writeFindings(opts *analyzeOptions, m *render.Findings) error {
	switch opts.Output {
	case "json":
		return render.WriteFindingsJSON(opts.IO.Out, m)
	case "ndjson":
		return render.WriteFindingsNDJSON(opts.IO.Out, m.Findings)
	}
	return render.WriteFindingsText(opts.IO.Out, m, opts.IO.TerminalWidth(), opts.IO.Style())
}

// findingsError ends a run with findings at or above --fail-on: exit 3.
type findingsError struct{ msg string }

func (e *findingsError) Error() string { return e.msg }
func (e *findingsError) ExitCode() int { return exitFindings }

// failOn returns a findingsError when a finding shown is at or above the
// severity --fail-on gave, and nil without --fail-on.
func failOn(severity string, shown []detect.Finding) error {
	var n int
	for _, f := range shown {
		for _, s := range failOnAtOrAbove[severity] {
			if f.Severity == s {
				n++
			}
		}
	}
	if n == 0 {
		return nil
	}
	return &findingsError{plural(n, "finding", "findings") + " at or above --fail-on " + severity}
}
