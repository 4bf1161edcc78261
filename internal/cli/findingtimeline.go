package cli

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/render"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// This file adapts a request's timeline to one of its findings
// (timeline --finding).

// withUnits adds to tl the spans of each unit (nil ones skipped) that it
// does not show yet: the job a request did not enqueue itself, the other
// writer of a lost update. Each comes after the rest, its root at depth 0
// and linked from its enqueue when that is known.
func withUnits(tl *stitch.Timeline, units ...*stitch.Unit) {
	shown := make(map[*trace.Span]bool, len(tl.Spans))
	for _, ts := range tl.Spans {
		shown[ts.Span] = true
	}
	for _, u := range units {
		if u == nil || shown[u.RootSpan()] {
			continue
		}
		t := u.Tree()
		for _, i := range t.Subtree(u.Root) {
			sp := t.Span(i)
			if shown[sp] {
				continue
			}
			shown[sp] = true
			ts := stitch.TimelineSpan{Span: sp, Unit: t.UnitsOf(i)[0], Depth: int(t.Depth[i] - t.Depth[u.Root]), Orphan: t.Orphan[i]}
			if i == u.Root {
				ts.LinkedFrom = u.Enqueue
			}
			tl.Spans = append(tl.Spans, ts)
		}
	}
}

// eventMarks labels each span of a finding's events with what they did:
// "read hit user:42:profile", "enqueue". The job's start and end are its
// root's row already.
func eventMarks(f *detect.Finding) map[*trace.Span][]string {
	marks := make(map[*trace.Span][]string)
	for i := range f.Events {
		e := &f.Events[i]
		if e.Op == "job-start" || e.Op == "job-end" {
			continue
		}
		label := e.Op
		if e.Hit != nil {
			label += map[bool]string{true: " hit", false: " miss"}[*e.Hit]
		}
		if e.Key != "" {
			label += " " + e.Key
		}
		if !slices.Contains(marks[e.Span], label) {
			marks[e.Span] = append(marks[e.Span], label)
		}
	}
	return marks
}

// timelineClock is the clock block of a timeline: the hosts of the spans
// it shows.
func timelineClock(c render.Clock, tl *render.Timeline) json.RawMessage {
	var hosts []string
	for _, s := range tl.Spans {
		if !slices.Contains(hosts, s.Host) {
			hosts = append(hosts, s.Host)
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // as render writes every document
	if err := enc.Encode(clockOfHosts(c, hosts)); err != nil {
		return nil // a Clock always encodes; nil is written as null
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
