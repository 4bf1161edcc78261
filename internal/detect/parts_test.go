package detect

import (
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPartitionParallel: partitions built on several goroutines give the
// same result as on one.
func TestPartitionParallel(t *testing.T) {
	s := workload(1)
	byTrace := s.derive()
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	want := dump(Detect(byTrace, nil, everything))
	for _, procs := range []int{2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		if got := dump(Detect(byTrace, nil, everything)); got != want {
			t.Fatalf("GOMAXPROCS=%d differs (-want +got):\n%s", procs, cmp.Diff(want, got))
		}
	}
	cache, _, _, _ := collect(byTrace)
	if _, runs := groupByKey(cache); len(splitRuns(runs, 8)) < 3 {
		t.Fatalf("the workload is split in %d chunks: the test needs several", len(splitRuns(runs, 8))-1)
	}
}

func TestSplitRuns(t *testing.T) {
	tests := []struct {
		name string
		runs []int
		n    int
		want []int
	}{
		{"empty", []int{0}, 4, []int{0, 0}},
		{"small", []int{0, 3, 10}, 4, []int{0, 2}},
		{"one proc", []int{0, 5000, 10000, 15000}, 1, []int{0, 3}},
		{"even", []int{0, 5000, 10000, 15000, 20000}, 2, []int{0, 2, 4}},
		{"uneven", []int{0, 1, 2, 9000, 9001}, 2, []int{0, 3, 4}},
		{"one hot key", []int{0, 1, 20000, 20001}, 4, []int{0, 2, 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := splitRuns(tc.runs, tc.n); !cmp.Equal(got, tc.want) {
				t.Errorf("splitRuns(%v, %d) = %v, want %v", tc.runs, tc.n, got, tc.want)
			}
		})
	}
}
