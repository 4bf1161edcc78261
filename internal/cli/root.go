package cli

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/trace"
)

// defaultMaxRecordSize is --max-record-size's default.
const defaultMaxRecordSize = 64 << 20

// globalOptions are the persistent flags of DESIGN §2 that apply so far.
// Cobra fills them in before any command's RunE.
type globalOptions struct {
	Config        string // --config FILE; "" for the defaults
	Strict        bool
	Quiet         bool
	Color         string // colorAuto, colorAlways or colorNever
	MaxRecordSize byteSize
	Jobs          workers // 0: all cores
	Since, Until  timeBound
	Services      []string
}

// loadFunc is the load step: ingest.Load, or a fake in tests.
type loadFunc func(ctx context.Context, paths []string, store *trace.Store, opts ingest.Options) (*ingest.Result, error)

// factory is what every command is built from: the streams, the global
// options, and the load step.
type factory struct {
	IO     *Streams
	Global *globalOptions
	Load   loadFunc
}

const rootLong = `raceline reads exported OpenTelemetry traces (OTLP JSON or protobuf, Jaeger,
Zipkin, Tempo; plain, gzip or zstd), stitches their spans into per-request
timelines across services and the jobs they enqueue, and flags the orderings
that silently corrupt what users see.

PATH is a file, a directory (walked recursively; files in it that are not
trace data are ignored and listed), or - for stdin. The format is detected
from the content, never from the name.

--since, --until and --service select which spans and findings are shown;
stitching, the clock and detection always see the whole input. --config
reads a configuration file (raceline config init writes the defaults).
` + exitStatusInput + exitStatusFindings

// exitStatusInput ends the help of every command that reads input.
const exitStatusInput = `
EXIT STATUS
  0  success, with or without findings, even when malformed records were
     skipped (they are counted, and summarised on stderr)
  1  an input could not be read (the others are still read first), no spans
     were found in any input, an ID was not found, or --strict met a skipped
     record or dropped span
  2  usage error: an unknown flag or value, a malformed ID, or an invalid
     config file (the message names its file, line and field)`

// exitStatusFindings is the last line of the EXIT STATUS of the commands
// with --fail-on.
const exitStatusFindings = `
  3  --fail-on: at least one finding shown is at or above its severity`

// exitStatusPlain ends the help of the commands that read no input.
const exitStatusPlain = `
EXIT STATUS
  0  success
  2  usage error: an unknown flag, argument or value`

// newRootCmd returns the root command with the persistent flags, and no
// subcommands (see addCommands).
func newRootCmd(f *factory) *cobra.Command {
	g := f.Global
	cmd := &cobra.Command{
		Use:           "raceline <command> [flags]",
		Short:         "Find the orderings in OpenTelemetry traces that corrupt what users see",
		Long:          rootLong,
		SilenceErrors: true, // handleError prints, once
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			f.IO.SetColorMode(g.Color)
			if g.Since.isSet() && g.Until.isSet() && !g.Since.rel && !g.Until.rel && g.Since.at > g.Until.at {
				return usageErrorf("--since %s is after --until %s", g.Since.text, g.Until.text)
			}
			return nil
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	cmd.SetIn(f.IO.In)
	cmd.SetOut(f.IO.Out)
	cmd.SetErr(f.IO.ErrOut)
	cmd.CompletionOptions.DisableDefaultCmd = true // ours has an EXIT STATUS block
	cmd.SetHelpCommand(newCmdHelp())

	fs := cmd.PersistentFlags()
	fs.StringVar(&g.Config, "config", "", "read the configuration from `FILE` (raceline config init writes one)")
	fs.BoolVar(&g.Strict, "strict", false, "stop at the first skipped record or dropped span (exit 1)")
	fs.BoolVarP(&g.Quiet, "quiet", "q", false, "print no progress and no summary of skipped records on stderr")
	enumFlag(fs, &g.Color, "color", "", colorAuto, []string{colorAuto, colorAlways, colorNever},
		"color text output (auto: on a terminal, unless NO_COLOR is set)")
	g.MaxRecordSize = defaultMaxRecordSize
	fs.Var(&g.MaxRecordSize, "max-record-size", "skip records longer than `SIZE` (64MiB, 500kB) as record-too-large")
	fs.Var(&g.Jobs, "jobs", "decode with `N` workers (default: all cores)")
	fs.Var(&g.Since, "since", "show only spans that end at or after `TIME`: RFC 3339, or a duration (15m) before the input's end")
	fs.Var(&g.Until, "until", "show only spans that start at or before `TIME`: RFC 3339, or a duration before the input's end")
	fs.StringArrayVar(&g.Services, "service", nil, "show only spans of service `NAME` (repeatable)")
	return cmd
}

// addCommands adds every subcommand, with its real run function.
func addCommands(root *cobra.Command, f *factory) {
	root.AddCommand(
		newCmdAnalyze(f, nil),
		newCmdStats(f, nil),
		newCmdTimeline(f, nil),
		newCmdReport(f, nil),
		newCmdClock(f, nil),
		newCmdRules(f),
		newCmdConfig(f),
		newCmdSchema(f),
		newCmdVersion(f),
		newCmdCompletion(f),
	)
}

// newCmdHelp replaces cobra's help command, for its EXIT STATUS block and
// so that an unknown topic is a usage error.
func newCmdHelp() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help prints the help of any command: what it is for, its flags and examples.\n" + exitStatusPlain,
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, sub := range c.Root().Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name())
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			target, _, err := c.Root().Find(args)
			if err != nil || target == nil {
				return usageErrorf("unknown help topic %q", strings.Join(args, " "))
			}
			return target.Help()
		},
	}
}
