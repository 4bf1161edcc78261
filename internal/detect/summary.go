package detect

import (
	"math"
	"strconv"

	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
)

// human writes a positive duration for people: two significant digits
// below ten units (3.2ms, 1.5s), whole units from ten (12ms, 950µs), and
// minutes and seconds from a minute on (4m10s). Zero and negative
// durations are "0s": summaries say "as" or "at the same moment" instead.
func human(ns int64) string {
	switch {
	case ns <= 0:
		return "0s"
	case ns >= 60e9:
		s := ns / 1e9
		if ns%1e9 >= 5e8 {
			s++ // rounded half up, without overflowing
		}
		return strconv.FormatInt(s/60, 10) + "m" + strconv.FormatInt(s%60, 10) + "s"
	}
	units := [...]struct {
		size float64
		name string
	}{{1e9, "s"}, {1e6, "ms"}, {1e3, "µs"}, {1, "ns"}}
	for _, u := range units {
		v := float64(ns) / u.size
		switch {
		case v < 0.9995 && u.size > 1:
			continue // rounds to less than one: a smaller unit
		case v < 9.95 && u.size > 1:
			return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + u.name
		}
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64) + u.name
	}
	return "0s" // not reached: every positive ns is at least 1ns
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
