package ops

import "slices"

// infer decides, unit by unit, which reads missed and which sets are
// fills (DESIGN §5). The ops of a unit are taken in their order in ops
// (start, span ID, Seq); "the same key" means ops that conflict (same key,
// and the same hash field unless one of them names none). Keyless ops
// take no part.
//
//   - A read is a miss when the hit attribute says so, or when the next op
//     on its key in its unit is a set with a source read of the unit
//     between them; otherwise a hit. The attribute, when it speaks, wins
//     over the inference.
//   - A set is a fill when the previous op on its key in its unit is a
//     miss; otherwise a write. A set with no field follows every field
//     op on its key since the last whole-key op: it is a fill when any of
//     them missed.
//
// Each op is looked at once: the whole pass is linear in the ops, plus the
// field ops a whole-key set looks back at, each of which it forgets.
func (d *deriver) infer() {
	d.inferState.reset(len(d.tree.Units))
	for i := range d.ops {
		o, m := &d.ops[i], &d.meta[i]
		switch {
		case o.Kind == SourceRead:
			d.srcReads[m.unit]++
			continue
		case !o.Kind.IsCache() || o.Key == "":
			continue
		}
		m.srcAt = d.srcReads[m.unit]
		st := d.keyState(m.unit, o.Key)
		if o.Kind == Write && d.followsMiss(int32(i), st) {
			o.Kind = Fill
		}
		d.record(int32(i), st)
	}
}

// inferState is infer's scratch: where each key's last ops are.
type inferState struct {
	srcReads []int32 // source reads so far, by unit
	keys     map[unitKey]int32
	states   []keyState
	fields   map[fieldKey]int32 // the last op naming each field
}

type unitKey struct {
	unit int32
	key  string
}

type fieldKey struct {
	unit       int32
	key, field string
}

// keyState is where the last ops on one key of one unit are.
type keyState struct {
	whole int32 // the last op naming no field, or -1
	// followed is true once an op came after whole: whole's next op is
	// known, and no later set decides whether whole missed.
	followed bool
	fields   []int32 // ops naming a field since whole, oldest first
}

// reset empties the state for a trace of units units. Maps that grew large
// are dropped rather than cleared: clearing costs their capacity, and the
// next trace is usually small.
func (s *inferState) reset(units int) {
	const large = 1 << 12
	s.srcReads = slices.Grow(s.srcReads[:0], units)[:units]
	clear(s.srcReads)
	if s.keys == nil || len(s.keys) > large {
		s.keys = make(map[unitKey]int32)
	} else {
		clear(s.keys)
	}
	if s.fields == nil || len(s.fields) > large {
		s.fields = make(map[fieldKey]int32)
	} else {
		clear(s.fields)
	}
	s.states = s.states[:0]
}

// keyState returns the state of key in unit u, adding it if new.
func (s *inferState) keyState(u int32, key string) *keyState {
	k := unitKey{u, key}
	if j, ok := s.keys[k]; ok {
		return &s.states[j]
	}
	s.keys[k] = int32(len(s.states))
	if len(s.states) < cap(s.states) {
		s.states = s.states[:len(s.states)+1] // reuse the old fields buffer
	} else {
		s.states = append(s.states, keyState{})
	}
	st := &s.states[len(s.states)-1]
	st.whole, st.followed, st.fields = -1, false, st.fields[:0]
	return st
}

// followsMiss settles the reads set i follows (see infer) and reports
// whether one of them is a miss.
func (d *deriver) followsMiss(i int32, st *keyState) bool {
	o := &d.ops[i]
	if o.Field != "" {
		if j, ok := d.fields[fieldKey{d.meta[i].unit, o.Key, o.Field}]; ok && j > st.whole {
			return d.settle(j, i, true)
		}
		return d.settle(st.whole, i, !st.followed)
	}
	miss := d.settle(st.whole, i, !st.followed)
	for _, j := range st.fields {
		f := &d.ops[j]
		if d.fields[fieldKey{d.meta[j].unit, f.Key, f.Field}] == j { // still the last op on its field
			miss = d.settle(j, i, true) || miss
		}
	}
	return miss
}

// settle reports whether op j is a miss, set i coming after it. When next
// is true, i is j's next op on its key, and decides whether j, if an
// undecided read, missed: it did when a source read of the unit came
// between them.
func (d *deriver) settle(j, i int32, next bool) bool {
	if j < 0 || d.ops[j].Kind != Read {
		return false
	}
	if m := &d.meta[j]; next && !m.decided && m.srcAt < d.srcReads[d.meta[i].unit] {
		d.ops[j].Hit = false
	}
	return !d.ops[j].Hit
}

// record makes op i the last on its key (and field).
func (d *deriver) record(i int32, st *keyState) {
	o := &d.ops[i]
	if o.Field == "" {
		st.whole, st.followed, st.fields = i, false, st.fields[:0]
		return
	}
	st.followed = true
	d.fields[fieldKey{d.meta[i].unit, o.Key, o.Field}] = i
	st.fields = append(st.fields, i)
}
