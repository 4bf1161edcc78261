package scenario

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/raceline/raceline/testdata/e2e/shop"
	"github.com/raceline/raceline/testdata/e2e/truth"
)

// Options control a run.
type Options struct {
	Seed     int64
	Reps     int // instances of each scenario
	Parallel int // instances running at once
	Traffic  int // workers of ordinary traffic
	Logf     func(format string, args ...any)
}

// The ID layout: shared users and products first, then each traffic
// worker's own, then the scenarios'.
const (
	sharedUsers    = 12
	sharedProducts = 8
	ownUsers       = 3 // per traffic worker
	ownProducts    = 2 // per traffic worker
	usersPerInst   = 3 // at most, per scenario instance
	productsPerIns = 1
)

// SeedSize is the data a run with o needs.
func SeedSize(o Options) shop.Seed {
	inst := len(Scenarios) * o.Reps
	return shop.Seed{
		Users:    sharedUsers + ownUsers*o.Traffic + usersPerInst*inst,
		Products: sharedProducts + ownProducts*o.Traffic + productsPerIns*inst,
	}
}

// Run runs o.Reps instances of every scenario, o.Parallel at a time in a
// seeded random order, with ordinary traffic around them, against the API
// d calls; rec must see every span the shop records. It returns the
// ground truth, sorted by case name.
func Run(ctx context.Context, d *Driver, rec *Recorder, o Options) (*truth.Set, error) {
	logf := o.Logf
	if logf == nil {
		logf = func(string, ...any) {}
	}
	size := SeedSize(o)
	firstUser := int64(sharedUsers + ownUsers*o.Traffic + 1)
	firstProduct := int64(sharedProducts + ownProducts*o.Traffic + 1)
	env := &Env{Driver: d, Rec: rec, Users: NewIDs(firstUser, int64(size.Users)),
		Products: NewIDs(firstProduct, int64(size.Products))}

	tctx, stopTraffic := context.WithCancel(ctx)
	trafficErr := startTraffic(tctx, d, o)
	set, err := runInstances(ctx, env, o, logf)
	stopTraffic()
	return set, errors.Join(err, trafficErr())
}

// startTraffic starts o.Traffic workers; the function it returns waits
// for them (after ctx is cancelled) and returns their first error.
func startTraffic(ctx context.Context, d *Driver, o Options) func() error {
	var wg sync.WaitGroup
	errs := make([]error, o.Traffic)
	for w := range o.Traffic {
		t := &traffic{d: d, rng: rand.New(rand.NewPCG(uint64(o.Seed), uint64(1000+w))), name: fmt.Sprint(w)}
		for i := range ownUsers {
			t.own = append(t.own, int64(sharedUsers+w*ownUsers+i+1))
		}
		for i := range ownProducts {
			t.ownProducts = append(t.ownProducts, int64(sharedProducts+w*ownProducts+i+1))
		}
		for i := range sharedUsers {
			t.shared = append(t.shared, int64(i+1))
		}
		for i := range sharedProducts {
			t.sharedProds = append(t.sharedProds, int64(i+1))
		}
		wg.Go(func() { errs[w] = t.run(ctx) })
	}
	return func() error {
		wg.Wait()
		return errors.Join(errs...)
	}
}

// instance is one planned scenario instance.
type instance struct {
	sc  Scenario
	rep int
}

// runInstances runs every instance, o.Parallel at a time.
func runInstances(ctx context.Context, env *Env, o Options, logf func(string, ...any)) (*truth.Set, error) {
	var plan []instance
	for rep := 1; rep <= o.Reps; rep++ {
		for _, sc := range Scenarios {
			plan = append(plan, instance{sc, rep})
		}
	}
	rand.New(rand.NewPCG(uint64(o.Seed), 0)).Shuffle(len(plan), func(i, j int) { plan[i], plan[j] = plan[j], plan[i] })
	set := &truth.Set{Seed: o.Seed, Reps: o.Reps, Cases: make([]truth.Case, len(plan))}
	errs := make([]error, len(plan))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, o.Parallel) {
		wg.Go(func() {
			for i := range next {
				set.Cases[i], errs[i] = runOne(ctx, env, o.Seed, plan[i])
				logf("%-36s valid=%-5v %v", set.Cases[i].Name, set.Cases[i].Valid, set.Cases[i].Margins)
			}
		})
	}
	for i := range plan {
		next <- i
	}
	close(next)
	wg.Wait()
	set.Sort()
	return set, errors.Join(errs...)
}

// runOne runs one instance with its own random source, derived from the
// seed and the instance's name.
func runOne(ctx context.Context, env *Env, seed int64, in instance) (truth.Case, error) {
	name := fmt.Sprintf("%s/%d", in.sc.Name, in.rep)
	h := fnv.New64a()
	h.Write([]byte(name))
	s := &step{ctx: ctx, env: env, rng: rand.New(rand.NewPCG(uint64(seed), h.Sum64())), rep: in.rep,
		c: truth.Case{Name: name, Scenario: in.sc.Name, Rule: in.sc.Rule, Valid: true, Margins: map[string]float64{}}}
	start := time.Now()
	in.sc.run(s)
	if s.err != nil {
		s.c.Valid = false
		s.c.Note += fmt.Sprintf("error: %v; ", s.err)
	}
	s.c.Margins["duration"] = float64(time.Since(start).Milliseconds())
	return s.c, s.err
}
