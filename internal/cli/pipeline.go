package cli

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/render"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// errNoSpans ends a run whose inputs held no usable span.
var errNoSpans = &runError{"no spans found in any input"}

// input is what a command works from: the configuration, the spans read,
// what the load reported, the stitched graph and, once derived, the
// operations.
type input struct {
	cfg    *config.Config
	store  *trace.Store
	result *ingest.Result
	graph  *stitch.Graph

	ops     [][]ops.Op // per tree of graph.Trees; nil until deriveOps
	opStats *ops.Stats // nil until deriveOps
}

// analysis is what the whole pipeline found: the input, the clock model
// and every finding, of any confidence.
type analysis struct {
	*input
	clock *clock.Model
	found detect.Result
}

// runPipeline is the one order of the steps analyze, report and timeline
// --finding share: load → stitch → clock → ops → detect.
func runPipeline(ctx context.Context, s *Streams, g *globalOptions, load loadFunc, paths []string, d *detectOptions) (*analysis, error) {
	// load, then stitch: stitching needs every span, since a link may
	// point into any trace.
	in, err := loadInput(ctx, s, g, load, paths)
	if err != nil {
		return nil, err
	}
	// clock after stitch: its pairs are the CLIENT → SERVER parent edges
	// and the PRODUCER → CONSUMER links that stitching resolved.
	a := &analysis{input: in, clock: estimateClock(in.graph, d.NoClockCorrection)}
	// ops after stitch: every operation belongs to the unit stitching gave
	// its span.
	in.deriveOps(int(g.Jobs))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// detect last: it judges the operations' orderings with the clock. It
	// keeps every confidence, so that the findings below --min-confidence
	// can be counted inside the filters (the result is the same as
	// detect's own cut: deduplication and precedence do not depend on it).
	a.found = detect.Detect(in.ops, a.clock, detect.Options{Rules: d.enabled(in.cfg), MinConfidence: clock.Possible})
	return a, writeWarnings(s, g, in.cfg, d)
}

// showFindings runs the pipeline and keeps what analyze and report show:
// the findings inside the filters at or above --min-confidence, and their
// model (which also counts those hidden and filtered out).
func showFindings(ctx context.Context, s *Streams, g *globalOptions, load loadFunc, paths []string, d *detectOptions) (*analysis, []detect.Finding, *render.Findings, error) {
	a, err := runPipeline(ctx, s, g, load, paths, d)
	if err != nil {
		return nil, nil, nil, err
	}
	_, end, _ := timeRange(a.graph)
	ff := newFindingFilter(g, d, end)
	shown, hidden, filtered := shownFindings(a.found.Findings, ff, d.minConfidence())
	return a, shown, findingsModel(a, shown, hidden, filtered, d), nil
}

// loadInput reads the config, then reads paths with load, drawing progress
// on stderr, then summarises skipped records, dropped spans and ignored
// files on stderr (unless --quiet), and stitches every span. It fails when
// the config is invalid (exit 2) or the load stopped: --strict met a bad
// record, or ctx was cancelled. Unreadable inputs and an input without
// spans are for the caller to report after its output (input.problems).
func loadInput(ctx context.Context, s *Streams, g *globalOptions, load loadFunc, paths []string) (*input, error) {
	cfg, err := config.Load(g.Config) // before reading: a bad config must not cost a long load
	if err != nil {
		return nil, err
	}
	store := trace.NewStore()
	opts := ingest.Options{
		Keep:          trace.NewKeySet(cfg.Keep()...),
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
	graph := stitch.Stitch(store, stitchOptions(cfg, int(g.Jobs)))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &input{cfg: cfg, store: store, result: res, graph: graph}, nil
}

// stitchOptions are the config's actors and request and job matchers.
func stitchOptions(cfg *config.Config, workers int) stitch.Options {
	return stitch.Options{ActorKeys: cfg.Actors, IsRequest: matchSpan(cfg.Match.Request),
		IsJob: matchSpan(cfg.Match.Job), Workers: workers}
}

// opsOptions are the config's cache systems, keys and cache and source
// matchers.
func opsOptions(cfg *config.Config) ops.Options {
	return ops.Options{CacheSystems: cfg.CacheSystems, KeyAttributes: cfg.KeyAttributes, KeyPattern: cfg.KeyPattern,
		HitAttribute: cfg.HitAttribute, IsCache: matchSpan(cfg.Match.Cache), IsSource: matchSpan(cfg.Match.Source)}
}

// matchSpan adapts a config matcher to the span model; nil for none.
func matchSpan(m *config.Matcher) func(*trace.Span) bool {
	if m == nil {
		return nil
	}
	return func(sp *trace.Span) bool { return m.Match(spanView(sp)) }
}

// spanView is what a config matcher sees of sp: its own attributes (the
// resource's only give it its service and host).
func spanView(sp *trace.Span) config.SpanView {
	return config.SpanView{Name: sp.Name, Kind: sp.Kind.String(), Service: sp.Service, Host: sp.Host,
		Status: sp.Status.String(), Attr: sp.Attr}
}

// estimateClock is the clock model of the graph's hosts, or, under
// --no-clock-correction, the model in which every clock agrees.
func estimateClock(g *stitch.Graph, off bool) *clock.Model {
	if off {
		return clock.Zero()
	}
	return clock.Estimate(clock.Collect(g))
}

// deriveOps derives the operations of every tree on workers goroutines
// (0: GOMAXPROCS). Each tree is a partition of its own, so the result does
// not depend on the number of workers.
func (in *input) deriveOps(workers int) {
	trees := in.graph.Trees
	in.ops = make([][]ops.Op, len(trees))
	stats := make([]ops.Stats, len(trees))
	opts := opsOptions(in.cfg)
	forEach(len(trees), workers, func(i int) { in.ops[i], stats[i] = ops.Derive(trees[i], opts) })
	in.opStats = new(ops.Stats)
	for _, st := range stats {
		in.opStats.Add(st)
	}
}

// forEach calls f(i) for each i in [0, n) from up to workers goroutines
// (0: GOMAXPROCS), and returns when all calls have.
func forEach(n, workers int, f func(int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				f(int(i))
			}
		})
	}
	wg.Wait()
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
