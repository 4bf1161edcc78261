package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/render"
)

// statsOptions are what `raceline stats` runs with.
type statsOptions struct {
	IO     *Streams
	Global *globalOptions
	Load   loadFunc

	Paths  []string
	Output string // text or json
}

const statsLong = `Stats says what is in the input: each file with its format, compression,
size and records; the records read, parsed and skipped, each skip reason with
its first locations; files ignored; spans kept and dropped; anomalies
(duplicate spans, self-parents, parent cycles); traces, requests and jobs;
cache operations, and those without a key; services, hosts and the time
range; orphans and links.

Use it first on a new dump, to see whether raceline reads it the way you
expect. Counts cover the whole input: --since, --until and --service do not
apply. -o json writes a raceline.stats/v1 document (raceline schema stats).
` + exitStatusInput

const statsExample = `  # what is in a Collector file exporter's output
  $ raceline stats traces.jsonl

  # every file under a directory, as JSON
  $ raceline stats -o json ./dumps/

  # from stdin
  $ zcat traces.json.gz | raceline stats -`

func newCmdStats(f *factory, runF func(context.Context, *statsOptions) error) *cobra.Command {
	opts := &statsOptions{IO: f.IO, Global: f.Global, Load: f.Load}
	cmd := &cobra.Command{
		Use:     "stats PATH...",
		Short:   "Show what is in the input: files, records, spans, traces, services",
		Long:    statsLong,
		Example: statsExample,
		Args:    requirePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runStats(cmd.Context(), opts)
		},
	}
	enumFlag(cmd.Flags(), &opts.Output, "output", "o", "text", []string{"text", "json"}, "output format")
	return cmd
}

// runStats loads and stitches the input and writes its stats. Unreadable
// inputs and an input without spans make it fail after the output.
func runStats(ctx context.Context, opts *statsOptions) error {
	in, err := loadInput(ctx, opts.IO, opts.Global, opts.Load, opts.Paths)
	if err != nil {
		return err
	}
	in.deriveOps(int(opts.Global.Jobs)) // for the cache operation counts
	if err := writeWarnings(opts.IO, opts.Global, in.cfg, nil); err != nil {
		return err
	}
	s := statsModel(in)
	if opts.Output == "json" {
		err = render.WriteStatsJSON(opts.IO.Out, s)
	} else {
		err = render.WriteStatsText(opts.IO.Out, s, opts.IO.Style())
	}
	if err != nil {
		return err
	}
	return in.problems()
}
