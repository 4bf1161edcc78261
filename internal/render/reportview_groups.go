package render

import (
	"slices"
	"strconv"
	"strings"
)

// The findings sections of the report's view: a group, its worst findings
// in full and the IDs to look up.

func newGroupView(g *findingGroup, n int, hosts map[string]*ClockHost) groupView {
	v := groupView{Number: strconv.Itoa(n), Title: g.title(), Rule: g.Rule, Severity: g.Severity, Findings: g.Findings,
		Counts: plural(int64(len(g.Findings)), "finding", "findings") + ": " + groupConfidences(g)}
	if d, ok := ruleDocs[g.Rule]; ok {
		v.Why = unwrap(d.why)
		for _, f := range d.fixes {
			v.Fixes = append(v.Fixes, unwrap(f))
		}
	}
	worst := g.Findings[:min(len(g.Findings), maxWorst)]
	for _, f := range worst {
		v.Worst = append(v.Worst, findingView{Finding: f, Chart: findingChart(f, hosts), Refs: spanRefs(f)})
	}
	rest := g.Findings[len(worst):]
	v.Rest = rest[:min(len(rest), maxRest)]
	v.More = len(rest) - len(v.Rest)
	return v
}

func groupConfidences(g *findingGroup) string {
	c := Counts{}
	for _, f := range g.Findings {
		c[f.Confidence]++
	}
	return orderedCounts(c, confidenceOrder)
}

// spanRefs are the IDs of everything a finding involves: its units, the
// job's enqueue and enqueuer, and the spans of its events.
func spanRefs(f *Finding) []spanRef {
	u := &f.Request
	reqRole, otherRole := unitRoles(f.Rule)
	refs := []spanRef{{u.Kind + " (" + reqRole + ")", u.TraceID.String(), u.SpanID.String(), where(u.Service, u.Host), orUnnamed(u.Name), u.Actor}}
	if j := f.Job; j != nil {
		refs = append(refs, spanRef{"job", j.TraceID.String(), j.SpanID.String(), where(j.Service, j.Host), orUnnamed(j.Name), ""})
		if q := j.Enqueue; q != nil && !slices.ContainsFunc(f.Events, func(e Event) bool { return e.Op == "enqueue" }) {
			refs = append(refs, spanRef{"enqueue", q.TraceID.String(), q.SpanID.String(), "", "", ""})
		}
		if by := j.EnqueuedBy; by != nil {
			refs = append(refs, spanRef{"enqueued by", by.TraceID.String(), by.SpanID.String(), "", "", by.Actor})
		}
	}
	if o := f.Other; o != nil {
		refs = append(refs, spanRef{o.Kind + " (" + otherRole + ")", o.TraceID.String(), o.SpanID.String(), where(o.Service, o.Host), orUnnamed(o.Name), o.Actor})
	}
	for i := range f.Events {
		e := &f.Events[i]
		if e.Op == "job-start" || e.Op == "job-end" {
			continue
		}
		refs = append(refs, spanRef{strings.TrimSpace(eventLabel(e) + " " + e.Key), e.TraceID.String(), e.SpanID.String(),
			where(e.Service, e.Host), orUnnamed(e.Name), ""})
	}
	return refs
}
