package cli

import (
	"slices"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/render"
	"github.com/raceline/raceline/internal/stitch"
)

// This file turns detection's results and the clock model into render's
// view models.

// shownFindings splits what detection found: the findings shown (inside
// the filters and at or above min), the number hidden below min inside
// the filters, and the number at or above min the filters left out.
func shownFindings(found []detect.Finding, ff findingFilter, min clock.Confidence) (shown []detect.Finding, hidden, filtered int64) {
	for i := range found {
		f := &found[i]
		switch {
		case !ff.keep(f):
			if f.Confidence >= min {
				filtered++
			}
		case f.Confidence < min:
			hidden++
		default:
			shown = append(shown, *f)
		}
	}
	return shown, hidden, filtered
}

// findingsModel is raceline.findings/v1 for the findings shown.
func findingsModel(a *analysis, shown []detect.Finding, hidden, filtered int64, d *detectOptions) *render.Findings {
	m := &render.Findings{
		Version:       Version,
		Input:         statsModel(a.input),
		Clock:         clockView(a.clock, a.graph),
		Findings:      make([]render.Finding, len(shown)),
		Hidden:        hidden,
		MinConfidence: d.MinConfidence,
		Notes:         render.FindingsNotes{Filtered: filtered, Jobs: a.graph.Jobs, ClockOff: d.NoClockCorrection},
	}
	for i := range shown {
		m.Findings[i] = findingView(&shown[i])
	}
	for _, u := range a.graph.Units {
		if u.Kind == stitch.Job && u.Enqueue == nil {
			m.Notes.JobsWithoutEnqueue++
		}
	}
	return m
}

// findingView is one finding as the outputs show it.
func findingView(f *detect.Finding) render.Finding {
	v := render.Finding{ID: f.ID, Rule: f.Rule, Severity: f.Severity, Confidence: f.Confidence.String(),
		Key: f.Key, Keys: f.Keys, Summary: f.Summary, Request: unitView(f.Request), MarginNS: f.MarginNS,
		Events: make([]render.Event, len(f.Events))}
	if f.Job != nil {
		v.Job = jobView(f.Job)
	}
	if f.Other != nil {
		o := unitView(f.Other)
		v.Other = &o
	}
	for i := range f.Events {
		e := &f.Events[i]
		v.Events[i] = render.Event{Op: e.Op, Key: e.Key, Hit: e.Hit, TraceID: e.Span.TraceID, SpanID: e.Span.SpanID,
			Service: e.Span.Service, Host: e.Span.Host, Start: e.Start, End: e.End, Name: e.Span.Name}
	}
	return v
}

// unitView names a unit by its root span, with the times of the spans it
// owns.
func unitView(u *stitch.Unit) render.Unit {
	root := u.RootSpan()
	return render.Unit{TraceID: u.Trace.ID, SpanID: root.SpanID, Kind: u.Kind.String(), Service: root.Service,
		Host: root.Host, Name: root.Name, Start: u.Start, End: u.End, Actor: u.Actor.Value}
}

// jobView is a job with its enqueue and enqueuer; its times span the
// root's whole subtree (DESIGN §4), nested units included.
func jobView(u *stitch.Unit) *render.FindingJob {
	j := &render.FindingJob{Unit: unitView(u)}
	j.Start, j.End = subtreeTimes(u)
	if q := u.Enqueue; q != nil {
		j.Enqueue = &render.SpanTimes{TraceID: q.TraceID, SpanID: q.SpanID, Start: q.Start, End: q.End}
	}
	if by := u.EnqueuedBy; by != nil {
		j.EnqueuedBy = &render.Enqueuer{TraceID: by.Trace.ID, SpanID: by.RootSpan().SpanID, Actor: by.Actor.Value}
	}
	return j
}

// subtreeTimes is the earliest start and latest end in u's root subtree.
func subtreeTimes(u *stitch.Unit) (start, end int64) {
	t := u.Tree()
	start, end = u.Start, u.End
	for _, i := range t.Subtree(u.Root) {
		sp := t.Span(i)
		start, end = min(start, sp.Start), max(end, sp.End)
	}
	return start, end
}

// clockView is the clock block of DESIGN §6 for every host of the model
// (none under --no-clock-correction), taken at the middle of the input.
func clockView(m *clock.Model, g *stitch.Graph) render.Clock {
	c := render.Clock{}
	if start, end, ok := timeRange(g); ok {
		c.At = render.At(start + int64((uint64(end)-uint64(start))/2)) // end − start may not fit an int64
	}
	for _, h := range m.Hosts() {
		c.Hosts = append(c.Hosts, clockHostView(&h))
	}
	return c
}

// clockHostView is one host's line; missing bounds and an unknown drift
// are nil (null).
func clockHostView(h *clock.HostOffset) render.ClockHost {
	v := render.ClockHost{Host: h.Host, Services: h.Services, Reference: h.Reference, Bounded: h.Bounded,
		OffsetNS: h.Offset, Pairs: h.Pairs, PairsSetAside: h.PairsSetAside, Warnings: h.Warnings}
	if h.Min != clock.NoLower {
		v.MinNS = &h.Min
	}
	if h.Max != clock.NoUpper {
		v.MaxNS = &h.Max
	}
	if h.Uncertainty >= 0 {
		v.UncertaintyNS = &h.Uncertainty
	}
	if h.DriftKnown {
		v.DriftPPM = &h.DriftPPM
	}
	return v
}

// clockOfHosts keeps the hosts of c that are in hosts.
func clockOfHosts(c render.Clock, hosts []string) render.Clock {
	out := render.Clock{At: c.At}
	for _, h := range c.Hosts {
		if slices.Contains(hosts, h.Host) {
			out.Hosts = append(out.Hosts, h)
		}
	}
	return out
}
