package detect

import (
	"encoding/binary"
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// wide judges exactly, like clock.Zero, but lists a host whose offset
// bounds are a day wide: Detect then searches every pair of operations.
// With exact clocks, the narrow search must find exactly the same.
type wide struct{ zero *clock.Model }

func (w wide) Judge(os []clock.Ordering) (clock.Confidence, int64) { return w.zero.Judge(os) }
func (w wide) Hosts() []clock.HostOffset {
	return []clock.HostOffset{{Host: "h0", Min: -86400e9, Max: 86400e9}}
}

// TestSearchIsExhaustive: the indexed search finds what a search of every
// pair finds.
func TestSearchIsExhaustive(t *testing.T) {
	s := &scenario{}
	everyRule(s)
	byTrace := s.derive()
	want := dump(Detect(byTrace, clock.Zero(), everything))
	if got := dump(Detect(byTrace, wide{clock.Zero()}, everything)); got != want {
		t.Errorf("(-indexed +exhaustive):\n%s", cmp.Diff(want, got))
	}
}

// fuzzUnits are six units, each its own trace: three requests (the first
// two for user u1), two jobs (enqueued by the first and the third
// request) and a trace unit, on hosts h0–h2.
func fuzzUnits(enq []int64) []*stitch.Unit {
	us := make([]*stitch.Unit, 6)
	kinds := []stitch.UnitKind{stitch.Request, stitch.Request, stitch.Request, stitch.Job, stitch.Job, stitch.TraceUnit}
	for i := range us {
		var tid trace.TraceID
		var sid trace.SpanID
		tid[0], sid[0] = byte(i+1), byte(i+1)
		root := trace.Span{TraceID: tid, SpanID: sid, Host: "h" + string(rune('0'+i%3)), Name: "u" + string(rune('0'+i)),
			Start: 0, End: 300}
		us[i] = &stitch.Unit{Kind: kinds[i], Trace: &trace.Trace{ID: tid, Spans: []trace.Span{root}}, Start: 0, End: 300}
	}
	for i := range 3 {
		if i < 2 {
			us[i].Actor = stitch.Actor{Key: "enduser.id", Value: "u1"}
		}
	}
	for k, j := range us[3:5] {
		by := us[2*k]
		j.EnqueuedBy, j.Actor = by, by.Actor
		j.Enqueue = &trace.Span{TraceID: by.Trace.ID, SpanID: trace.SpanID{9, byte(k)}, Host: by.RootSpan().Host,
			Start: enq[k], End: enq[k] + 2}
	}
	return us
}

// fuzzOps reads operations from data, six bytes each: kind, key and
// field, hit and unit, start, duration, host. Times are small, so ties and
// overlaps are common.
func fuzzOps(data []byte, us []*stitch.Unit) []ops.Op {
	var out []ops.Op
	for ; len(data) >= 6; data = data[6:] {
		sp := &trace.Span{Host: "h" + string(rune('0'+data[5]%3)), Start: int64(data[3]), End: int64(data[3]) + int64(data[4]%8)}
		binary.BigEndian.PutUint64(sp.SpanID[:], uint64(len(out)+1))
		out = append(out, ops.Op{
			Kind: ops.Kind(data[0]%7 + 1), Key: "k" + string(rune('0'+data[1]%3)),
			Field: [...]string{"", "", "f1", "f2"}[data[1]/3%4], Hit: data[2]&1 == 1,
			Span: sp, Unit: us[int(data[2]>>1)%len(us)],
		})
		if o := &out[len(out)-1]; !o.Kind.IsCache() {
			o.Key = "table"
		}
	}
	return out
}

var validID = regexp.MustCompile(`^rl-[0-9a-f]{12}$`)

// FuzzDetect: any operations; Detect never panics, does not depend on the
// order of its input, finds with the indexed search what the exhaustive
// one finds, and keeps its invariants.
//
//	go test ./internal/detect -run '^$' -fuzz FuzzDetect -fuzztime 1m
func FuzzDetect(f *testing.F) {
	f.Add([]byte{2, 0, 7, 50, 1, 0, 1, 0, 1, 20, 1, 1, 4, 0, 1, 30, 1, 2})
	f.Add([]byte{1, 0, 0, 10, 1, 0, 3, 0, 0, 15, 2, 1, 2, 0, 7, 12, 1, 2, 1, 0, 1, 20, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		data = data[:min(len(data), 2+6*200)] // the exhaustive search is quadratic
		us := fuzzUnits([]int64{int64(data[0]), int64(data[1])})
		os := fuzzOps(data[2:], us)
		want := Detect([][]ops.Op{os}, clock.Zero(), everything)
		slices.Reverse(os)
		if got := Detect([][]ops.Op{os[:len(os)/2], os[len(os)/2:]}, clock.Zero(), everything); dump(got) != dump(want) {
			t.Fatalf("order changed the result (-first +reversed):\n%s", cmp.Diff(dump(want), dump(got)))
		}
		if got := Detect([][]ops.Op{os}, wide{clock.Zero()}, everything); dump(got) != dump(want) {
			t.Fatalf("indexed and exhaustive searches differ (-indexed +exhaustive):\n%s", cmp.Diff(dump(want), dump(got)))
		}
		checkInvariants(t, want)
	})
}

func checkInvariants(t *testing.T, r Result) {
	t.Helper()
	for i, f := range r.Findings {
		switch {
		case !validID.MatchString(f.ID):
			t.Errorf("id %q", f.ID)
		case f.Confidence == clock.None:
			t.Errorf("%s: confidence none", f.ID)
		case (f.Confidence >= clock.Likely) != (f.MarginNS > 0):
			t.Errorf("%s: %s with margin %d", f.ID, f.Confidence, f.MarginNS)
		case !slices.IsSorted(f.Keys) || !slices.Contains(f.Keys, f.Key):
			t.Errorf("%s: key %q, keys %q", f.ID, f.Key, f.Keys)
		case f.Request == nil || (f.Job == nil) == (f.Other == nil):
			t.Errorf("%s: request %v, job %v, other %v", f.ID, f.Request, f.Job, f.Other)
		case i > 0 && compareFindings(r.Findings[i-1], f) >= 0:
			t.Errorf("%s sorts after %s", r.Findings[i-1].ID, f.ID)
		}
		for k := 1; k < len(f.Events); k++ {
			if compareEvents(f.Events[k-1], f.Events[k]) >= 0 {
				t.Errorf("%s: events out of order", f.ID)
			}
		}
	}
}
