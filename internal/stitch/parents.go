package stitch

// linkParents sets Parent for every kept span, marking orphans and counting
// self-parents. Cycles are left for breakCycles.
func (t *Tree) linkParents() {
	for i := range t.Parent {
		t.Parent[i] = -1
		t.Depth[i] = -1
		if !t.Duplicate[i] {
			t.linkParent(int32(i))
		}
	}
}

func (t *Tree) linkParent(i int32) {
	sp := t.Span(i)
	if sp.Shared {
		// A shared server half hangs under its client, the non-shared span
		// with its ID; only without one does its parent ID count.
		if c := t.Lookup(sp.SpanID); c >= 0 && !t.Span(c).Shared {
			t.Parent[i] = c
			return
		}
		if sp.ParentID == sp.SpanID { // names its own, missing, client
			t.orphan(i, true)
			return
		}
	}
	switch {
	case sp.ParentID.IsZero():
	case sp.ParentID == sp.SpanID:
		t.Counts.SelfParents++
		t.orphan(i, false)
	default:
		if p := t.parentNamed(sp.ParentID); p >= 0 {
			t.Parent[i] = p
		} else {
			t.orphan(i, true)
		}
	}
}

// orphan makes span i an orphan root; missing says its parent is not in the
// trace. linkParents visits spans in input order, so missing stays sorted.
func (t *Tree) orphan(i int32, missing bool) {
	t.Parent[i] = -1
	t.Orphan[i] = true
	if missing {
		t.missing = append(t.missing, i)
	}
}

// The states of a span while breakCycles walks up parent chains.
const (
	unvisited uint8 = iota
	onPath
	settled
)

// breakCycles finds every parent cycle and cuts it at its member that
// starts first (ties: span ID, then input index), which becomes an orphan
// root; the other members stay its descendants. Each span is walked once:
// a chain stops at the first span already settled. state is n long and
// zeroed; path is scratch.
func (t *Tree) breakCycles(state []uint8, path []int32) {
	for i := range t.Parent {
		if t.Duplicate[i] || state[i] != unvisited {
			continue
		}
		path = path[:0]
		j := int32(i)
		for j >= 0 && state[j] == unvisited {
			state[j] = onPath
			path = append(path, j)
			j = t.Parent[j]
		}
		if j >= 0 && state[j] == onPath {
			t.cutCycle(path, j)
		}
		for _, k := range path {
			state[k] = settled
		}
	}
}

// cutCycle breaks the cycle formed by the tail of path that starts at
// span entry.
func (t *Tree) cutCycle(path []int32, entry int32) {
	k := len(path) - 1
	for path[k] != entry {
		k--
	}
	cut := entry
	for _, m := range path[k+1:] {
		if t.byStart(m, cut) < 0 {
			cut = m
		}
	}
	t.Counts.ParentCycles++
	t.orphan(cut, false)
}
