package cli

import (
	"context"
	"slices"

	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/render"
	"github.com/raceline/raceline/internal/stitch"
)

// clockOptions are what `raceline clock` runs with.
type clockOptions struct {
	IO     *Streams
	Global *globalOptions
	Load   loadFunc

	Paths  []string
	Output string // text or json
}

const clockLong = `Clock shows how far each host's clock is off, as raceline estimates it from
the spans themselves, with the bounds that the spans guarantee. It is the
model that analyze uses to order events on different hosts.

A CLIENT span whose SERVER child runs on another host bounds the offset
between the two hosts on both sides: the request arrived after it was sent,
and the answer after it was written. A PRODUCER span linked to a CONSUMER on
another host bounds it on one side only (a message is consumed after it was
produced, but may wait in its queue for any time): such a bound only catches
a consumer clock that runs behind, never one that runs ahead. Each host pair
is fitted as an offset plus a drift rate; the few pairs (at most 1%) that
contradict the others are set aside as outliers and reported, and hosts
whose pairs contradict each other beyond that are unbounded, with a warning.
So are hosts that no span pair ties to another: orderings against them are
never certain.

Each line gives a host's offset against the reference host of its group
(the host with the most spans): offset = its clock − the reference's, so
corrected time = raw − offset. The estimate is the middle of the bounds; with
one bound only, the point nearest 0 that it allows (clocks are assumed to be
NTP-synchronised). Offsets and bounds are taken at the middle of the input;
raw span times are never rewritten.

-o json writes a raceline.clock/v1 document (raceline schema clock).

The model covers the whole input. --service shows only the hosts that ran
one of the services named; --since and --until do not apply.
` + exitStatusInput

const clockExample = `  # the clock offsets of every host in a dump
  $ raceline clock traces.jsonl

  # as JSON, for the hosts of the worker service only
  $ raceline clock ./dumps/ --service worker -o json

  # the hosts whose offsets are uncertain by more than 1 ms
  $ raceline clock -o json traces.jsonl | jq '.hosts[] | select(.uncertainty_ns == null or .uncertainty_ns > 1000000) | .host'`

func newCmdClock(f *factory, runF func(context.Context, *clockOptions) error) *cobra.Command {
	opts := &clockOptions{IO: f.IO, Global: f.Global, Load: f.Load}
	cmd := &cobra.Command{
		Use:     "clock PATH...",
		Short:   "Show each host's clock offset, with the bounds the spans give",
		Long:    clockLong,
		Example: clockExample,
		Args:    requirePaths,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runClock(cmd.Context(), opts)
		},
	}
	enumFlag(cmd.Flags(), &opts.Output, "output", "o", "text", []string{"text", "json"}, "output format")
	return cmd
}

// runClock loads and stitches the input, estimates the clock model and
// writes it. Unreadable inputs and an input without spans make it fail
// after the output.
func runClock(ctx context.Context, opts *clockOptions) error {
	in, err := loadInput(ctx, opts.IO, opts.Global, opts.Load, opts.Paths)
	if err != nil {
		return err
	}
	// The request and job matchers ran while stitching, and a link's
	// producer is found through them: their failures concern this output.
	if err := writeWarnings(opts.IO, opts.Global, in.cfg, nil); err != nil {
		return err
	}
	c := clockView(estimateClock(in.graph, false), in.graph)
	if len(opts.Global.Services) > 0 {
		c = clockOfHosts(c, hostsOfServices(in.graph, opts.Global.Services))
	}
	if opts.Output == "json" {
		err = render.WriteClockJSON(opts.IO.Out, &c)
	} else {
		err = render.WriteClockText(opts.IO.Out, &c, opts.IO.Style())
	}
	if err != nil {
		return err
	}
	return in.problems()
}

// hostsOfServices lists the hosts that ran a span of one of services, in
// no particular order (clockOfHosts keeps the model's).
func hostsOfServices(g *stitch.Graph, services []string) []string {
	seen := make(map[string]bool)
	var hosts []string
	for _, t := range g.Trees {
		for _, i := range t.Order {
			sp := t.Span(i)
			if !seen[sp.Host] && slices.Contains(services, sp.Service) {
				seen[sp.Host] = true
				hosts = append(hosts, sp.Host)
			}
		}
	}
	return hosts
}
