package gen

import (
	"errors"
	"fmt"
	"time"
)

// DefaultStart is when a dump starts unless Config.Start says otherwise.
var DefaultStart = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// Config says what to generate. Random traffic stops at the first limit
// reached (Size or Visits); scripted visits (Script, Races) are always
// generated, and every trace started is finished.
type Config struct {
	Seed     uint64
	Topology Topology // zero value: Bench()
	// Size is the approximate size of the output before compression, in
	// bytes, in the first sink's format; 0 is no limit.
	Size int64
	// Visits is the number of random visits; 0 is no limit.
	Visits int
	// Start is the time of the dump's first moment; zero is DefaultStart.
	Start time.Time
	// Races names race patterns (see Races) to inject.
	Races []string
	// Script is extra visits at fixed times, on top of random traffic.
	Script []Visit
}

// Stats counts what a Generate wrote.
type Stats struct {
	Lines  int // Collector batches: lines, or frames (a Proto document holds them all)
	Spans  int
	Traces int // one per visit and one per job
	Jobs   int
	Links  int
	Bytes  int64 // before compression
}

// generator makes one dump. It is used by one goroutine.
type generator struct {
	cfg    Config
	topo   Topology
	rng    *rng
	inst   map[string][]*instance
	all    []*instance // in topology order
	base   int64       // DefaultStart or Config.Start, in ns
	day    string      // the base date, for daily keys
	seq    uint64
	orders int
	script []Visit
	pend   spanHeap
	coll   collector
	sink   Sink

	stats        Stats
	written      int64
	spansWritten int
}

// Generate writes a dump to sink. It does not Close the sink.
func Generate(cfg Config, sink Sink) (Stats, error) {
	g, err := newGenerator(cfg, sink)
	if err != nil {
		return Stats{}, err
	}
	if err := g.run(); err != nil {
		return Stats{}, err
	}
	g.stats.Bytes = g.written
	return g.stats, nil
}

func newGenerator(cfg Config, sink Sink) (*generator, error) {
	if cfg.Topology.Name == "" {
		cfg.Topology = Bench()
	}
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart
	}
	if err := cfg.Topology.validate(); err != nil {
		return nil, err
	}
	g := &generator{cfg: cfg, topo: cfg.Topology, rng: newRNG(cfg.Seed), sink: sink,
		base: cfg.Start.UnixNano(), day: cfg.Start.UTC().Format("20060102"), orders: 10000}
	if err := g.plan(); err != nil {
		return nil, err
	}
	var err error
	if g.inst, g.all, err = g.topo.instances(g.rng); err != nil {
		return nil, err
	}
	g.startTimers()
	return g, nil
}

// plan checks the limits and lays out the scripted visits.
func (g *generator) plan() error {
	script, err := planRaces(g.cfg.Races, g.topo)
	if err != nil {
		return err
	}
	g.script = append(script, g.cfg.Script...)
	sortScript(g.script)
	for _, v := range g.script {
		if err := g.checkVisit(v); err != nil {
			return err
		}
	}
	if g.cfg.Size <= 0 && g.cfg.Visits <= 0 && len(g.script) == 0 {
		return errors.New("neither a size nor a number of visits is set: the dump would never end")
	}
	return nil
}

func (g *generator) checkVisit(v Visit) error {
	if _, err := routeByName(v.Route); err != nil {
		return fmt.Errorf("scripted visit at %s: %w", v.At, err)
	}
	if v.At < 0 || v.User < 1 || v.Subject < 0 || v.Product < 1 || v.Product > g.topo.Products || v.Slow < 0 || v.JobDelay < 0 {
		return fmt.Errorf("scripted visit at %s: time, user, product or delay out of range", v.At)
	}
	return nil
}

// startTimers gives every SDK and the Collector a random timer phase.
func (g *generator) startTimers() {
	for _, in := range g.all {
		in.nextTick = g.base + g.rng.expo(float64(g.topo.SDKDelay)/2)%int64(g.topo.SDKDelay)
	}
	g.coll.next = g.base + g.rng.expo(float64(g.topo.CollectorTimeout)/2)%int64(g.topo.CollectorTimeout)
}

func (g *generator) pickInstance(service string) *instance {
	list := g.inst[service]
	return list[g.rng.intn(len(list))]
}

func (g *generator) nextOrder() int {
	g.orders++
	return g.orders
}
