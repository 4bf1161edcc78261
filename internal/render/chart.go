package render

import (
	"strings"

	"github.com/raceline/raceline/internal/trace"
)

// chart is a picture of a timeline before it is drawn.
type chart struct {
	Title  string
	Lanes  []chartLane
	Window *chartWindow // nil: none
	// Origin is the axis' zero: the labels are offsets from it.
	Origin int64
}

// chartLane is one service on one host, with its clock (nil when unknown).
type chartLane struct {
	Service, Host string
	Clock         *ClockHost
	Rows          []chartBar
}

// barKind says what a bar is, and so its colour.
type barKind int

const (
	barUnit     barKind = iota // a request's, job's or trace's whole extent
	barSpan                    // a span of a trace's timeline
	barEnqueue                 // the PRODUCER span that enqueued the job
	barRead                    // a cache read
	barMutation                // a cache write, fill or invalidation
	barSource                  // a source (database) read or write
)

// chartBar is one row.
type chartBar struct {
	Label  string // what it is: "read hit user:42:profile", a span's name
	Detail string // said after it, dimmed: the span's name; "" for none
	Start  int64
	End    int64
	Kind   barKind
	// Culprit names what makes the finding, when this bar is it: "stale
	// read", "stale fill", "overwrite"; else "".
	Culprit  string
	Error    bool // status error
	Whiskers bool // draw the host's clock uncertainty at both ends
}

// chartWindow is the span of time a finding is about, shaded.
type chartWindow struct {
	Start, End int64
	Label      string
}

// bounds is the time range of every bar and the window; the origin
// alone when there are none.
func (c *chart) bounds() (start, end int64) {
	start, end = c.Origin, c.Origin
	seen := false
	add := func(s, e int64) {
		if !seen {
			start, end, seen = s, e, true
		}
		start, end = min(start, s), max(end, e)
	}
	for _, l := range c.Lanes {
		for _, r := range l.Rows {
			add(r.Start, r.End)
		}
	}
	if w := c.Window; w != nil {
		add(w.Start, w.End)
	}
	return start, end
}

// laneOf returns the lane of service on host, added at the end if new.
func (c *chart) laneOf(service, host string, clock map[string]*ClockHost) *chartLane {
	for i := range c.Lanes {
		if l := &c.Lanes[i]; l.Service == service && l.Host == host {
			return l
		}
	}
	c.Lanes = append(c.Lanes, chartLane{Service: service, Host: host, Clock: clock[host]})
	return &c.Lanes[len(c.Lanes)-1]
}

func eventKind(op string) barKind {
	switch op {
	case "enqueue":
		return barEnqueue
	case "read":
		return barRead
	case "source-read", "source-write":
		return barSource
	}
	return barMutation
}

// timelineChart is the picture of a trace's timeline: every span, one
// lane per service and host, each span a row in depth-first order, the
// finding's events (the spans' marks) coloured by what they did.
func timelineChart(tl *Timeline, clock map[string]*ClockHost) *chart {
	u := &tl.Request
	c := &chart{Title: u.Kind + " " + orUnnamed(u.Name) + " · trace " + u.TraceID.String(), Origin: u.Start}
	for i := range tl.Spans {
		s := &tl.Spans[i]
		label := orUnnamed(s.Name)
		if s.LinkedFrom != nil {
			label = markJob + label
		}
		bar := chartBar{Label: label, Start: s.Start, End: s.End, Kind: barSpan, Error: s.Status == trace.StatusError, Whiskers: true}
		if len(s.Marks) > 0 {
			bar.Detail = strings.Join(s.Marks, ", ")
			op, _, _ := strings.Cut(s.Marks[0], " ")
			bar.Kind = eventKind(op)
		}
		l := c.laneOf(s.Service, s.Host, clock)
		l.Rows = append(l.Rows, bar)
	}
	if start, _ := c.bounds(); start < c.Origin {
		c.Origin = start
	}
	return c
}
