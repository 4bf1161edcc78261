package render

import (
	"io"
	"strconv"
	"strings"
	"unicode"
)

// This file writes the report as Markdown (the default): the report's view
// (reportview.go) marked up for a ticket.

// WriteReportMarkdown writes r as a Markdown document for a ticket: a
// title and the verdict; the findings at a glance; the input and how
// complete it is; the clock; each group of findings with its worst ones in
// full (summary, a Mermaid gantt chart, the IDs to look up, why it matters
// and the fixes); the caveats. The same r gives the same bytes.
func WriteReportMarkdown(w io.Writer, r *Report) error {
	v := newReportView(r)
	var b strings.Builder
	b.WriteString("# " + mdText(v.Title) + "\n\n**" + mdText(v.Verdict.Head) + "**" + mdText(v.Verdict.Found))
	if w := v.Verdict.Worst; w != nil {
		b.WriteString(" The worst: " + mdTitle(*w) + ".")
	}
	b.WriteString(mdText(v.Verdict.Rest) + "\n")
	for _, n := range v.Notices {
		b.WriteString("\n> " + mdText(n) + "\n")
	}
	writeGlanceMarkdown(&b, v)
	b.WriteString("\n## Input\n\n")
	for _, f := range v.Input {
		b.WriteString("- **" + mdText(f.Label) + ":** " + mdText(f.Value) + "\n")
	}
	writeClockMarkdown(&b, v)
	if len(v.Groups) > 0 {
		b.WriteString("\n## Findings\n")
	}
	for i := range v.Groups {
		writeGroupMarkdown(&b, &v.Groups[i])
	}
	b.WriteString("\n## Caveats\n\n")
	for _, c := range v.Caveats {
		b.WriteString("- " + mdText(c) + "\n")
	}
	_, err := io.WriteString(w, noControls(b.String()))
	return err
}

// noControls replaces the control characters the input may hold, but line
// breaks and tabs, by U+FFFD: HTML calls them parse errors, and a terminal
// or an editor may act on them.
func noControls(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return unicode.ReplacementChar
		}
		return r
	}, s)
}

func writeGlanceMarkdown(b *strings.Builder, v *reportView) {
	if len(v.Groups) == 0 {
		return
	}
	b.WriteString("\n| # | Findings | Rule | Severity | Worst |\n| --: | --- | --- | --- | --- |\n")
	for i := range v.Groups {
		g := &v.Groups[i]
		worst := g.Worst[0]
		b.WriteString("| " + strconv.Itoa(i+1) + " | " + mdCell(mdTitle(g.Title)) + " | " + g.Rule + " | " + g.Severity +
			" | " + worst.Confidence + ", margin " + Duration(worst.MarginNS) + " |\n")
	}
}

func writeClockMarkdown(b *strings.Builder, v *reportView) {
	b.WriteString("\n## Clock\n\n" + mdText(v.ClockNote) + "\n")
	if len(v.Clock) == 0 {
		return
	}
	b.WriteString("\n| Host | Services | Offset | Bounds | ± | Drift | Pairs | Notes |\n| --- | --- | --: | --- | --: | --: | --: | --- |\n")
	for _, h := range v.Clock {
		b.WriteString("| " + strings.Join(mdCells(h.Host, h.Services, h.Offset, h.Bounds, h.Uncertainty, h.Drift, h.Pairs, h.Notes), " | ") + " |\n")
	}
}

