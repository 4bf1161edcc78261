package render

// The picture of a finding: the units involved, its events, and the window
// and event that make it.

// findingChart is the picture of a finding: the units involved (the
// request, the job, the other party), then its events (the enqueue, the
// reads, the mutations, the source operations), one lane per service and
// host; the window shaded and the culprit marked.
func findingChart(f *Finding, clock map[string]*ClockHost) *chart {
	c := &chart{Title: f.ID + " · " + f.Rule + " · " + f.Key}
	reqRole, otherRole := unitRoles(f.Rule)
	type party struct {
		u    *Unit
		role string
	}
	units := []party{{&f.Request, reqRole}}
	if f.Job != nil {
		units = append(units, party{&f.Job.Unit, ""})
	}
	if f.Other != nil {
		units = append(units, party{f.Other, otherRole})
	}
	for _, p := range units {
		l := c.laneOf(p.u.Service, p.u.Host, clock)
		l.Rows = append(l.Rows, chartBar{Label: p.u.Kind + " " + orUnnamed(p.u.Name), Detail: p.role, Start: p.u.Start, End: p.u.End, Kind: barUnit})
	}
	culprit, what := culpritEvent(f)
	for i := range f.Events {
		e := &f.Events[i]
		if e.Op == "job-start" || e.Op == "job-end" {
			continue // the job's bar shows them
		}
		bar := chartBar{Label: eventLabel(e), Detail: orUnnamed(e.Name), Start: e.Start, End: e.End, Kind: eventKind(e.Op), Whiskers: true}
		switch {
		case e.Key != "":
			bar.Label += " " + e.Key
		case e.Op == "enqueue":
			bar.Label, bar.Detail = "enqueue "+bar.Detail, ""
		}
		if i == culprit {
			bar.Culprit = what
		}
		l := c.laneOf(e.Service, e.Host, clock)
		l.Rows = append(l.Rows, bar)
	}
	c.Window = findingWindow(f)
	c.Origin, _ = c.bounds()
	return c
}

// unitRoles names what the request (the unit at fault) and the other
// party did, where a unit's kind and name may not tell them apart.
func unitRoles(rule string) (request, other string) {
	switch rule {
	case "lost-update":
		return "update lost", "overwriter"
	case "stale-cache-fill":
		return "stale filler", "invalidator"
	}
	return "reader", ""
}

// isMutation reports whether an event's op changes a cache key.
func isMutation(op string) bool { return op == "write" || op == "fill" || op == "invalidate" }

// culpritEvent returns the index of the event that makes the finding
// (-1 for none) and what to call it: the stale read (for partial-read, the
// read of the stale key), the fill that put an old value back, the write
// that overwrote an update.
func culpritEvent(f *Finding) (int, string) {
	op, key, what := "read", f.Key, "stale read"
	switch f.Rule {
	case "stale-cache-fill":
		op, what = "fill", "stale fill"
	case "lost-update":
		op, what = "write", "overwrite"
	}
	last := -1
	for i := range f.Events {
		if e := &f.Events[i]; e.Op == op && e.Key == key {
			last = i
		}
	}
	return last, what
}

// findingWindow is the time a finding is about: for the stale-read rules
// Window(J, K) of DESIGN §5 (from the enqueue, or the job's start, to the
// end of the job's last mutation of K); for stale-cache-fill, from the
// source read to the fill; for lost-update, from the read to the write
// that lost the other update. nil when the events do not tell.
func findingWindow(f *Finding) *chartWindow {
	first := func(ops ...string) *Event {
		for i := range f.Events {
			for _, op := range ops {
				if f.Events[i].Op == op {
					return &f.Events[i]
				}
			}
		}
		return nil
	}
	lastOf := func(match func(*Event) bool) *Event {
		var last *Event
		for i := range f.Events {
			if match(&f.Events[i]) {
				last = &f.Events[i]
			}
		}
		return last
	}
	switch f.Rule {
	case "stale-cache-fill":
		fill := lastOf(func(e *Event) bool { return e.Op == "fill" })
		read := lastOf(func(e *Event) bool { return e.Op == "source-read" && fill != nil && e.Start <= fill.Start })
		if read != nil {
			return &chartWindow{Start: read.Start, End: fill.Start, Label: "old value in flight"}
		}
	case "lost-update":
		read := first("read")
		write := lastOf(func(e *Event) bool { return e.Op == "write" })
		if read != nil && write != nil {
			return &chartWindow{Start: read.End, End: write.Start, Label: "read-modify-write"}
		}
	default:
		open := first("enqueue", "job-start")
		last := lastOf(func(e *Event) bool { return isMutation(e.Op) && e.Key == f.Key })
		if open != nil && last != nil {
			return &chartWindow{Start: open.Start, End: last.End, Label: "pending window"}
		}
	}
	return nil
}
