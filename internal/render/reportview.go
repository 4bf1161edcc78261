package render

import "strings"

// The report's view: what the Markdown and the HTML report say alike, as
// plain text that each marks up its own way.

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
