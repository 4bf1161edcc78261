package render

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// This file writes the report as Markdown (the default), and holds what
// the Markdown and the HTML say alike: the report's view.

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

// mdEscaper backslash-escapes the characters that could start Markdown
// (or HTML) inside a line of text; line breaks become spaces.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
	"|", `\|`, "~", `\~`, "&", `\&`, "#", `\#`, "\r\n", " ", "\n", " ", "\r", " ",
)

// mdText is s as literal Markdown text.
func mdText(s string) string { return mdEscaper.Replace(s) }

// mdCode is s as a Markdown code span: delimited by one more backtick than
// its longest run of them, padded when it starts or ends with one.
func mdCode(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	if s == "" {
		return "—"
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || (strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ")) {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdCell makes marked-up text safe in a table cell: GitHub splits cells
// at every unescaped |, even inside a code span.
func mdCell(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			b.WriteString(s[i : i+2])
			i++
			continue
		}
		if s[i] == '|' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mdCells is each of texts as a table cell of literal text; "" is "—".
func mdCells(texts ...string) []string {
	cells := make([]string, len(texts))
	for i, t := range texts {
		if t == "" {
			t = "—"
		}
		cells[i] = mdCell(mdText(t))
	}
	return cells
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// maxWorst is how many findings of a group a report shows in full;
// maxRest how many more it lists by id.
const (
	maxWorst = 3
	maxRest  = 20
	maxFiles = 10
)

// reportView is what a report says, as plain text: the Markdown and the
// HTML mark it up alike.
type reportView struct {
	Title   string
	Verdict verdictText
	Notices []string // redaction, generation time
	Input   []fact
	// ClockNote says how to read the clock table.
	ClockNote string
	Clock     []clockRow
	Groups    []groupView
	Caveats   []string
}

// verdictText is the verdict: its head ("5 findings") stands out, the
// worst group's title is marked up, the rest is text.
type verdictText struct {
	Head, Found string
	Worst       *groupTitle // nil without findings
	Rest        string
}

// fact is one line of the input section.
type fact struct{ Label, Value string }

// clockRow is one host of the clock table; "" cells are unknown.
type clockRow struct{ Host, Services, Offset, Bounds, Uncertainty, Drift, Pairs, Notes string }

// groupView is one group of findings.
type groupView struct {
	Number   string // 1-based, for headings and anchors
	Title    groupTitle
	Rule     string
	Severity string
	Counts   string // "2 findings: 1 certain, 1 likely"
	Why      string // why the rule matters, one paragraph
	Fixes    []string
	Findings []*Finding    // all of them, worst first
	Worst    []findingView // the worst maxWorst
	Rest     []*Finding    // the next maxRest
	More     int           // the findings after those
}

// findingView is a finding shown in full.
type findingView struct {
	*Finding
	Chart *chart
	Refs  []spanRef
}

// spanRef is one line of a finding's IDs: what to look up in the
// tracing UI.
type spanRef struct{ Role, TraceID, SpanID, Where, Name, Actor string }

func newReportView(r *Report) *reportView {
	groups := groupFindings(r.Findings.Findings, r.GroupPatterns)
	v := &reportView{Title: "raceline report: " + inputName(r.Input), Verdict: verdict(r, groups),
		Input: inputFacts(r.Input), Caveats: caveats(r)}
	if r.Redacted {
		v.Notices = append(v.Notices, redactionNotice(r.RandomKey))
	}
	if r.Generated.Valid {
		v.Notices = append(v.Notices, "Generated "+FormatTime(r.Generated.NS)+".")
	}
	v.ClockNote, v.Clock = clockTable(r)
	hosts := clockHosts(r.Clock)
	for i := range groups {
		v.Groups = append(v.Groups, newGroupView(&groups[i], i+1, hosts))
	}
	return v
}

// inputName names the input in the title: the one file's base name, else
// how many files.
func inputName(s *Stats) string {
	switch len(s.Files) {
	case 0:
		return "no input"
	case 1:
		p := s.Files[0].Path
		return p[strings.LastIndexAny(p, `/\`)+1:]
	}
	return plural(int64(len(s.Files)), "file", "files")
}

// verdict is the report's first paragraph: what was found, in what.
func verdict(r *Report, groups []findingGroup) verdictText {
	s := r.summary()
	var b strings.Builder
	v := verdictText{Head: "No findings"}
	if s.Findings == 0 {
		b.WriteString(".")
	} else {
		v.Head = plural(s.Findings, "finding", "findings")
		b.WriteString(" (" + orderedCounts(s.BySeverity, severityOrder) + "; " +
			orderedCounts(s.ByConfidence, confidenceOrder) + ") in " + plural(int64(len(groups)), "group", "groups") +
			", by rule: " + countsText(s.ByRule) + ".")
		t := groups[0].title()
		v.Worst = &t
	}
	v.Found = b.String()
	b.Reset()
	in := r.Input
	if in.Start.Valid {
		b.WriteString(" The input covers " + Duration(in.End.NS-in.Start.NS) + " of traces, " + humanRange(in.Start.NS, in.End.NS) +
			", from " + plural(int64(len(in.Services)), "service", "services") + " (" + strings.Join(in.Services, ", ") + ") on " +
			plural(int64(len(in.Hosts)), "host", "hosts") + ".")
	}
	if r.Hidden > 0 {
		b.WriteString(" " + plural(r.Hidden, "more finding", "more findings") + " below --min-confidence " + r.MinConfidence +
			pick(r.Hidden == 1, " is", " are") + " counted but not shown.")
	}
	if n := r.Notes.Filtered; n > 0 {
		b.WriteString(" " + plural(n, "finding", "findings") + " outside --since, --until, --service or --key " +
			pick(n == 1, "is", "are") + " not shown.")
	}
	v.Rest = b.String()
	return v
}

// humanRange writes two raw times to the millisecond, the second without
// its date when it is the same day: 2026-11-21 10:00:00.000 to
// 10:00:00.430 UTC.
func humanRange(start, end int64) string {
	a, b := FormatTime(start), FormatTime(end)
	first, last := a[:10]+" "+a[11:23], b[:10]+" "+b[11:23]
	if a[:10] == b[:10] {
		last = b[11:23]
	}
	return first + " to " + last + " UTC"
}

func redactionNotice(random bool) string {
	s := "Redacted: the variable parts of keys (numbers, hex, UUIDs, base64) and every actor are replaced by keyed hashes " +
		"(the first 8 hex digits of an HMAC-SHA-256); one value has one hash throughout the report. Finding ids are computed " +
		"from the redacted keys, so they are not those raceline analyze shows."
	if random {
		s += " The key is random, made for this run: the hashes differ from run to run and cannot be matched with another report."
	}
	return s
}

// inputFacts is the input section: what was read, and how complete it is.
func inputFacts(s *Stats) []fact {
	facts := []fact{{"Files", filesText(s.Files)}}
	if s.Start.Valid {
		facts = append(facts, fact{"Time range", humanRange(s.Start.NS, s.End.NS) + " (" + Duration(s.End.NS-s.Start.NS) + ")"})
	}
	facts = append(facts,
		fact{"Spans", count(s.Spans) + " in " + plural(s.Traces, "trace", "traces") + ": " + plural(s.Requests, "request", "requests") +
			", " + plural(s.Jobs, "job", "jobs")},
		fact{"Services", names(s.Services)},
		fact{"Hosts", names(s.Hosts)},
		fact{"Records", count(s.Records.Read) + " read, " + count(s.Records.Skipped) + " skipped" + reasons(skipCounts(s.Skipped))},
		fact{"Dropped spans", count(s.SpansDropped.Total()) + reasons(s.SpansDropped)},
		fact{"Anomalies", count(s.Anomalies.Total()) + reasons(s.Anomalies)},
		fact{"Parents present", presence(s.SpansWithParent, s.OrphanSpans, "span that names a parent", "spans that name a parent", "orphan", "orphans")},
		fact{"Link targets present", presence(s.Links-s.MissingLinkTargets, s.MissingLinkTargets, "link", "links", "missing", "missing")},
	)
	if s.CacheOps != nil && s.CacheOpsWithoutKey != nil {
		facts = append(facts, fact{"Cache operations", count(*s.CacheOps) + " (" + count(*s.CacheOpsWithoutKey) + " without a key)"})
	}
	if len(s.IgnoredFiles) > 0 {
		facts = append(facts, fact{"Ignored files", names(s.IgnoredFiles)})
	}
	return facts
}

func filesText(files []FileStats) string {
	if len(files) == 0 {
		return "none"
	}
	parts := make([]string, 0, min(len(files), maxFiles)+1)
	for _, f := range files[:min(len(files), maxFiles)] {
		parts = append(parts, f.Path+" ("+f.Format+pick(f.Compression == "none", "", ", "+f.Compression)+", "+bytesText(f.Bytes)+", "+
			plural(f.Records, "record", "records")+")")
	}
	if more := len(files) - maxFiles; more > 0 {
		parts = append(parts, "and "+count(int64(more))+" more")
	}
	return strings.Join(parts, "; ")
}

func skipCounts(groups []SkipGroup) Counts {
	c := Counts{}
	for _, g := range groups {
		c[g.Reason] += g.Count
	}
	return c
}

// reasons is ": reason n, …" after a count, or "" when there are none.
func reasons(c Counts) string {
	if c.Total() == 0 {
		return ""
	}
	return ": " + countsText(c)
}

// presence says how many of the references of a kind found their target:
// "100%: 28 of the 28 spans that name a parent (0 orphans)".
func presence(found, missing int64, one, many, missingOne, missingMany string) string {
	total := found + missing
	if total == 0 {
		return "n/a: no " + one
	}
	return share(found, total) + ": " + count(found) + " of the " + plural(total, one, many) + " (" + plural(missing, missingOne, missingMany) + ")"
}

// share is n of total as a percentage, rounded down to a tenth so that
// it never says 100% of an incomplete input: "100%", "66.6%", "n/a".
func share(n, total int64) string {
	switch {
	case total <= 0:
		return "n/a"
	case n >= total:
		return "100%"
	}
	p := n * 1000 / total
	return strconv.FormatInt(p/10, 10) + "." + strconv.FormatInt(p%10, 10) + "%"
}

// clockTable is the clock section: how to read it, and one row per host.
func clockTable(r *Report) (string, []clockRow) {
	note := "Every time in this report is a raw span time; the table gives each host's clock offset against the reference " +
		"host of its group (corrected time = raw − offset)"
	if r.Clock.At.Valid {
		note += ", at " + FormatTime(r.Clock.At.NS) + ", the middle of the input"
	}
	note += "."
	if r.Notes.ClockOff {
		note = "Clock correction is off (--no-clock-correction): orderings across hosts were judged on raw times."
	}
	if len(r.Clock.Hosts) == 0 {
		return note + " No host offsets were estimated.", nil
	}
	rows := make([]clockRow, len(r.Clock.Hosts))
	for i := range r.Clock.Hosts {
		rows[i] = newClockRow(&r.Clock.Hosts[i])
	}
	return note, rows
}

func newClockRow(h *ClockHost) clockRow {
	row := clockRow{Host: h.Host, Services: strings.Join(h.Services, ", "), Offset: "unbounded", Pairs: count(h.Pairs),
		Notes: strings.Join(h.Warnings, "; ")}
	if h.PairsSetAside > 0 {
		row.Pairs += " (" + count(h.PairsSetAside) + " set aside)"
	}
	if !h.Bounded {
		return row
	}
	row.Offset = pick(h.Reference, "reference", Offset(h.OffsetNS))
	switch {
	case h.Reference: // its bounds are zero by definition
	case h.MinNS != nil && h.MaxNS != nil:
		row.Bounds = offsetRange(*h.MinNS, *h.MaxNS)
	case h.MaxNS != nil:
		row.Bounds = "≤ " + Offset(*h.MaxNS)
	case h.MinNS != nil:
		row.Bounds = "≥ " + Offset(*h.MinNS)
	}
	if h.UncertaintyNS != nil && !h.Reference {
		row.Uncertainty = Duration(*h.UncertaintyNS)
	}
	if h.DriftPPM != nil && !h.Reference {
		row.Drift = signed(strconv.FormatFloat(*h.DriftPPM, 'f', 1, 64)) + " ppm"
	}
	if oneSided(h) && !containsSubstring(h.Warnings, clockOneSidedNote) {
		row.Notes = strings.TrimPrefix(row.Notes+"; "+clockOneSidedNote, "; ")
	}
	return row
}

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

// caveats are what bounds the findings: the notes analyze ends with
// (skipped records, weak clocks, jobs without a producer), then what no
// rule covers.
func caveats(r *Report) []string {
	var b strings.Builder
	writeFindingsNotes(&b, r.Findings, 1<<30, Style{}) // one line per note
	var notes []string
	for _, l := range strings.Split(b.String(), "\n") {
		if n, ok := strings.CutPrefix(l, "  - "); ok && n != samplingNote {
			notes = append(notes, strings.TrimSuffix(n, ".")+".")
		}
	}
	for _, item := range strings.Split(strings.TrimPrefix(rulesOutOfScope, "  - "), "\n  - ") {
		notes = append(notes, unwrap(item))
	}
	return notes
}

// unwrap joins text wrapped for a terminal into one line.
func unwrap(s string) string { return strings.Join(strings.Fields(s), " ") }
