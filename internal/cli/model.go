package cli

import (
	"slices"

	"github.com/raceline/raceline/internal/ingest"
	"github.com/raceline/raceline/internal/render"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// This file turns the engine's results into render's view models.

// statsModel is raceline.stats/v1 over the whole input, whatever the
// filters; the cache operation counts are null until in.deriveOps.
func statsModel(in *input) *render.Stats {
	res, g := in.result, in.graph
	s := &render.Stats{
		Records:            render.Records{Read: res.Read, Parsed: res.Parsed, Skipped: res.SkippedCount()},
		Skipped:            skipGroups(res.Skipped),
		IgnoredFiles:       res.Ignored,
		Spans:              g.Spans,
		SpansDropped:       res.Dropped,
		Anomalies:          g.Anomalies,
		Traces:             int64(len(g.Trees)),
		Requests:           g.Requests,
		Jobs:               g.Jobs,
		SpansWithParent:    g.SpansWithParent,
		OrphanSpans:        g.OrphanSpans,
		Links:              g.Links,
		MissingLinkTargets: g.MissingLinkTargets,
	}
	for _, f := range res.Files {
		s.Files = append(s.Files, render.FileStats{Path: f.Path, Format: f.Format, Compression: f.Compression,
			Bytes: f.Bytes, Records: f.Records, Parsed: f.Parsed, Skipped: f.Skipped})
	}
	if st := in.opStats; st != nil {
		s.CacheOps, s.CacheOpsWithoutKey = &st.CacheOps, &st.CacheOpsWithoutKey
	}
	s.Services, s.Hosts = servicesAndHosts(g)
	if start, end, ok := timeRange(g); ok {
		s.Start, s.End = render.At(start), render.At(end)
	}
	return s
}

func skipGroups(groups []ingest.SkipGroup) []render.SkipGroup {
	out := make([]render.SkipGroup, len(groups))
	for i, g := range groups {
		out[i] = render.SkipGroup{Reason: g.Reason, Count: g.Count, First: make([]render.Location, len(g.First))}
		for j, l := range g.First {
			out[i].First[j] = render.Location{Path: l.Path, Line: l.Line, Frame: l.Frame, Offset: l.Offset, Text: l.String()}
		}
	}
	return out
}

// loadSummary is what the stderr block after a load says.
func loadSummary(res *ingest.Result) *render.LoadSummary {
	return &render.LoadSummary{Read: res.Read, Skipped: skipGroups(res.Skipped), Dropped: res.Dropped, Ignored: res.Ignored}
}

// servicesAndHosts lists the services and hosts of the kept spans, each in
// byte order.
func servicesAndHosts(g *stitch.Graph) (services, hosts []string) {
	seenS, seenH := map[string]bool{}, map[string]bool{}
	for _, t := range g.Trees {
		for _, i := range t.Order {
			sp := t.Span(i)
			if !seenS[sp.Service] {
				seenS[sp.Service] = true
				services = append(services, sp.Service)
			}
			if !seenH[sp.Host] {
				seenH[sp.Host] = true
				hosts = append(hosts, sp.Host)
			}
		}
	}
	slices.Sort(services)
	slices.Sort(hosts)
	return services, hosts
}

// timeRange is the earliest start and latest end of the kept spans; ok is
// false without spans.
func timeRange(g *stitch.Graph) (start, end int64, ok bool) {
	for _, t := range g.Trees {
		for _, i := range t.Order {
			sp := t.Span(i)
			if !ok {
				start, end, ok = sp.Start, sp.End, true
			}
			start, end = min(start, sp.Start), max(end, sp.End)
		}
	}
	return start, end, ok
}

// timelineModel is raceline.timeline/v1 with the spans f hides left out
// (and counted), each span carrying its marks (a finding's events; nil
// for none).
func timelineModel(tl *stitch.Timeline, f spanFilter, marks map[*trace.Span][]string) *render.Timeline {
	u, root := tl.Request, tl.Request.RootSpan()
	out := &render.Timeline{
		Request: render.Unit{TraceID: u.Trace.ID, SpanID: root.SpanID, Kind: u.Kind.String(), Service: root.Service,
			Host: root.Host, Name: root.Name, Start: u.Start, End: u.End, Actor: u.Actor.Value},
		Missing: make([]render.MissingRef, len(tl.Missing)),
	}
	for _, ts := range tl.Spans {
		sp := ts.Span
		if !f.keep(sp) {
			out.Hidden++
			continue
		}
		row := render.TimelineSpan{TraceID: sp.TraceID, SpanID: sp.SpanID, ParentID: sp.ParentID, Depth: ts.Depth,
			Kind: sp.Kind, Service: sp.Service, Host: sp.Host, Name: sp.Name, Start: sp.Start, End: sp.End,
			Status: sp.Status, Orphan: ts.Orphan, Marks: marks[sp]}
		if p := ts.LinkedFrom; p != nil {
			row.LinkedFrom, row.LinkedFromName = &render.SpanRef{TraceID: p.TraceID, SpanID: p.SpanID}, p.Name
		}
		out.Spans = append(out.Spans, row)
	}
	for i, m := range tl.Missing {
		out.Missing[i] = render.MissingRef{TraceID: m.TraceID, SpanID: m.SpanID, ReferencedAs: m.What}
	}
	return out
}
