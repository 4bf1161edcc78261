package stitch

// order fills Order, Depth, pos and size with an iterative depth-first walk
// (no recursion: a chain may be as deep as the trace is long). byStart
// lists the kept spans by (start, span ID, input index); filling children
// in that order makes each sibling list sorted without another sort.
// first (n+1 long) and kids (n long) are scratch.
func (t *Tree) order(byStart, kids, first, stack []int32) {
	t.childLists(byStart, kids, first)
	for k := len(byStart) - 1; k >= 0; k-- { // pushed in reverse, popped in order
		if r := byStart[k]; t.Parent[r] < 0 {
			stack = append(stack, r)
		}
	}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		t.pos[s] = int32(len(t.Order))
		t.Order = append(t.Order, s)
		if p := t.Parent[s]; p >= 0 {
			t.Depth[s] = t.Depth[p] + 1
		} else {
			t.Depth[s] = 0
		}
		for c := first[s+1] - 1; c >= first[s]; c-- {
			stack = append(stack, kids[c])
		}
	}
	t.sizes()
}

// childLists writes the children of span s to kids[first[s]:first[s+1]],
// in the order of byStart.
func (t *Tree) childLists(byStart, kids, first []int32) {
	clear(first)
	for _, s := range byStart {
		if p := t.Parent[s]; p >= 0 {
			first[p+1]++
		}
	}
	for i := 1; i < len(first); i++ {
		first[i] += first[i-1]
	}
	for _, s := range byStart {
		if p := t.Parent[s]; p >= 0 {
			kids[first[p]] = s
			first[p]++
		}
	}
	// Filling advanced each first[p] to the end of p's list, which is where
	// p+1's list starts: shift back by one to restore the starts.
	copy(first[1:], first[:len(first)-1])
	first[0] = 0
}

// sizes computes each kept span's subtree size, children before parents.
func (t *Tree) sizes() {
	for k := len(t.Order) - 1; k >= 0; k-- {
		s := t.Order[k]
		t.size[s]++
		if p := t.Parent[s]; p >= 0 {
			t.size[p] += t.size[s]
		}
	}
}
