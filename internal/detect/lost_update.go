package detect

import (
	"slices"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// lostUpdate is lost-update (DESIGN §5): unit B hit-reads K, then writes
// K (a SET-family write: not a fill, not atomic), and another unit X wrote
// K after B's read ended and before B's write started. B overwrote X's
// update without having seen it. For each write of B, one finding against
// the last such X (the strongest, the latest of equals); request is X,
// the other party B. Atomic commands never take part, and a fill is never
// B's write, so two concurrent fills (a stampede) are no lost update.
type lostUpdate struct{}

func (lostUpdate) Info() RuleInfo { return lostUpdateInfo }

func (lostUpdate) checkKey(k *keyOps, e *env) []*candidate {
	var out []*candidate
	for _, u := range k.units {
		for _, w := range u.muts {
			if w.Kind != ops.Write {
				continue
			}
			r := lastBefore(u.reads, w, func(r *ops.Op) bool { return r.Conflicts(w) })
			if r == nil || !r.Hit {
				continue // no read, or a blind write after a miss: no read-modify-write
			}
			if c := overwritten(k, u.unit, r, w, e); c != nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// overwritten finds the last write of K by another unit between B's read
// r and its write w. Writes are searched backwards from the last that may
// start before w ends, as long as one may still end after r starts.
func overwritten(k *keyOps, b *stitch.Unit, r, w *ops.Op, e *env) *candidate {
	hi, _ := slices.BinarySearchFunc(k.writes, addSat(w.Span.End, e.jd.skew+1), startCmp)
	lo := addSat(r.Span.Start, -e.jd.skew)
	var x *ops.Op
	var v verdict
	for i := hi - 1; i >= 0 && k.writeEnds[i] >= lo; i-- {
		c := k.writes[i]
		if c.Unit == b || !c.Conflicts(w) || c.Span.End < lo {
			continue
		}
		cv := e.jd.decide(opBefore(r, c), opBefore(c, w))
		if cv.conf != clock.None && (x == nil || cv.conf > v.conf) {
			x, v = c, cv
		}
		if v.conf == clock.Certain {
			break
		}
	}
	if x == nil {
		return nil
	}
	c := &candidate{rule: lostUpdateInfo, v: v, key: w.Key, keys: []string{w.Key}, req: x.Unit,
		events: opEvents(r, x, w)}
	c.withParty(b)
	c.say = func() string {
		xn := unitName(x.Unit)
		return unitName(b) + " wrote " + w.Key + " " + gapText(w.Span.Start-x.Span.End, "after") + " " + xn +
			" did, from a value it read " + gapText(x.Span.Start-r.Span.End, "before") + " that write: " +
			xn + "'s update is lost"
	}
	return c
}
