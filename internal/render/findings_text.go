package render

import (
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxEventLines caps a finding's mini-timeline; -o json lists every event.
const maxEventLines = 6

// samplingNote is DESIGN §5's caveat, said after every analysis.
const samplingNote = "findings are a lower bound under sampling: a mutation missing from the input cannot be reported, and absence is never inferred"

// WriteFindingsText writes the findings for people, each as a block:
//
//	HIGH  read-your-writes  user:42:profile
//	  GET /profile/{id} read user:42:profile from cache 28ms before job …
//	  rl-3f9a1c2e5b7d · certain, margin 28ms
//	  request 4bf92f3577b34da6a3ce929d0e0e4736 · job 0af7651916cd43dd8448eb211c80319c
//
//	      +0s  enqueue    send jobs  api on host-a
//	     +16ms read hit   …
//
// then the totals and the caveats that bound what the findings mean.
// Summaries are wrapped to width columns.
func WriteFindingsText(w io.Writer, f *Findings, width int, st Style) error {
	var b strings.Builder
	hosts := clockHosts(f.Clock)
	for i := range f.Findings {
		writeFindingText(&b, &f.Findings[i], hosts, f.Notes.ClockOff, width, st)
		b.WriteByte('\n')
	}
	writeFindingsTotals(&b, f, st)
	writeFindingsNotes(&b, f, width, st)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFindingText(b *strings.Builder, x *Finding, hosts map[string]*ClockHost, clockOff bool, width int, st Style) {
	b.WriteString(severityStyle(x.Severity, st)(strings.ToUpper(x.Severity)) + "  " + st.Bold(x.Rule) + "  " + x.Key + "\n")
	for _, l := range wrap(x.Summary, max(width-2, 20)) {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("  " + st.Dim(x.ID+" · "+x.Confidence+", margin "+Duration(x.MarginNS)) + "\n")
	b.WriteString("  " + st.Dim(partiesText(x)) + "\n\n")
	writeEvents(b, x.Events, st)
	if line := eventClockText(x.Events, hosts, clockOff); line != "" {
		b.WriteString("  " + st.Dim(line) + "\n")
	}
}

// partiesText names the trace of every unit the finding involves, by the
// field the JSON gives it.
func partiesText(x *Finding) string {
	s := "request " + x.Request.TraceID.String()
	if x.Job != nil {
		s += " · job " + x.Job.TraceID.String()
	}
	if x.Other != nil {
		s += " · other " + x.Other.TraceID.String()
	}
	return s
}

// writeEvents writes the mini-timeline: each event's offset from the
// first, what it did, to which key, where, and the span's name. The
// job's end says little about the race and is left out.
func writeEvents(b *strings.Builder, events []Event, st Style) {
	shown := make([]*Event, 0, len(events))
	for i := range events {
		if events[i].Op != "job-end" {
			shown = append(shown, &events[i])
		}
	}
	more := 0
	if len(shown) > maxEventLines {
		more = len(shown) - (maxEventLines - 1)
		shown = shown[:maxEventLines-1]
	}
	if len(shown) == 0 {
		return
	}
	t := table{right: []bool{true}}
	for _, e := range shown {
		t.add(cell{text: Offset(e.Start - shown[0].Start)}, cell{text: eventLabel(e), style: eventStyle(e, st)},
			cell{text: e.Key}, cell{text: where(e.Service, e.Host)}, cell{text: orUnnamed(e.Name), style: st.Dim})
	}
	t.write(b, "    ")
	if more > 0 {
		b.WriteString("    " + st.Dim("… and "+plural(int64(more), "more event", "more events")+" (-o json lists them)") + "\n")
	}
}

func eventLabel(e *Event) string {
	if e.Hit == nil {
		return e.Op
	}
	return e.Op + pick(*e.Hit, " hit", " miss")
}

func eventStyle(e *Event, st Style) func(string) string {
	switch e.Op {
	case "read":
		return st.Cyan
	case "write", "fill", "invalidate":
		return st.Yellow
	}
	return nil
}

func severityStyle(sev string, st Style) func(string) string {
	if sev == "high" {
		return func(s string) string { return st.Red(st.Bold(s)) }
	}
	return st.Yellow
}

// eventClockText says, when the events ran on more than one host, how
// their raw times compare: each host's offset against its reference.
func eventClockText(events []Event, hosts map[string]*ClockHost, clockOff bool) string {
	var names []string
	for i := range events {
		if h := events[i].Host; !slices.Contains(names, h) {
			names = append(names, h)
		}
	}
	if len(names) < 2 {
		return ""
	}
	if clockOff {
		return "raw times; clock correction is off"
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " " + hostOffsetText(hosts[n])
	}
	return "raw times; clock offsets: " + strings.Join(parts, ", ")
}

// hostOffsetText is a host's offset in a few characters: "reference",
// "+1.2ms ±300µs", "≤ +25ms", "unbounded".
func hostOffsetText(h *ClockHost) string {
	switch {
	case h == nil || !h.Bounded:
		return "unbounded"
	case h.Reference:
		return "reference"
	case h.UncertaintyNS != nil:
		return Offset(h.OffsetNS) + " ±" + Duration(*h.UncertaintyNS)
	case h.MaxNS != nil:
		return "≤ " + Offset(*h.MaxNS)
	case h.MinNS != nil:
		return "≥ " + Offset(*h.MinNS)
	}
	return Offset(h.OffsetNS)
}

func clockHosts(c Clock) map[string]*ClockHost {
	m := make(map[string]*ClockHost, len(c.Hosts))
	for i := range c.Hosts {
		m[c.Hosts[i].Host] = &c.Hosts[i]
	}
	return m
}

func writeFindingsTotals(b *strings.Builder, f *Findings, st Style) {
	s := f.summary()
	if s.Findings == 0 {
		b.WriteString(st.Bold("no findings") + "\n")
	} else {
		b.WriteString(st.Bold(plural(s.Findings, "finding", "findings")) + ": " + orderedCounts(s.BySeverity, severityOrder) +
			" · " + orderedCounts(s.ByConfidence, confidenceOrder) + "\n")
		b.WriteString("  by rule: " + countsText(s.ByRule) + "\n")
	}
	if f.Hidden > 0 {
		b.WriteString(plural(f.Hidden, "finding", "findings") + " below --min-confidence " + f.MinConfidence +
			" not shown (--min-confidence possible shows " + pick(f.Hidden == 1, "it", "them") + ")\n")
	}
	if n := f.Notes.Filtered; n > 0 {
		b.WriteString(plural(n, "finding", "findings") + " outside --since, --until, --service or --key not shown\n")
	}
}

// orderedCounts writes the non-zero counts in the order of keys: "2 high,
// 1 medium".
func orderedCounts(c Counts, keys []string) string {
	var parts []string
	for _, k := range keys {
		if c[k] > 0 {
			parts = append(parts, count(c[k])+" "+k)
		}
	}
	return strings.Join(parts, ", ")
}

// writeFindingsNotes writes the caveats: what was not analyzed, which
// orderings are weaker than they look, and sampling.
func writeFindingsNotes(b *strings.Builder, f *Findings, width int, st Style) {
	var notes []string
	if n := f.Input.Records.Skipped; n > 0 {
		notes = append(notes, plural(n, "record was", "records were")+" skipped and not analyzed (raceline stats lists "+
			pick(n == 1, "it", "them")+")")
	}
	if f.Notes.ClockOff {
		notes = append(notes, "clock correction is off (--no-clock-correction): orderings across hosts are judged on raw times")
	}
	for i := range f.Clock.Hosts {
		h := &f.Clock.Hosts[i]
		switch {
		case !h.Bounded:
			notes = append(notes, h.Host+" has no clock bounds: orderings against it are at most likely")
		case oneSided(h):
			notes = append(notes, h.Host+" is bounded on one side only (queue pairs): orderings against it are at most likely")
		}
	}
	if n := f.Notes.JobsWithoutEnqueue; n > 0 {
		notes = append(notes, count(n)+" of "+plural(f.Notes.Jobs, "job", "jobs")+" "+pick(n == 1, "has", "have")+
			" no producer span in the input (sampled away?): "+pick(n == 1, "its window opens", "their windows open")+
			" at the job's start, so earlier stale reads are missed")
	}
	notes = append(notes, samplingNote)
	b.WriteString("\n" + st.Bold("notes:") + "\n")
	for _, n := range notes {
		for i, l := range wrap(n, max(width-4, 20)) {
			b.WriteString(pick(i == 0, "  - ", "    ") + l + "\n")
		}
	}
}

// wrap breaks s at spaces into lines of at most width runes; a word
// longer than width gets a line of its own.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
