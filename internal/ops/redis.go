package ops

import (
	"strings"

	"github.com/raceline/raceline/internal/trace"
)

// cacheSpan derives the ops of cache span i: one per key of every command
// the cache tables know (cache.go), sharing the span's times, Seq in line
// and argument order.
//
// The commands come from the statement (db.query.text, else db.statement),
// one per line; memcached statements are read up to the first line break
// only, as what follows is a stored value. Without a statement naming a
// known command, the span is one command named by db.operation.name (or
// db.operation), else by the first word of the span name, with no visible
// arguments.
//
// Inside MULTI … EXEC (or a batch whose operation name starts with MULTI,
// as OpenTelemetry Python writes a transaction), SET-family commands are
// atomic: a queued command cannot depend on a value read in the same
// transaction, and with WATCH the transaction fails rather than overwrite a
// change. Reads and invalidations inside keep their kind. Commands after
// DISCARD's MULTI are dropped.
//
// A key the statement hides ("?", or left out) is taken from the first
// present key attribute when the span has exactly one op; otherwise it
// stays "". Likewise the hit attribute decides hit or miss only when the
// span has exactly one read: it cannot say which key of an MGET missed.
func (d *deriver) cacheSpan(i int32, memcached bool) {
	sp := d.tree.Span(i)
	table := redisCommands
	if memcached {
		table = memcachedCommands
	}
	d.first = len(d.ops)
	tx := txState{in: firstWordIs(firstAttr(sp, operationAttrs[:]), "MULTI"), start: d.first}
	if !d.statement(i, sp, table, memcached, &tx) {
		for _, name := range [...]string{firstAttr(sp, operationAttrs[:]), sp.Name} {
			if c := lookup(table, firstWord(name)); c != nil {
				d.command(i, c, commandLine{name: name, hidden: unknownHidden}, &tx)
				break
			}
		}
	}
	d.finishSpan(sp)
}

// txState tracks MULTI … EXEC across the lines of one span.
type txState struct {
	in    bool
	start int // len(ops) at MULTI
}

// statement derives the commands of the span's statement, and reports
// whether it knew any of them.
func (d *deriver) statement(i int32, sp *trace.Span, table map[string]*command, memcached bool, tx *txState) bool {
	known := false
	for line, rest := nextLine(firstAttr(sp, statementAttrs[:])); line != ""; line, rest = nextLine(rest) {
		cl := parseLine(line, d.args)
		d.args = cl.args[:0] // keep the grown buffer
		if c := lookup(table, cl.name); c != nil {
			known = true
			d.command(i, c, cl, tx)
		}
		if memcached {
			break
		}
	}
	return known
}

// command derives the ops of one command.
func (d *deriver) command(i int32, c *command, cl commandLine, tx *txState) {
	switch c.family {
	case famMulti:
		tx.in, tx.start = true, len(d.ops)
		return
	case famExec:
		tx.in = false
		return
	case famDiscard:
		if tx.in {
			d.ops, d.meta = d.ops[:tx.start], d.meta[:tx.start]
		}
		tx.in = false
		return
	}
	kind := d.kindOf(d.tree.Span(i), c, cl, tx.in)
	if kind == 0 {
		return
	}
	d.slots = slotsOf(c, cl, d.slots[:0])
	for _, s := range d.slots {
		if !s.masked {
			s.key = d.applyPattern(s.key)
		}
		d.emit(i, kind, c.name, s)
	}
}

// kindOf is the kind of ops a command yields, or 0 for none.
func (d *deriver) kindOf(sp *trace.Span, c *command, cl commandLine, inTx bool) Kind {
	switch c.family {
	case famRead:
		return Read
	case famSet:
		if inTx || (c.atomicIf != "" && hasOption(cl.args, c.atomicIf)) {
			return Atomic
		}
		return Write // infer turns it into a Fill after a miss
	case famInvalidate:
		return Invalidate
	case famAtomic:
		return Atomic
	case famExpire:
		if len(cl.args) > 1 && !cl.args[1].masked && expires(c.ttl, cl.args[1].text, sp.Start) {
			return Invalidate
		}
	}
	return 0
}

// hasOption reports whether an option after the key and value (SET's
// arguments) is opt.
func hasOption(args []token, opt string) bool {
	for i := 2; i < len(args); i++ {
		if strings.EqualFold(args[i].text, opt) {
			return true
		}
	}
	return false
}

// finishSpan fills in the key and hit attributes of the span's ops (see
// cacheSpan).
func (d *deriver) finishSpan(sp *trace.Span) {
	ops, meta := d.ops[d.first:], d.meta[d.first:]
	if len(ops) == 1 && meta[0].masked {
		if key := firstAttr(sp, d.keyAttrs); key != "" {
			ops[0].Key = d.applyPattern(key)
		}
	}
	v, ok := sp.Attr(d.hitAttr)
	if !ok {
		return
	}
	hit, known := hitValue(v)
	read := -1
	for j := range ops {
		if ops[j].Kind == Read {
			if read >= 0 {
				return // several reads: the attribute cannot say which missed
			}
			read = j
		}
	}
	if known && read >= 0 {
		ops[read].Hit, meta[read].decided = hit, true
	}
}

// firstWord returns s up to its first space.
func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

func firstWordIs(s, word string) bool { return strings.EqualFold(firstWord(s), word) }
