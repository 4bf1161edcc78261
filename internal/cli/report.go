package cli

import (
	"cmp"
	"context"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/render"
)

// redactKeyEnv names the environment variable --redact reads its key
// from when --redact-key is not given.
const redactKeyEnv = "RACELINE_REDACT_KEY"

// reportOptions are what `raceline report` runs with.
type reportOptions struct {
	IO     *Streams
	Global *globalOptions
	Load   loadFunc
	Now    func() time.Time // what --timestamp writes

	Paths     []string
	Detect    detectOptions
	Output    string // markdown or html
	Redact    bool
	RedactKey string // --redact-key, else $RACELINE_REDACT_KEY; "" for a random key
	Timestamp bool
}

const reportLong = `Report writes an incident report of the findings raceline analyze would show
with the same flags, to paste into a ticket or to share as one file.

It starts with a verdict (the findings by rule and severity, the time range
and services) and a table of the findings; then what was read and how
complete it is (skipped records, dropped spans, orphans, the share of
parents and link targets present), so that a reader knows how far to trust
it; the hosts' clock offsets; then the findings, grouped by shape: one rule,
one key shape (the key with its variable segments, as report.group_patterns
in the config says, replaced by *) and one job, as in "37 stale reads of
user:*:profile during process jobs". The worst three of each group are shown
in full: the summary, a timeline of the request, the job, the enqueue, the
read, the mutation and the window, the trace and span IDs to look up in a
tracing UI, why the rule matters and how to fix it. The report ends with
what bounds the findings.

-o markdown (the default) draws each timeline as a Mermaid gantt chart,
which GitHub and GitLab render. -o html writes one self-contained HTML file
(no script, no external style, font or request) with each timeline drawn as
SVG swim lanes: one lane per service and host, the window shaded, the stale
read marked in red, the clock uncertainty as whiskers.

The report shows IDs, service, host and span names, keys, actors and
timings, and no other attribute. --redact also replaces the variable
segments of keys (digits, 6+ hex characters, UUIDs, 16+ base64 characters:
redact.segment_patterns in the config) and every actor by the first 8 hex
digits of their HMAC-SHA-256 under --redact-key, or $` + redactKeyEnv + `
(safer: a command line is visible to other users). Keys are split at
: / . | - _ and =, but runs of "-"-joined parts that a pattern matches whole,
such as a UUID, count as one segment. Without a key the key is random, and
the report says so: its hashes then differ from run to run. Finding ids are
computed from the redacted keys.

The same input gives the same bytes; --timestamp adds when the report was
made. The detection flags default as analyze's do, so the ids match.
` + exitStatusInput

const reportExample = `  # a Markdown report to paste into an issue
  $ raceline report traces.jsonl > report.md

  # one HTML file to attach to a ticket, keys and actors redacted
  $ RACELINE_REDACT_KEY=team-secret raceline report ./dumps/ -o html --redact > report.html

  # only the profile keys, possible findings too
  $ raceline report traces.jsonl --key 'user:*:profile' --min-confidence possible`

func newCmdReport(f *factory, runF func(context.Context, *reportOptions) error) *cobra.Command {
	opts := &reportOptions{IO: f.IO, Global: f.Global, Load: f.Load, Now: time.Now}
	cmd := &cobra.Command{
		Use:     "report PATH...",
		Short:   "Write an incident report of the findings: Markdown or one HTML file",
		Long:    reportLong,
		Example: reportExample,
		Args:    requirePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			fs := cmd.Flags()
			if !opts.Redact {
				if err := checkDetectFlagsUnused(fs, "--redact", "redact-key"); err != nil {
					return err
				}
			}
			if fs.Changed("redact-key") && opts.RedactKey == "" {
				return usageErrorf("--redact-key is empty: give a key, or leave the flag out for %s or a random key", redactKeyEnv)
			}
			if opts.Redact && !fs.Changed("redact-key") {
				opts.RedactKey = os.Getenv(redactKeyEnv)
			}
			opts.Paths = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runReport(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	enumFlag(fs, &opts.Output, "output", "o", "markdown", []string{"markdown", "html"}, "output format")
	fs.BoolVar(&opts.Redact, "redact", false, "replace the variable segments of keys, and actors, by keyed hashes")
	fs.StringVar(&opts.RedactKey, "redact-key", "", "the `KEY` of --redact's hashes (default $"+redactKeyEnv+", else random)")
	fs.BoolVar(&opts.Timestamp, "timestamp", false, "say when the report was made (the output then differs run to run)")
	addDetectFlags(fs, &opts.Detect)
	return cmd
}

// runReport runs the pipeline and writes the report of the findings
// shown. Unreadable inputs and an input without spans make it fail after
// the output (exit 1).
func runReport(ctx context.Context, opts *reportOptions) error {
	a, shown, model, err := showFindings(ctx, opts.IO, opts.Global, opts.Load, opts.Paths, &opts.Detect)
	if err != nil {
		return err
	}
	rep := &render.Report{Findings: model, GroupPatterns: a.cfg.Report.GroupPatterns}
	if opts.Redact {
		r, err := render.NewRedactor([]byte(opts.RedactKey), a.cfg.Redact.SegmentPatterns)
		if err != nil {
			return err
		}
		redactFindings(rep, shown, r)
	}
	if opts.Timestamp {
		rep.Generated = render.At(opts.Now().UnixNano())
	}
	if err := writeReport(opts, rep); err != nil {
		return err
	}
	return a.problems()
}

// redactFindings redacts each finding of rep (shown[i] is the detection
// result of rep's i-th finding), computes its id again from its redacted
// key (DESIGN §4), and sorts the findings again by DESIGN §4's order,
// which ends with the id.
func redactFindings(rep *render.Report, shown []detect.Finding, r *render.Redactor) {
	rep.Redacted, rep.RandomKey = true, r.Random()
	fs := rep.Findings.Findings
	for i := range fs {
		r.Finding(&fs[i])
		party := shown[i].Job
		if party == nil {
			party = shown[i].Other
		}
		fs[i].ID = detect.FindingID(fs[i].Rule, fs[i].Key, shown[i].Request, party)
	}
	slices.SortFunc(fs, func(a, b render.Finding) int {
		return cmp.Or(cmp.Compare(a.Request.Start, b.Request.Start), strings.Compare(a.Rule, b.Rule), strings.Compare(a.ID, b.ID))
	})
}

func writeReport(opts *reportOptions, r *render.Report) error {
	if opts.Output == "html" {
		return render.WriteReportHTML(opts.IO.Out, r)
	}
	return render.WriteReportMarkdown(opts.IO.Out, r)
}
