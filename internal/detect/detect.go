package detect

import (
	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// Options configure Detect. The zero value runs every rule and keeps every
// finding.
type Options struct {
	// Rules are the enabled rules by name (see Rules); nil enables all.
	// A disabled rule neither reports nor replaces another rule's finding.
	Rules map[string]bool
	// MinConfidence: findings below it are only counted (Result.Hidden).
	MinConfidence clock.Confidence
}

func (o *Options) enabled(name string) bool { return o.Rules == nil || o.Rules[name] }

// Result is what Detect found.
type Result struct {
	// Findings are those at or above MinConfidence, sorted by raw request
	// start, rule (byte order) and id (DESIGN §4).
	Findings []Finding
	// Hidden counts the findings below MinConfidence.
	Hidden int
}

// Detect applies the enabled rules to the operations of every trace
// (ops.Derive's output, one slice per trace), deciding every ordering with
// j (nil: clock.Zero(), raw times exactly). It is a pure function of its
// inputs, whatever their order: the same operations, shuffled, give the
// same Result. It reads the operations and the units and spans they point
// at, and never modifies them.
//
// Cost: sorting the operations, then work proportional to the operations
// and to the candidates each key's search yields (a read inside a job's
// window, a write between another unit's read and write, a mutation
// racing a fill), each judged once or twice. The search reaches as far,
// in raw time, as the clock bounds let an ordering hold (searchSkew).
// Every finding that is certain or likely is found; so is every possible
// one between hosts with two-sided bounds. Between hosts that no bound (or
// one bound only) ties together, any ordering is possible: those possible
// findings are only reported while they miss by no more than that reach.
func Detect(opsByTrace [][]ops.Op, j Judge, opts Options) Result {
	if j == nil {
		j = clock.Zero()
	}
	parts, jn, span := partition(opsByTrace)
	e := &env{jd: &judge{j: j, skew: searchSkew(j, span)}, jn: jn}
	var cands []*candidate
	pairs := newPairIndex()
	for _, k := range parts {
		cands = append(cands, checkKey(k, e, &opts)...)
		if opts.enabled(StaleRead) || opts.enabled(ReadYourWrites) || opts.enabled(PartialRead) {
			checkWindows(k, e, pairs)
		}
	}
	for _, p := range pairs.list {
		cands = append(cands, checkPair(p, e, &opts)...)
	}
	return result(cands, opts.MinConfidence)
}

// checkKey runs the enabled key rules over one key's partition.
func checkKey(k *keyOps, e *env, opts *Options) []*candidate {
	var out []*candidate
	for _, r := range keyRules {
		if opts.enabled(r.Info().Name) {
			out = append(out, r.checkKey(k, e)...)
		}
	}
	return out
}

// checkWindows runs the window rules over every (request, job) partition
// of one key, filing what they find under its pair. They run even when
// disabled, since partial-read combines their candidates; checkPair
// filters them.
func checkWindows(k *keyOps, e *env, pairs *pairIndex) {
	for _, j := range k.jobs {
		for _, g := range scanWindow(k, j, e.jd) {
			p := pairs.get(g.req, j.unit)
			for _, r := range windowRules {
				if c := r.checkWindow(g, e); c != nil {
					p.add(c)
				}
			}
		}
	}
}

// checkPair runs the pair rules over one (request, job) partition and
// applies the precedence between the enabled rules of the pair.
func checkPair(p *pairCands, e *env, opts *Options) []*candidate {
	var cands []*candidate
	for _, group := range [][]*candidate{p.stale, p.others} {
		for _, c := range group {
			if opts.enabled(c.rule.Name) {
				cands = append(cands, c)
			}
		}
	}
	for _, r := range pairRules {
		if opts.enabled(r.Info().Name) {
			if c := r.checkPair(p, e); c != nil {
				cands = append(cands, c)
			}
		}
	}
	return resolve(cands)
}

// pairIndex files candidates by (request, job), keeping the order in which
// pairs were first seen.
type pairIndex struct {
	byUnits map[[2]*stitch.Unit]*pairCands
	list    []*pairCands
}

func newPairIndex() *pairIndex {
	return &pairIndex{byUnits: make(map[[2]*stitch.Unit]*pairCands)}
}

func (x *pairIndex) get(req, job *stitch.Unit) *pairCands {
	k := [2]*stitch.Unit{req, job}
	p := x.byUnits[k]
	if p == nil {
		p = &pairCands{req: req, job: job}
		x.byUnits[k] = p
		x.list = append(x.list, p)
	}
	return p
}
