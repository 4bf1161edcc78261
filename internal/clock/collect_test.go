package clock

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// TestCollectParallel: trees walked on several goroutines give what one
// walk gives, pairs in tree order, links across runs of trees included.
func TestCollectParallel(t *testing.T) {
	var spans []trace.Span
	const traces = 3000
	for n := uint64(1); n <= traces; n++ {
		h := func(i uint64) string { return fmt.Sprintf("h%d", (n+i)%7) }
		at := int64(n % 500)
		spans = append(spans,
			sp(n, 1, 0, server, h(0), at, at+40),
			sp(n, 2, 1, client, h(0), at+2, at+12),
			sp(n, 3, 2, server, h(1), at+3, at+11),
			sp(n, 4, 3, client, h(1), at+4, at+10),
			sp(n, 5, 4, server, h(2), at+5, at+9),
			sp(n, 6, 1, producer, h(0), at+14, at+15),
			sp(n, 7, 6, consumer, h(3), at+20, at+30), // context propagated as parent
			sp(n, 8, 1, client, h(0), at+16, at+18),
			sp(n, 9, 8, server, h(0), at+16, at+18), // same host: no pair
			sp(n, 10, 0, consumer, h(4), at+50, at+60, link(traces+1-n, 6), link(n, 6)),
			sp(n, 11, 10, trace.KindInternal, h(4), at+51, at+52, func(s *trace.Span) { s.Service = fmt.Sprint("svc", n%3) }),
			sp(n, 12, 10, trace.KindInternal, h(5), at+53, at+54),
		)
	}
	g := stitched(spans...)
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	want := Collect(g)
	for _, procs := range []int{2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		if d := cmp.Diff(want, Collect(g)); d != "" {
			t.Fatalf("GOMAXPROCS=%d (-want +got):\n%s", procs, d)
		}
	}
	if n := len(splitTrees(g.Trees, 8)) - 1; n < 2 {
		t.Fatalf("the graph is walked in %d runs: the test needs several", n)
	}
	if len(want.Pairs) < 4*traces {
		t.Fatalf("%d pairs: the test needs every kind", len(want.Pairs))
	}
}

func TestSplitTrees(t *testing.T) {
	trees := func(sizes ...int) []*stitch.Tree {
		var out []*stitch.Tree
		for _, n := range sizes {
			out = append(out, &stitch.Tree{Order: make([]int32, n)})
		}
		return out
	}
	tests := []struct {
		name  string
		trees []*stitch.Tree
		n     int
		want  []int
	}{
		{"none", nil, 4, []int{0, 0}},
		{"small", trees(10, 10, 10), 4, []int{0, 3}},
		{"one proc", trees(minCollect, minCollect), 1, []int{0, 2}},
		{"even", trees(minCollect, minCollect, minCollect, minCollect), 2, []int{0, 2, 4}},
		{"one big tree", trees(1, 40000, 1), 4, []int{0, 2, 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := splitTrees(tc.trees, tc.n); !cmp.Equal(got, tc.want) {
				t.Errorf("splitTrees = %v, want %v", got, tc.want)
			}
		})
	}
}
