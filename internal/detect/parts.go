package detect

import (
	"runtime"
	"slices"
	"sync"

	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// minChunk is the fewest operations worth a goroutine of their own.
const minChunk = 4096

// buildParts builds one partition per bucket of byKey (cache operations
// bucketed by key, keys in byte order; runs[i] is the start of the i-th
// bucket, len(byKey) last), and lists the keys each request hits, in key
// order. Each partition is a pure function of its bucket, so the buckets
// are split into up to GOMAXPROCS contiguous chunks built concurrently
// (each sorting its own buckets in place); the parts and hits are then
// read back in key order, whatever the scheduling.
func buildParts(byKey []*ops.Op, runs []int) ([]*keyOps, []hitKey) {
	parts := make([]*keyOps, len(runs)-1)
	chunks := splitRuns(runs, runtime.GOMAXPROCS(0))
	hits := make([][]hitKey, len(chunks)-1)
	var wg sync.WaitGroup
	for c := range hits {
		wg.Go(func() {
			lo, hi := chunks[c], chunks[c+1]
			hits[c] = buildChunk(byKey[runs[lo]:runs[hi]], runs[lo:hi+1], parts[lo:hi])
		})
	}
	wg.Wait()
	return parts, slices.Concat(hits...)
}

// splitRuns returns the bounds (indexes into runs) of up to n chunks of
// runs holding about as many operations each, none smaller than minChunk
// unless it is the only one.
func splitRuns(runs []int, n int) []int {
	total := runs[len(runs)-1]
	n = max(1, min(n, total/minChunk))
	bounds := []int{0}
	for c := 1; c < n; c++ {
		at, _ := slices.BinarySearch(runs, total*c/n)
		if at > bounds[len(bounds)-1] && at < len(runs)-1 {
			bounds = append(bounds, at)
		}
	}
	return append(bounds, len(runs)-1)
}

// arena hands out the slices of one chunk's partitions from a few large
// allocations: every list it gives is capped to its final length.
type arena struct {
	ops   []*ops.Op
	ends  []int64
	units []unitOps
	ptrs  []*unitOps
	// scratch, reused from key to key
	unitOf []int32
	counts []opCounts
}

type opCounts struct{ reads, muts int }

// maxScan is the most units searched linearly; beyond, a map finds them.
const maxScan = 16

// buildChunk builds the partitions of the key runs of run (runs[i] −
// runs[0] is the start of the i-th) into parts, and returns the (request,
// key) hits in key order.
func buildChunk(run []*ops.Op, runs []int, parts []*keyOps) []hitKey {
	n := len(run)
	a := &arena{ops: make([]*ops.Op, 2*n), ends: make([]int64, n), units: make([]unitOps, 0, n), ptrs: make([]*unitOps, 0, n)}
	keys := make([]keyOps, len(parts))
	var hits []hitKey
	for i := range parts {
		k := &keys[i]
		a.build(k, run[runs[i]-runs[0]:runs[i+1]-runs[0]])
		parts[i] = k
		for _, u := range k.units {
			if u.unit.Kind == stitch.Request && hasHit(u.reads) {
				hits = append(hits, hitKey{unit: u.unit, key: k.key})
			}
		}
	}
	return hits
}

// build fills k from all, one key's operations, which it sorts in op
// order and deduplicates in place.
func (a *arena) build(k *keyOps, all []*ops.Op) {
	slices.SortFunc(all, compareOps)
	all = slices.CompactFunc(all, sameOp)
	k.key = all[0].Key
	first := len(a.units)
	k.byUnit = a.groupUnits(all)
	var hits, writes int
	for i, o := range all {
		c := &a.counts[a.unitOf[i]]
		switch {
		case o.Kind == ops.Read:
			c.reads++
			if o.Hit && o.Unit.Kind == stitch.Request {
				hits++
			}
		case o.Kind.IsMutation():
			c.muts++
			if o.Kind == ops.Write {
				writes++
			}
		}
	}
	us := a.units[first:len(a.units):len(a.units)]
	k.unitArr = us
	for i := range us {
		us[i].reads, a.ops = carve(a.ops, a.counts[i].reads)
		us[i].muts, a.ops = carve(a.ops, a.counts[i].muts)
	}
	k.hits, a.ops = carve(a.ops, hits)
	k.writes, a.ops = carve(a.ops, writes)
	k.writeEnds, a.ends = carve(a.ends, writes)
	for i, o := range all {
		k.file(&us[a.unitOf[i]], o)
	}
	for i := range us {
		a.ptrs = append(a.ptrs, &us[i])
	}
	k.units = a.ptrs[first:len(a.ptrs):len(a.ptrs)]
	slices.SortFunc(k.units, func(a, b *unitOps) int { return compareUnits(a.unit, b.unit) })
	k.jobs = jobsOf(k.units)
}

// groupUnits appends one unitOps per unit of all, in order of first
// appearance, sets unitOf[i] to all[i]'s (relative to the first appended)
// and counts to zeros. When there are more than maxScan operations, it
// returns the same relative indexes by unit (else nil: a linear scan finds
// them).
func (a *arena) groupUnits(all []*ops.Op) map[*stitch.Unit]int32 {
	first := len(a.units)
	a.unitOf = slices.Grow(a.unitOf[:0], len(all))[:len(all)]
	a.counts = a.counts[:0]
	var index map[*stitch.Unit]int32
	if len(all) > maxScan {
		index = make(map[*stitch.Unit]int32, len(all))
	}
	for i, o := range all {
		at := int32(-1)
		if index != nil {
			if j, ok := index[o.Unit]; ok {
				at = j
			}
		} else {
			for j := first; j < len(a.units); j++ {
				if a.units[j].unit == o.Unit {
					at = int32(j - first)
					break
				}
			}
		}
		if at < 0 {
			at = int32(len(a.units) - first)
			a.units = append(a.units, unitOps{unit: o.Unit})
			a.counts = append(a.counts, opCounts{})
			if index != nil {
				index[o.Unit] = at
			}
		}
		a.unitOf[i] = at
	}
	return index
}

// file adds one operation to the partition and to its unit's lists.
func (k *keyOps) file(u *unitOps, o *ops.Op) {
	switch {
	case o.Kind == ops.Read:
		u.reads = append(u.reads, o)
		if o.Hit && o.Unit.Kind == stitch.Request {
			k.hits = append(k.hits, o)
		}
	case o.Kind.IsMutation():
		u.muts = append(u.muts, o)
		if o.Kind == ops.Write {
			end := o.Span.End
			if n := len(k.writeEnds); n > 0 {
				end = max(end, k.writeEnds[n-1])
			}
			k.writes = append(k.writes, o)
			k.writeEnds = append(k.writeEnds, end)
		}
	}
}
