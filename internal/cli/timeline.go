package cli

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/render"
	"github.com/raceline/raceline/internal/trace"
)

// timelineOptions are what `raceline timeline` runs with: a trace ID, or
// a finding ID and the detection flags that find it.
type timelineOptions struct {
	IO     *Streams
	Global *globalOptions
	Load   loadFunc

	Paths     []string
	TraceID   trace.TraceID // zero with --finding
	FindingID string        // "" with --trace; else rl- and 12 lowercase hex digits
	// Detect finds the finding; with --trace only NoClockCorrection
	// applies (to the clock block).
	Detect detectOptions
	Output string // text, json, mermaid or svg
}

const timelineLong = `Timeline shows one request's cross-service timeline: every span of its trace
in depth-first order, and each job it enqueued right after the producer span
that enqueued it, with the job's own spans. Given a job's trace ID, it shows
that job within the request that enqueued it.

The trace ID is 32 hex digits, or 16 (a Jaeger or Zipkin short ID, padded
with zeros), in any case. Times are the raw span times: no clock is
corrected; -o json gives the clock offsets of the hosts shown beside them.

--finding ID shows a finding of raceline analyze instead: the timeline of
its request, with the job (or other unit) involved added when the request
did not enqueue it, and each of the finding's events marked on its span.
The finding is found with the detection flags (--rules, --min-confidence,
--key, --no-clock-correction), which default as analyze's do: give the ones
analyze was given.

-o text draws a waterfall fitted to the terminal (100 columns when stdout
is not a terminal): each span's start offset from the request's start, its
duration, service, host and name, indented by depth. A job root is marked
⇢ and names its producer; ? marks an orphan (its parent is not in the
input); ✗ a span with error status.

-o json writes a raceline.timeline/v1 document (raceline schema timeline).

-o mermaid writes a Mermaid gantt chart, which GitHub and GitLab render in
Markdown: one section per service and host, one task per span. Mermaid
works in whole milliseconds, so a span shorter than 1 ms is drawn 1 ms long;
the task name carries the exact duration. The characters the gantt syntax
reserves (: # ; %) and < > are written in their full-width forms.

-o svg writes a standalone SVG image of swim lanes, as raceline report -o
html draws them: one lane per service and host, one bar per span, a host's
clock uncertainty as whiskers. With --finding it draws the finding as the
report does: the request, the job (or other party), the enqueue, the reads
and the mutations, the window shaded and the stale read marked in red.

--service, --since and --until hide the spans outside them; the request is
still found and stitched from the whole input.
` + exitStatusInput

const timelineExample = `  # one request's waterfall
  $ raceline timeline traces.jsonl --trace 4bf92f3577b34da6a3ce929d0e0e4736

  # a Mermaid chart to paste into an issue
  $ raceline timeline ./dumps/ --trace 4bf92f3577b34da6a3ce929d0e0e4736 -o mermaid

  # only the worker's spans, as JSON
  $ raceline timeline traces.jsonl --trace a3ce929d0e0e4736 --service worker -o json

  # the timeline of a finding raceline analyze reported
  $ raceline timeline traces.jsonl --finding rl-3f9a1c2e5b7d`

// findingIDPattern is a finding ID as --finding takes it: any case.
var findingIDPattern = regexp.MustCompile(`^[rR][lL]-[0-9a-fA-F]{12}$`)

