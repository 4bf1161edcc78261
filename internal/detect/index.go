package detect

import (
	"cmp"
	"slices"

	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// keyOps is one cache key's partition: every cache operation on the key,
// in op order (compareOps), and the same operations grouped by unit.
type keyOps struct {
	key string
	// hits are the reads that hit, by requests: where stale reads are
	// searched.
	hits []*ops.Op
	// units are the units touching the key, in unit order.
	units []*unitOps
	// jobs are the job units mutating the key, in unit order. A job root
	// linking N producers is N jobs sharing the same mutations, each with
	// its own enqueue.
	jobs []*unitOps
	// writes are the SET-family writes (not fills, not atomic), and
	// writeEnds the running maximum of their ends: a write ending after t
	// can only be at or after the first index whose running maximum
	// reaches t.
	writes    []*ops.Op
	writeEnds []int64
	// unitArr holds the units in order of first appearance, and byUnit,
	// when the key has many operations, their indexes: how the joins find
	// a unit's reads (see findUnit).
	unitArr []unitOps
	byUnit  map[*stitch.Unit]int32
}

// unitOps are one unit's operations on one key, in op order.
type unitOps struct {
	unit  *stitch.Unit
	reads []*ops.Op
	muts  []*ops.Op // writes, fills, invalidations and atomic commands
}

// joins are what a partition may look up outside itself, as a partitioned
// run would join them in: each unit's source operations (stale fills), and
// for the (request, job) stage each unit's reads and each job's mutations
// of every key, and the keys each request hits. The partitions are read
// only; lookups go through the methods below.
type joins struct {
	parts   []*keyOps // by key
	sources byUnit[*sourceOps]
	hits    byUnit[[]string] // the keys each request hits, sorted
}

// byUnit files values by unit: one map lookup finds a value's index.
type byUnit[T any] struct {
	index map[*stitch.Unit]int32
	vals  []T
}

// get returns u's value, or the zero value.
func (b *byUnit[T]) get(u *stitch.Unit) T {
	if i, ok := b.index[u]; ok {
		return b.vals[i]
	}
	var zero T
	return zero
}

// group returns the index of each of n values' units (unitOf(i) is the
// i-th's) in b.index, adding the units it has not seen, in order of first
// appearance; b.vals is left empty with room for one value per unit.
func (b *byUnit[T]) group(n int, unitOf func(int) *stitch.Unit) []int32 {
	b.index = make(map[*stitch.Unit]int32, n)
	of := make([]int32, n)
	for i := range n {
		u := unitOf(i)
		j, ok := b.index[u]
		if !ok {
			j = int32(len(b.index))
			b.index[u] = j
		}
		of[i] = j
	}
	b.vals = make([]T, len(b.index))
	return of
}

// sourceOps are one unit's reads and writes of the source of truth, in op
// order.
type sourceOps struct {
	reads, writes []*ops.Op
}

// partition groups the operations by cache key (keys in byte order) and
// builds the joins. Operations without a key, span or unit take no part;
// source operations matter only through the joins. It also returns the
// raw time range the operations cover.
//
// The cache operations are bucketed by key rank, and each key's partition
// is then built from its bucket alone (a pure function of it), on up to
// GOMAXPROCS goroutines (see buildParts).
func partition(opsByTrace [][]ops.Op) ([]*keyOps, *joins, int64) {
	cache, source, lo, hi := collect(opsByTrace)
	byKey, runs := groupByKey(cache)
	parts, hits := buildParts(byKey, runs)
	jn := &joins{parts: parts, sources: groupSources(source), hits: groupHits(hits)}
	return parts, jn, gap(lo, hi)
}

// collect returns the usable cache operations with a key and the usable
// source operations, and the raw time range of every usable operation.
func collect(opsByTrace [][]ops.Op) (cache, source []*ops.Op, lo, hi int64) {
	n := 0
	for _, tr := range opsByTrace {
		n += len(tr)
	}
	cache = make([]*ops.Op, 0, n)
	first := true
	for _, tr := range opsByTrace {
		for i := range tr {
			o := &tr[i]
			if !usable(o) {
				continue
			}
			if first || o.Span.Start < lo {
				lo = o.Span.Start
			}
			if first || o.Span.End > hi {
				hi = o.Span.End
			}
			first = false
			switch {
			case o.Kind.IsCache() && o.Key != "":
				cache = append(cache, o)
			case o.Kind == ops.SourceRead || o.Kind == ops.SourceWrite:
				source = append(source, o)
			}
		}
	}
	return cache, source, lo, hi
}

// groupByKey returns the operations bucketed by key, keys in byte order
// (each bucket in no particular order), and the start of each bucket,
// len(cache) last. Only the distinct keys are sorted.
func groupByKey(cache []*ops.Op) ([]*ops.Op, []int) {
	ids := make(map[string]int32, len(cache))
	var keys []string
	of := make([]int32, len(cache))
	for i, o := range cache {
		id, ok := ids[o.Key]
		if !ok {
			id = int32(len(keys))
			ids[o.Key] = id
			keys = append(keys, o.Key)
		}
		of[i] = id
	}
	byRank := make([]int32, len(keys))
	for i := range byRank {
		byRank[i] = int32(i)
	}
	slices.SortFunc(byRank, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
	rank := make([]int32, len(keys))
	for r, id := range byRank {
		rank[id] = int32(r)
	}
	runs := make([]int, len(keys)+1)
	for _, id := range of {
		runs[rank[id]+1]++
	}
	for r := 1; r < len(runs); r++ {
		runs[r] += runs[r-1]
	}
	next := slices.Clone(runs[:len(keys)])
	out := make([]*ops.Op, len(cache))
	for i, o := range cache {
		r := rank[of[i]]
		out[next[r]] = o
		next[r]++
	}
	return out, runs
}

// usable reports whether an operation can take part: it has a span and a
// unit with a root span.
func usable(o *ops.Op) bool {
	u := o.Unit
	return o.Span != nil && u != nil && u.Trace != nil && u.Root >= 0 && int(u.Root) < len(u.Trace.Spans) &&
		o.Span.End >= o.Span.Start
}

// groupSources files the source operations by unit, each list in op
// order. The lists share one backing array, each capped to its length.
func groupSources(src []*ops.Op) byUnit[*sourceOps] {
	var b byUnit[*sourceOps]
	of := b.group(len(src), func(i int) *stitch.Unit { return src[i].Unit })
	reads := make([]int, len(b.vals))
	for i, o := range src {
		if o.Kind == ops.SourceRead {
			reads[of[i]]++
		}
	}
	writes := make([]int, len(b.vals))
	for i, o := range src {
		if o.Kind != ops.SourceRead {
			writes[of[i]]++
		}
	}
	all := make([]sourceOps, len(b.vals))
	arena := make([]*ops.Op, len(src))
	for i := range all {
		all[i].reads, arena = carve(arena, reads[i])
		all[i].writes, arena = carve(arena, writes[i])
	}
	for i, o := range src {
		s := &all[of[i]]
		if o.Kind == ops.SourceRead {
			s.reads = append(s.reads, o)
		} else {
			s.writes = append(s.writes, o)
		}
	}
	for i := range all {
		s := &all[i]
		slices.SortFunc(s.reads, compareOps)
		slices.SortFunc(s.writes, compareOps)
		b.vals[i] = s
	}
	return b
}

// carve cuts an empty slice of capacity n off the front of arena, or
// returns nil when n is 0 (as appending to a nil slice would leave it).
func carve[T any](arena []T, n int) ([]T, []T) {
	if n == 0 {
		return nil, arena
	}
	return arena[:0:n], arena[n:]
}

// hitKey is one request hitting one key.
type hitKey struct {
	unit *stitch.Unit
	key  string
}

// groupHits files the keys each request hits, in the order given (key
// order). The lists share one backing array, each capped to its length.
func groupHits(hits []hitKey) byUnit[[]string] {
	var b byUnit[[]string]
	of := b.group(len(hits), func(i int) *stitch.Unit { return hits[i].unit })
	counts := make([]int, len(b.vals))
	for _, j := range of {
		counts[j]++
	}
	arena := make([]string, len(hits))
	for j, n := range counts {
		b.vals[j], arena = carve(arena, n)
	}
	for i, h := range hits {
		b.vals[of[i]] = append(b.vals[of[i]], h.key)
	}
	return b
}

// part returns the key's partition, or nil.
func (jn *joins) part(key string) *keyOps {
	i, ok := slices.BinarySearchFunc(jn.parts, key, func(k *keyOps, key string) int { return cmp.Compare(k.key, key) })
	if !ok {
		return nil
	}
	return jn.parts[i]
}

// reads returns u's reads of the key in op order, or nil.
func (jn *joins) reads(u *stitch.Unit, key string) []*ops.Op {
	if k := jn.part(key); k != nil {
		if uo := k.findUnit(u); uo != nil && len(uo.reads) > 0 {
			return uo.reads
		}
	}
	return nil
}

// muts returns job j's mutations of the key in op order, or nil.
func (jn *joins) muts(j *stitch.Unit, key string) []*ops.Op {
	if k := jn.part(key); k != nil {
		if uo := findUnit(k.jobs, j); uo != nil {
			return uo.muts
		}
	}
	return nil
}

// findUnit returns u's entry in k.units, or nil.
func (k *keyOps) findUnit(u *stitch.Unit) *unitOps {
	if k.byUnit != nil {
		if i, ok := k.byUnit[u]; ok {
			return &k.unitArr[i]
		}
		return nil
	}
	for i := range k.unitArr {
		if k.unitArr[i].unit == u {
			return &k.unitArr[i]
		}
	}
	return nil
}

// findUnit returns u's entry in us (in unit order), or nil.
func findUnit(us []*unitOps, u *stitch.Unit) *unitOps {
	if len(us) <= maxScan {
		for _, x := range us {
			if x.unit == u {
				return x
			}
		}
		return nil
	}
	i, _ := slices.BinarySearchFunc(us, u, func(x *unitOps, u *stitch.Unit) int { return compareUnits(x.unit, u) })
	for ; i < len(us) && compareUnits(us[i].unit, u) == 0; i++ {
		if us[i].unit == u {
			return us[i]
		}
	}
	return nil
}

// jobsOf returns the job units that mutate the key, each sibling of a job
// root linking several producers on its own, in unit order.
func jobsOf(units []*unitOps) []*unitOps {
	var jobs []*unitOps
	var seen map[*stitch.Unit]bool
	for _, u := range units {
		if u.unit.Kind != stitch.Job || len(u.muts) == 0 {
			continue
		}
		if seen == nil {
			seen = make(map[*stitch.Unit]bool)
		}
		for _, s := range siblings(u.unit) {
			if !seen[s] {
				seen[s] = true
				jobs = append(jobs, &unitOps{unit: s, reads: u.reads, muts: u.muts})
			}
		}
	}
	slices.SortFunc(jobs, func(a, b *unitOps) int { return compareUnits(a.unit, b.unit) })
	return jobs
}

// siblings returns the job units sharing u's root (one per link), or u
// alone: operations name only the first of them.
func siblings(u *stitch.Unit) []*stitch.Unit {
	t := u.Tree()
	if t == nil || int(u.Root) >= len(t.Unit) {
		return []*stitch.Unit{u}
	}
	var out []*stitch.Unit
	for _, s := range t.UnitsOf(u.Root) {
		if s.Kind == stitch.Job {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return []*stitch.Unit{u}
	}
	return out
}

func hasHit(reads []*ops.Op) bool {
	return slices.ContainsFunc(reads, func(o *ops.Op) bool { return o.Hit })
}
