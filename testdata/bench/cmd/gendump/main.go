// Command gendump writes a realistic, Collector-shaped OTLP trace dump of
// a small shop's traffic (see package gen), deterministic from its seed.
//
//	gendump -size 100MB -seed 1 -format jsonl -o dump.jsonl
//	gendump -topology demo -visits 300 -seed 7 -races all -format jsonl.gz -o shop.otlp.jsonl.gz
//
// Without -size or -visits it writes about 100 MB. -size counts bytes
// before compression.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dustin/go-humanize"
	"github.com/raceline/raceline/testdata/bench/gen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gendump:", err)
		os.Exit(1)
	}
}

type options struct {
	cfg    gen.Config
	format gen.Format
	out    string
}

func parse(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("gendump", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "", "approximate output size before compression, e.g. 100MB or 2MiB (default 100MB unless -visits is set)")
	visits := fs.Int("visits", 0, "number of random requests to generate (0: no limit)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same bytes")
	topo := fs.String("topology", "bench", "services, hosts and request rate: bench or demo")
	format := fs.String("format", "jsonl", "output format: "+formatNames())
	races := fs.String("races", "", "comma-separated race patterns to inject: "+strings.Join(gen.RaceNames(), ", "))
	out := fs.String("o", "-", "output file; - is stdout")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	o := &options{out: *out, cfg: gen.Config{Seed: *seed, Visits: *visits}}
	mk, ok := gen.Topologies[*topo]
	if !ok {
		return nil, fmt.Errorf("unknown topology %q: want bench or demo", *topo)
	}
	o.cfg.Topology = mk()
	var err error
	if o.format, err = gen.ParseFormat(*format); err != nil {
		return nil, err
	}
	if *size == "" && *visits == 0 {
		*size = "100MB"
	}
	if *size != "" {
		n, err := humanize.ParseBytes(*size)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("invalid -size %q: want a size such as 100MB or 2MiB", *size)
		}
		o.cfg.Size = int64(n)
	}
	if *races != "" {
		o.cfg.Races = strings.Split(*races, ",")
	}
	return o, nil
}

func formatNames() string {
	var names []string
	for _, f := range gen.Formats {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	w, closeOut := stdout, func() error { return nil }
	if o.out != "-" {
		f, err := os.Create(o.out)
		if err != nil {
			return err
		}
		w, closeOut = f, f.Close
	}
	st, err := write(o, w)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "gendump: %d lines, %d spans, %d traces (%d jobs), %d links, %s before compression\n",
		st.Lines, st.Spans, st.Traces, st.Jobs, st.Links, humanize.Bytes(uint64(st.Bytes)))
	return nil
}

func write(o *options, w io.Writer) (gen.Stats, error) {
	sink, err := gen.NewSink(w, o.format)
	if err != nil {
		return gen.Stats{}, err
	}
	st, err := gen.Generate(o.cfg, sink)
	if cerr := sink.Close(); err == nil {
		err = cerr
	}
	return st, err
}
