package stitch

import (
	"fmt"
	"testing"

	"github.com/raceline/raceline/internal/trace"
)

// fuzzStore turns bytes into spans, 4 bytes each: trace (1–2), span ID
// (1–16, sometimes with the top bit set), parent ID (0–16), and kind,
// Shared and a link in the last byte. Small ranges make duplicates,
// cycles, shared halves and links likely.
func fuzzStore(data []byte) *trace.Store {
	st := trace.NewStore()
	for i := 0; i+4 <= len(data); i += 4 {
		b := data[i : i+4]
		id := uint64(b[1]%16 + 1)
		if b[1]&0x80 != 0 {
			id |= 1 << 63
		}
		s := sp(uint64(b[0]%2+1), id, uint64(b[2]%17), trace.Kind(b[3]%6), int64(b[2]%5), int64(b[2]%5)+1)
		s.Shared = b[3]&0x40 != 0
		if b[3]&0x80 != 0 {
			s.Links = []trace.Link{{TraceID: tid(uint64(b[0]%3 + 1)), SpanID: sid(uint64(b[2]%17 + 1))}}
		}
		if b[3]&0x20 != 0 {
			s.Attrs = []trace.Attr{{Key: "messaging.message.id", Value: fmt.Sprint(b[2] % 3)}}
		}
		st.Add(s)
	}
	return st
}

// FuzzStitch checks the invariants of trees, units and timelines on
// arbitrary span graphs:
//
//	go test ./internal/stitch -run '^$' -fuzz FuzzStitch -fuzztime 1m
func FuzzStitch(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 0, 2, 1, 3, 0, 2, 1, 0x42, 1, 1, 2, 0x85, 0, 3, 3, 0, 0, 4, 5, 1, 0, 5, 4, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		g := Stitch(fuzzStore(data), Options{Workers: 2})
		var c Counts
		for _, tree := range g.Trees {
			checkTree(t, tree)
			c.Add(tree.Counts)
			tl, ok := g.Timeline(tree.Trace.ID)
			if !ok {
				t.Fatalf("no timeline for %s", tree.Trace.ID)
			}
			checkTimeline(t, tl)
		}
		if c != g.Counts {
			t.Errorf("graph counts %+v, sum of trees %+v", g.Counts, c)
		}
	})
}

func checkTree(t *testing.T, tree *Tree) {
	t.Helper()
	seen := make([]bool, len(tree.Trace.Spans))
	roots := int64(0)
	for k, s := range tree.Order {
		if seen[s] || tree.Duplicate[s] {
			t.Fatalf("span %d listed twice, or a duplicate", s)
		}
		seen[s] = true
		p := tree.Parent[s]
		switch {
		case p < 0 && tree.Depth[s] != 0:
			t.Fatalf("root %d at depth %d", s, tree.Depth[s])
		case p < 0:
			roots++
		case !seen[p] || tree.Depth[s] != tree.Depth[p]+1:
			t.Fatalf("span %d (position %d) before its parent %d, or at the wrong depth", s, k, p)
		}
		u := tree.Units[tree.Unit[s]]
		if u.Kind != TraceUnit && !isAncestor(tree, u.Root, s) {
			t.Fatalf("span %d owned by unit at %d, not an ancestor", s, u.Root)
		}
	}
	c := tree.Counts
	if c.Spans != int64(len(tree.Order)) || c.SpansWithParent+roots != c.Spans || c.OrphanSpans > roots {
		t.Fatalf("counts %+v with %d roots and %d spans in order", c, roots, len(tree.Order))
	}
}

func isAncestor(tree *Tree, a, s int32) bool {
	for ; s >= 0; s = tree.Parent[s] {
		if s == a {
			return true
		}
	}
	return false
}

func checkTimeline(t *testing.T, tl *Timeline) {
	t.Helper()
	seen := make(map[*trace.Span]bool)
	for k, s := range tl.Spans {
		if seen[s.Span] {
			t.Fatalf("timeline shows %s twice", s.Span.Name)
		}
		seen[s.Span] = true
		if k > 0 && s.Depth > tl.Spans[k-1].Depth+1 {
			t.Fatalf("timeline jumps from depth %d to %d", tl.Spans[k-1].Depth, s.Depth)
		}
	}
}
