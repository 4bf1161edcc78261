package ops

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
	"sync"

	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// Derive returns the operations of one stitched trace (DESIGN §5), sorted
// by (start, span ID, Seq), with the counts stats reports. It is a pure
// function of t and opts, safe to call on several trees at once; the ops
// point into t's spans and units.
//
// Cache spans are those whose db.system.name (or db.system) is one of
// opts.CacheSystems, or that opts.IsCache accepts; every other span with a
// db.system, or that opts.IsSource accepts, is a source span. Duplicate
// spans produce nothing. See cacheSpan and sourceSpan for what each span
// yields, and infer for hits, misses and fills.
func Derive(t *stitch.Tree, opts Options) ([]Op, Stats) {
	d := derivers.Get().(*deriver)
	defer d.release()
	d.start(t, opts)
	d.collect()
	for _, c := range d.spans {
		if c.class == sourceClass {
			d.sourceSpan(c.span)
		} else {
			d.cacheSpan(c.span, c.class == memcachedClass)
		}
	}
	d.infer()
	// One allocation of the exact size: the scratch grew by doubling.
	return slices.Clone(d.ops), d.stats()
}

// derivers recycles the scratch space of Derive between calls.
var derivers = sync.Pool{New: func() any { return new(deriver) }}

// deriver holds one Derive call's state, reused by the next call.
type deriver struct {
	tree     *stitch.Tree
	opts     Options
	keyAttrs []string
	hitAttr  string

	spans []candidate
	ops   []Op
	meta  []opMeta // parallel to ops
	first int      // index in ops of the current span's first op
	args  []token
	slots []slot
	inferState
}

// spanClass says how a span's operations are read.
type spanClass uint8

const (
	redisClass spanClass = iota + 1
	memcachedClass
	sourceClass
)

// candidate is a span that may carry operations.
type candidate struct {
	span  int32
	class spanClass
}

// opMeta is what Derive keeps about an op besides the Op itself.
type opMeta struct {
	unit    int32 // index in Tree.Units
	srcAt   int32 // source reads of the unit before the op (infer)
	masked  bool  // the statement hid the key
	decided bool  // a read whose hit the hit attribute gave
}

func (d *deriver) start(t *stitch.Tree, opts Options) {
	d.tree, d.opts = t, opts // a copy: a pointer would make every call allocate opts
	d.keyAttrs, d.hitAttr = opts.keyAttributes(), opts.hitAttribute()
	d.spans, d.ops, d.meta = d.spans[:0], d.ops[:0], d.meta[:0]
}

// release returns the deriver to the pool, dropping what points into the
// caller's data.
func (d *deriver) release() {
	d.tree, d.opts, d.keyAttrs = nil, Options{}, nil
	clear(d.ops)
	clear(d.args[:cap(d.args)])
	clear(d.slots[:cap(d.slots)])
	d.inferState.reset(0)
	derivers.Put(d)
}

// collect lists the spans that may carry operations in the order of their
// operations: (start, span ID, input index).
func (d *deriver) collect() {
	spans := d.tree.Trace.Spans
	for i := range spans {
		if d.tree.Duplicate[i] || d.tree.Unit[i] < 0 {
			continue
		}
		if class := d.classify(&spans[i]); class != 0 {
			d.spans = append(d.spans, candidate{int32(i), class})
		}
	}
	slices.SortFunc(d.spans, func(a, b candidate) int {
		sa, sb := &spans[a.span], &spans[b.span]
		if c := cmp.Compare(sa.Start, sb.Start); c != 0 {
			return c
		}
		if c := cmp.Compare(binary.BigEndian.Uint64(sa.SpanID[:]), binary.BigEndian.Uint64(sb.SpanID[:])); c != 0 {
			return c
		}
		return cmp.Compare(a.span, b.span)
	})
}

// classify says whether sp is a cache span (and which protocol), a source
// span, or neither (0).
func (d *deriver) classify(sp *trace.Span) spanClass {
	system := firstAttr(sp, systemAttrs[:])
	for _, c := range d.opts.cacheSystems() {
		if system != "" && strings.EqualFold(system, c) {
			if strings.EqualFold(system, "memcached") {
				return memcachedClass
			}
			return redisClass
		}
	}
	switch {
	case d.opts.IsCache != nil && d.opts.IsCache(sp):
		return redisClass
	case system != "" || (d.opts.IsSource != nil && d.opts.IsSource(sp)):
		return sourceClass
	}
	return 0
}

// emit appends one op of span i.
func (d *deriver) emit(i int32, kind Kind, cmd string, s slot) {
	u := d.tree.Unit[i]
	d.ops = append(d.ops, Op{
		Kind: kind, Key: s.key, Field: s.field, Hit: kind == Read, Command: cmd,
		Span: d.tree.Span(i), Unit: d.tree.Units[u], Seq: len(d.ops) - d.first,
	})
	d.meta = append(d.meta, opMeta{unit: u, masked: s.masked})
}

// applyPattern applies Options.KeyPattern to a key: the group named "key",
// else the first group, else the whole match; a key it does not match, or
// whose group is empty, is kept as it is.
func (d *deriver) applyPattern(key string) string {
	re := d.opts.KeyPattern
	if re == nil {
		return key
	}
	m := re.FindStringSubmatchIndex(key)
	if m == nil {
		return key
	}
	g := min(re.NumSubexp(), 1)
	if i := re.SubexpIndex("key"); i > 0 {
		g = i
	}
	if m[2*g] < 0 || m[2*g] == m[2*g+1] {
		return key
	}
	return key[m[2*g]:m[2*g+1]]
}

func (d *deriver) stats() Stats {
	var s Stats
	for i := range d.ops {
		if d.ops[i].Kind.IsCache() {
			s.CacheOps++
			if d.ops[i].Key == "" {
				s.CacheOpsWithoutKey++
			}
		}
	}
	return s
}