func newCmdTimeline(f *factory, runF func(context.Context, *timelineOptions) error) *cobra.Command {
	opts := &timelineOptions{IO: f.IO, Global: f.Global, Load: f.Load}
	var traceFlag, findingFlag string
	cmd := &cobra.Command{
		Use:     "timeline PATH... (--trace ID | --finding ID)",
		Short:   "Show one request's cross-service timeline with the jobs it enqueued",
		Long:    timelineLong,
		Example: timelineExample,
		Args:    requirePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			fs := cmd.Flags()
			switch {
			case fs.Changed("trace") && fs.Changed("finding"):
				return usageErrorf("--trace and --finding cannot be used together: give one")
			case fs.Changed("finding"):
				if !findingIDPattern.MatchString(findingFlag) {
					return usageErrorf("invalid argument %q for \"--finding\" flag: want a finding ID: rl- and 12 hex digits", findingFlag)
				}
				opts.FindingID = strings.ToLower(findingFlag)
			case fs.Changed("trace"):
				id, err := trace.ParseTraceID(traceFlag)
				if err != nil {
					return usageErrorf("invalid argument %q for \"--trace\" flag: want a trace ID of 32 or 16 hex digits", traceFlag)
				}
				if err := checkDetectFlagsUnused(fs, "--finding", "rules", "min-confidence", "key"); err != nil {
					return err
				}
				opts.TraceID = id
			default:
				return usageErrorf("--trace or --finding is required: the ID of the trace or finding to show")
			}
			opts.Paths = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runTimeline(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&traceFlag, "trace", "", "show the trace with this `ID`: 32 or 16 hex digits, any case")
	fs.StringVar(&findingFlag, "finding", "", "show the finding with this `ID` (rl- and 12 hex digits), as raceline analyze reported it")
	enumFlag(fs, &opts.Output, "output", "o", "text", []string{"text", "json", "mermaid", "svg"}, "output format")
	addDetectFlags(fs, &opts.Detect)
	return cmd
}

// runTimeline loads and stitches the input and writes the timeline of the
// trace (or finding) asked for. A trace or finding not in the input fails;
// so do unreadable inputs, after the output.
func runTimeline(ctx context.Context, opts *timelineOptions) error {
	if opts.FindingID != "" {
		return runFindingTimeline(ctx, opts)
	}
	in, err := loadInput(ctx, opts.IO, opts.Global, opts.Load, opts.Paths)
	if err != nil {
		return err
	}
	if err := writeWarnings(opts.IO, opts.Global, in.cfg, nil); err != nil {
		return err
	}
	if in.store.Len() == 0 {
		return in.problems()
	}
	tl, ok := in.graph.Timeline(opts.TraceID)
	if !ok {
		return errors.Join(in.problems(), runErrorf("trace %s is not in the input (%d traces read)",
			opts.TraceID, len(in.graph.Trees)))
	}
	_, end, _ := timeRange(in.graph)
	model := timelineModel(tl, newSpanFilter(opts.Global, end), nil)
	model.Clock = timelineClock(clockView(estimateClock(in.graph, opts.Detect.NoClockCorrection), in.graph), model)
	if err := writeTimeline(opts, model); err != nil {
		return err
	}
	return in.problems()
}

// runFindingTimeline runs the whole pipeline, finds the finding and
// writes its request's timeline with its events marked.
func runFindingTimeline(ctx context.Context, opts *timelineOptions) error {
	a, err := runPipeline(ctx, opts.IO, opts.Global, opts.Load, opts.Paths, &opts.Detect)
	if err != nil {
		return err
	}
	if a.store.Len() == 0 {
		return a.problems()
	}
	f, err := findFinding(a, opts)
	if err != nil {
		return errors.Join(a.problems(), err)
	}
	tl, _ := a.graph.Timeline(f.Request.Trace.ID) // the request's trace is in the input
	withUnits(tl, f.Job, f.Other)
	_, end, _ := timeRange(a.graph)
	model := timelineModel(tl, newSpanFilter(opts.Global, end), eventMarks(f))
	fv := findingView(f)
	model.Finding = &fv
	model.Clock = timelineClock(clockView(a.clock, a.graph), model)
	if err := writeTimeline(opts, model); err != nil {
		return err
	}
	return a.problems()
}

// findFinding returns the finding opts asks for, among those the
// detection flags show; the error says why it is not there.
func findFinding(a *analysis, opts *timelineOptions) (*detect.Finding, error) {
	d := &opts.Detect
	for i := range a.found.Findings {
		f := &a.found.Findings[i]
		if f.ID != opts.FindingID {
			continue
		}
		if least := d.minConfidence(); f.Confidence < least {
			return nil, runErrorf("finding %s is %s, below --min-confidence %s: add --min-confidence %s to see it",
				f.ID, f.Confidence, least, f.Confidence)
		}
		if !(findingFilter{key: d.Key}).keyMatches(f.Keys) {
			return nil, runErrorf("finding %s has no key matching --key %s", f.ID, d.Key)
		}
		return f, nil
	}
	return nil, runErrorf("finding %s is not in the input (%s of any confidence; the detection flags must be those analyze was given)",
		opts.FindingID, plural(len(a.found.Findings), "finding", "findings"))
}

func writeTimeline(opts *timelineOptions, tl *render.Timeline) error {
	switch opts.Output {
	case "json":
		return render.WriteTimelineJSON(opts.IO.Out, tl)
	case "mermaid":
		return render.WriteTimelineMermaid(opts.IO.Out, tl)
	case "svg":
		return render.WriteTimelineSVG(opts.IO.Out, tl)
	}
	return render.WriteTimelineText(opts.IO.Out, tl, opts.IO.TerminalWidth(), opts.IO.Style())
}
