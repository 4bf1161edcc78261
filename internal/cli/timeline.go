package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/render"
	"github.com/raceline/raceline/internal/trace"
)

// timelineOptions are what `raceline timeline` runs with.
type timelineOptions struct {
	IO     *Streams
	Global *globalOptions
	Load   loadFunc

	Paths   []string
	TraceID trace.TraceID
	Output  string // text, json or mermaid
}

const timelineLong = `Timeline shows one request's cross-service timeline: every span of its trace
in depth-first order, and each job it enqueued right after the producer span
that enqueued it, with the job's own spans. Given a job's trace ID, it shows
that job within the request that enqueued it.

The trace ID is 32 hex digits, or 16 (a Jaeger or Zipkin short ID, padded
with zeros), in any case. Times are the raw span times: no clock is
corrected.

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

--service, --since and --until hide the spans outside them; the request is
still found and stitched from the whole input.
` + exitStatusInput

const timelineExample = `  # one request's waterfall
  $ raceline timeline traces.jsonl --trace 4bf92f3577b34da6a3ce929d0e0e4736

  # a Mermaid chart to paste into an issue
  $ raceline timeline ./dumps/ --trace 4bf92f3577b34da6a3ce929d0e0e4736 -o mermaid

  # only the worker's spans, as JSON
  $ raceline timeline traces.jsonl --trace a3ce929d0e0e4736 --service worker -o json`

func newCmdTimeline(f *factory, runF func(context.Context, *timelineOptions) error) *cobra.Command {
	opts := &timelineOptions{IO: f.IO, Global: f.Global, Load: f.Load}
	var traceFlag string
	cmd := &cobra.Command{
		Use:     "timeline PATH... --trace ID",
		Short:   "Show one request's cross-service timeline with the jobs it enqueued",
		Long:    timelineLong,
		Example: timelineExample,
		Args:    requirePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("trace") {
				return usageErrorf("--trace is required: the ID of the trace to show")
			}
			id, err := trace.ParseTraceID(traceFlag)
			if err != nil {
				return usageErrorf("invalid argument %q for \"--trace\" flag: want a trace ID of 32 or 16 hex digits", traceFlag)
			}
			opts.Paths, opts.TraceID = args, id
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runTimeline(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&traceFlag, "trace", "", "show the trace with this `ID`: 32 or 16 hex digits, any case")
	enumFlag(cmd.Flags(), &opts.Output, "output", "o", "text", []string{"text", "json", "mermaid"}, "output format")
	return cmd
}

// runTimeline loads and stitches the input and writes the timeline of the
// trace asked for. A trace not in the input fails; so do unreadable inputs,
// after the output.
func runTimeline(ctx context.Context, opts *timelineOptions) error {
	in, err := loadInput(ctx, opts.IO, opts.Global, opts.Load, opts.Paths)
	if err != nil {
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
	model := timelineModel(tl, newSpanFilter(opts.Global, end))
	if err := writeTimeline(opts, model); err != nil {
		return err
	}
	return in.problems()
}

func writeTimeline(opts *timelineOptions, tl *render.Timeline) error {
	switch opts.Output {
	case "json":
		return render.WriteTimelineJSON(opts.IO.Out, tl)
	case "mermaid":
		return render.WriteTimelineMermaid(opts.IO.Out, tl)
	}
	return render.WriteTimelineText(opts.IO.Out, tl, opts.IO.TerminalWidth(), opts.IO.Style())
}
