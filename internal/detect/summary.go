package detect

import (
	"strconv"

	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// human writes a non-negative duration for people with two significant
// digits below ten units (3.2ms, 950µs, 12ms, 1.5s); longer ones in whole
// minutes and seconds (4m10s). Negative durations are written as 0s: a
// summary says "overlapping" instead.
func human(ns int64) string {
	type unit struct {
		size int64
		name string
	}
	units := [...]unit{{1, "ns"}, {1e3, "µs"}, {1e6, "ms"}, {1e9, "s"}}
	switch {
	case ns <= 0:
		return "0s"
	case ns >= 60e9:
		s := (ns + 5e8) / 1e9
		return strconv.FormatInt(s/60, 10) + "m" + strconv.FormatInt(s%60, 10) + "s"
	}
	u := units[0]
	for _, c := range units[1:] {
		if ns >= c.size {
			u = c
		}
	}
	v := float64(ns) / float64(u.size)
	if v < 10 && u.size > 1 {
		return strconv.FormatFloat(float64(int64(v*10+0.5))/10, 'f', -1, 64) + u.name
	}
	return strconv.FormatInt(int64(v+0.5), 10) + u.name
}

// gapText says how long before (or, when d ≤ 0, that it overlapped).
func gapText(d int64, before string) string {
	if d <= 0 {
		return "as"
	}
	return human(d) + " " + before
}

// earlier says how much earlier something happened ("12ms earlier"), or
// that it did not (a tie, or an overlap judged across hosts).
func earlier(d int64) string {
	if d <= 0 {
		return "at the same moment"
	}
	return human(d) + " earlier"
}

// unitName names a unit in a sentence: a request by its root span's name,
// a job or trace unit by kind and quoted name.
func unitName(u *stitch.Unit) string {
	name := u.RootSpan().Name
	if name == "" {
		name = "(unnamed)"
	}
	switch u.Kind {
	case stitch.Job:
		return "job " + strconv.Quote(name)
	case stitch.TraceUnit:
		return "trace " + strconv.Quote(name)
	}
	return name
}

// mutated is the verb for what a mutation did to a key.
func mutated(m *ops.Op) string {
	if m.Kind == ops.Invalidate {
		return "deleted"
	}
	return "rewrote"
}