func writeGroupMarkdown(b *strings.Builder, g *groupView) {
	b.WriteString("\n### " + g.Number + ". " + mdTitle(g.Title) + "\n\n")
	b.WriteString("`" + g.Rule + "` · " + g.Severity + " severity · " + mdText(g.Counts) + "\n")
	for i := range g.Worst {
		writeFindingMarkdown(b, &g.Worst[i])
	}
	if len(g.Rest) > 0 {
		b.WriteString("\n**Also in this group:**\n\n")
		for _, f := range g.Rest {
			b.WriteString("- " + mdCode(f.ID) + " · " + f.Confidence + ", margin " + Duration(f.MarginNS) + " · " +
				mdCode(f.Key) + " · request trace " + mdCode(f.Request.TraceID.String()) + "\n")
		}
		if g.More > 0 {
			b.WriteString("- … and " + plural(int64(g.More), "more finding", "more findings") + " (raceline analyze -o json lists them all)\n")
		}
	}
	if g.Why != "" {
		b.WriteString("\n**Why it matters.** " + mdText(g.Why) + "\n")
	}
	if len(g.Fixes) > 0 {
		b.WriteString("\n**Fixes:**\n\n")
		for _, f := range g.Fixes {
			b.WriteString("- " + mdText(f) + "\n")
		}
	}
}

func writeFindingMarkdown(b *strings.Builder, f *findingView) {
	b.WriteString("\n#### " + mdCode(f.ID) + " · " + f.Severity + " · " + f.Confidence + ", margin " + Duration(f.MarginNS) + "\n\n")
	b.WriteString("> " + mdText(f.Summary) + "\n\n")
	var m strings.Builder
	writeChartMermaid(&m, f.Chart)
	fence := strings.Repeat("`", max(3, longestRun(m.String(), '`')+1))
	b.WriteString(fence + "mermaid\n" + m.String() + fence + "\n\n")
	b.WriteString("| What | Trace ID | Span ID | Where | Span | Actor |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range f.Refs {
		b.WriteString("| " + mdCell(mdText(r.Role)) + " | " + mdCode(r.TraceID) + " | " + mdCode(r.SpanID) + " | " +
			strings.Join(mdCells(r.Where, r.Name, r.Actor), " | ") + " |\n")
	}
}

// mdTitle marks up a group's title: the key shape and the party as code.
func mdTitle(t groupTitle) string {
	s := mdText(t.Lead) + " " + mdCode(t.Key)
	if t.Party != "" {
		s += " " + mdText(t.Joiner) + " " + mdCode(t.Party)
	}
	return s
}

// writeChartMermaid writes c as a Mermaid gantt chart as timeline -o
// mermaid does: one section per lane, one task per bar (units tagged
// done, the culprit crit), then the window in a section of its own,
// tagged active.
func writeChartMermaid(b *strings.Builder, c *chart) {
	b.WriteString("gantt\n    title " + sanitizeMermaid(c.Title) + "\n")
	b.WriteString("    dateFormat x\n    axisFormat %H:%M:%S.%L\n    todayMarker off\n")
	b.WriteString("    %% raw span times in ms since the Unix epoch; spans under 1 ms are drawn 1 ms long\n")
	for _, l := range c.Lanes {
		b.WriteString("    section " + sanitizeMermaid(where(l.Service, l.Host)) + "\n")
		for _, r := range l.Rows {
			tag := ""
			switch {
			case r.Culprit != "":
				tag = "crit"
			case r.Kind == barUnit:
				tag = "done"
			}
			label := r.Label
			switch {
			case r.Culprit != "":
				label = r.Culprit + ": " + label
			case r.Kind == barUnit && r.Detail != "":
				label += " · " + r.Detail
			}
			writeMermaidBar(b, label, tag, r.Start, r.End)
		}
	}
	if w := c.Window; w != nil {
		b.WriteString("    section window\n")
		writeMermaidBar(b, w.Label, "active", w.Start, w.End)
	}
}

// writeMermaidBar writes one task, in whole milliseconds as
// writeMermaidTask does, named with its exact duration.
func writeMermaidBar(b *strings.Builder, label, tag string, startNS, endNS int64) {
	start := floorDiv(startNS, 1e6)
	end := max(-floorDiv(-endNS, 1e6), start+1)
	b.WriteString("    " + sanitizeMermaid(label+" ("+Duration(endNS-startNS)+")") + " :")
	if tag != "" {
		b.WriteString(tag + ", ")
	}
	b.WriteString(strconv.FormatInt(start, 10) + ", " + strconv.FormatInt(end, 10) + "\n")
}
