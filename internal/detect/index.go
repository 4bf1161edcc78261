package detect

import (
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
}

// unitOps are one unit's operations on one key, in op order.
type unitOps struct {
	unit  *stitch.Unit
	reads []*ops.Op
	muts  []*ops.Op // writes, fills, invalidations and atomic commands
}

// unitKey names one unit's operations on one key.
type unitKey struct {
	unit *stitch.Unit
	key  string
}

// joins are what a partition may look up outside itself, as a partitioned
// run would join them in: each unit's source operations (stale fills), and
// for the (request, job) stage each unit's reads and each job's mutations
// of every key, and the keys each request hits.
type joins struct {
	sources map[*stitch.Unit]*sourceOps
	reads   map[unitKey][]*ops.Op
	muts    map[unitKey][]*ops.Op
	hitKeys map[*stitch.Unit][]string // sorted
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
func partition(opsByTrace [][]ops.Op) ([]*keyOps, *joins, int64) {
	byKey := make(map[string][]*ops.Op)
	jn := &joins{sources: make(map[*stitch.Unit]*sourceOps), reads: make(map[unitKey][]*ops.Op),
		muts: make(map[unitKey][]*ops.Op), hitKeys: make(map[*stitch.Unit][]string)}
	lo, hi := int64(0), int64(0)
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
			jn.add(byKey, o)
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]*keyOps, len(keys))
	for i, k := range keys {
		parts[i] = newKeyOps(k, byKey[k], jn)
	}
	jn.sortSources()
	return parts, jn, gap(lo, hi)
}

// usable reports whether an operation can take part: it has a span and a
// unit with a root span.
func usable(o *ops.Op) bool {
	u := o.Unit
	return o.Span != nil && u != nil && u.Trace != nil && u.Root >= 0 && int(u.Root) < len(u.Trace.Spans) &&
		o.Span.End >= o.Span.Start
}

// add files one usable operation: cache operations by key, source
// operations by unit.
func (jn *joins) add(byKey map[string][]*ops.Op, o *ops.Op) {
	switch {
	case o.Kind.IsCache() && o.Key != "":
		byKey[o.Key] = append(byKey[o.Key], o)
	case o.Kind == ops.SourceRead || o.Kind == ops.SourceWrite:
		s := jn.sources[o.Unit]
		if s == nil {
			s = &sourceOps{}
			jn.sources[o.Unit] = s
		}
		if o.Kind == ops.SourceRead {
			s.reads = append(s.reads, o)
		} else {
			s.writes = append(s.writes, o)
		}
	}
}

func (jn *joins) sortSources() {
	for _, s := range jn.sources {
		slices.SortFunc(s.reads, compareOps)
		slices.SortFunc(s.writes, compareOps)
	}
}

// newKeyOps builds one key's partition and files its reads and job
// mutations in the joins.
func newKeyOps(key string, all []*ops.Op, jn *joins) *keyOps {
	slices.SortFunc(all, compareOps)
	all = slices.CompactFunc(all, sameOp)
	k := &keyOps{key: key}
	byUnit := make(map[*stitch.Unit]*unitOps)
	for _, o := range all {
		u := byUnit[o.Unit]
		if u == nil {
			u = &unitOps{unit: o.Unit}
			byUnit[o.Unit] = u
			k.units = append(k.units, u)
		}
		k.file(u, o)
	}
	slices.SortFunc(k.units, func(a, b *unitOps) int { return compareUnits(a.unit, b.unit) })
	k.jobs = jobsOf(k.units)
	for _, u := range k.units {
		if len(u.reads) > 0 {
			jn.reads[unitKey{u.unit, key}] = u.reads
		}
		if u.unit.Kind == stitch.Request && hasHit(u.reads) {
			jn.hitKeys[u.unit] = append(jn.hitKeys[u.unit], key)
		}
	}
	for _, j := range k.jobs {
		jn.muts[unitKey{j.unit, key}] = j.muts
	}
	return k
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

// jobsOf returns the job units that mutate the key, each sibling of a job
// root linking several producers on its own, in unit order.
func jobsOf(units []*unitOps) []*unitOps {
	var jobs []*unitOps
	seen := make(map[*stitch.Unit]bool)
	for _, u := range units {
		if u.unit.Kind != stitch.Job || len(u.muts) == 0 {
			continue
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
