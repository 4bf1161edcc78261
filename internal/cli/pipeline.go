package cli

import (
	"context"
	"errors"
	"slices"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/render"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// errNoSpans ends a run whose inputs held no usable span.
var errNoSpans = &runError{"no spans found in any input"}

// input is what a command works from: the spans read, what the load
// reported, and the stitched graph.
type input struct {
	store  *trace.Store
	result *ingest.Result
	graph  *stitch.Graph
}

// loadInput reads paths with load, drawing progress on stderr, then
// summarises skipped records, dropped spans and ignored files on stderr
// (unless --quiet), and stitches every span. It fails only when the load
// stopped: --strict met a bad record, or ctx was cancelled. Unreadable
// inputs and an input without spans are for the caller to report after its
// output (input.problems).
func loadInput(ctx context.Context, s *Streams, g *globalOptions, load loadFunc, paths []string) (*input, error) {
	store := trace.NewStore()
	opts := ingest.Options{
		Keep:          trace.NewKeySet(config.SemconvAttributes...),
		MaxRecordSize: int(g.MaxRecordSize),
		Workers:       int(g.Jobs),
		Strict:        g.Strict,
		Stdin:         s.In,
	}
	var bar *progressBar
	if s.IsStderrTTY() && !g.Quiet {
		bar = newProgressBar(s.ErrOut, s.StderrWidth)
		opts.Progress = bar
	}
	res, err := load(ctx, paths, store, opts)
	bar.Done()
	if err != nil {
		return nil, loadError(res, err)
	}
	if !g.Quiet {
		if err := writeLoadSummary(s, res); err != nil {
			return nil, err
		}
	}
	graph := stitch.Stitch(store, stitch.Options{Workers: int(g.Jobs)})
	return &input{store: store, result: res, graph: graph}, nil
}

// loadError explains why a load stopped, after the inputs that could not
// be read.
func loadError(res *ingest.Result, err error) error {
	var rec *ingest.RecordError
	if errors.As(err, &rec) {
		err = runErrorf("%s; --strict stops at the first skipped record or dropped span", rec)
	}
	if res == nil {
		return err
	}
	return errors.Join(append(slices.Clip(res.InputErrors), err)...)
}

// problems returns what makes a run exit 1 once its output is written:
// the inputs that could not be read, and an input with no spans at all.
func (in *input) problems() error {
	errs := slices.Clip(in.result.InputErrors) // appending must not write into the result
	if in.store.Len() == 0 {
		errs = append(errs, errNoSpans)
	}
	return errors.Join(errs...)
}

// writeLoadSummary writes the short stderr block on skipped records,
// dropped spans and ignored files, if there were any.
func writeLoadSummary(s *Streams, res *ingest.Result) error {
	return render.WriteLoadSummary(s.ErrOut, loadSummary(res), s.ErrStyle())
}
