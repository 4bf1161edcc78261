package bench

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// analysis is what raceline's analyze pipeline finds in a dump, with the
// time each step took. The steps, their order and their options are
// those of internal/cli/pipeline.go (runPipeline) under the default
// config: load → stitch → clock → ops → detect, every confidence kept.
// Nothing is rendered: the cli package exports no entry point that takes
// streams.
type analysis struct {
	store *trace.Store
	graph *stitch.Graph
	clock *clock.Model
	ops   [][]ops.Op
	found detect.Result
	steps [5]time.Duration // load, stitch, clock, ops, detect
}

// stepNames name analysis.steps, as benchmark metrics.
var stepNames = [5]string{"load", "stitch", "clock", "ops", "detect"}

// analyze runs the pipeline on path with workers goroutines per step (0:
// GOMAXPROCS), failing tb on any skipped record or error.
func analyze(tb testing.TB, path string, workers int) *analysis {
	tb.Helper()
	cfg := loadConfig(tb)
	a := &analysis{store: trace.NewStore()}
	t0 := time.Now()
	res, err := ingest.Load(context.Background(), []string{path}, a.store, ingest.Options{
		Keep: trace.NewKeySet(cfg.Keep()...), MaxRecordSize: MaxRecord, Workers: workers})
	if err != nil {
		tb.Fatal(err)
	}
	if res.SkippedCount() != 0 || a.store.Len() == 0 {
		tb.Fatalf("%s: skipped %d records, kept %d spans", path, res.SkippedCount(), a.store.Len())
	}
	t1 := time.Now()
	a.graph = stitch.Stitch(a.store, stitch.Options{ActorKeys: cfg.Actors, IsRequest: matchSpan(cfg.Match.Request),
		IsJob: matchSpan(cfg.Match.Job), Workers: workers})
	t2 := time.Now()
	a.clock = clock.Estimate(clock.Collect(a.graph))
	t3 := time.Now()
	a.ops = deriveOps(a.graph, cfg, workers)
	t4 := time.Now()
	a.found = detectAll(a.ops, a.clock, cfg)
	t5 := time.Now()
	a.steps = [5]time.Duration{t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), t5.Sub(t4)}
	return a
}

// loadConfig is the default config, as raceline runs without --config.
func loadConfig(tb testing.TB) *config.Config {
	tb.Helper()
	cfg, err := config.Load("")
	if err != nil {
		tb.Fatal(err)
	}
	return cfg
}

// detectAll runs the rules the config enables, keeping every confidence,
// as the cli does before it applies --min-confidence.
func detectAll(byTrace [][]ops.Op, m *clock.Model, cfg *config.Config) detect.Result {
	on := make(map[string]bool, len(detect.Rules))
	for _, r := range detect.Rules {
		on[r.Name] = cfg.Enabled(r.Name)
	}
	return detect.Detect(byTrace, m, detect.Options{Rules: on, MinConfidence: clock.Possible})
}

// deriveOps derives every tree's operations, each tree on its own, on
// workers goroutines.
func deriveOps(g *stitch.Graph, cfg *config.Config, workers int) [][]ops.Op {
	opts := ops.Options{CacheSystems: cfg.CacheSystems, KeyAttributes: cfg.KeyAttributes, KeyPattern: cfg.KeyPattern,
		HitAttribute: cfg.HitAttribute, IsCache: matchSpan(cfg.Match.Cache), IsSource: matchSpan(cfg.Match.Source)}
	out := make([][]ops.Op, len(g.Trees))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(out)) {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(out)); i = next.Add(1) - 1 {
				out[i], _ = ops.Derive(g.Trees[i], opts)
			}
		})
	}
	wg.Wait()
	return out
}

// matchSpan adapts a config matcher to spans; nil for none.
func matchSpan(m *config.Matcher) func(*trace.Span) bool {
	if m == nil {
		return nil
	}
	return func(sp *trace.Span) bool {
		return m.Match(config.SpanView{Name: sp.Name, Kind: sp.Kind.String(), Service: sp.Service, Host: sp.Host,
			Status: sp.Status.String(), Attr: sp.Attr})
	}
}
