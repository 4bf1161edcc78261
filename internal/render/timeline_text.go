package render

import (
	"io"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/raceline/raceline/internal/trace"
)

const (
	// minBarWidth keeps bars readable in a narrow terminal; the line is
	// then wider than the terminal.
	minBarWidth = 10
	// maxNameWidth caps the SPAN column; longer names end in "…".
	maxNameWidth = 40
	// maxIndentDepth caps indentation, so a deep tree keeps its names.
	maxIndentDepth = 12
)

// Row markers, explained by the legend line.
const (
	markJob    = "⇢ " // a job root, right after the producer span it is linked from
	markOrphan = "? " // the parent named is not in the input
	markError  = "✗ " // status error
	barFull    = "█"
)

const timelineLegend = "legend: ⇢ job, linked from the producer named · ? orphan: parent not in the input · ✗ error status"

// WriteTimelineText writes tl as a waterfall: a header naming the unit,
// then one row per span with its start offset from the unit's start, its
// duration, service, host, name (indented by depth) and a bar, all bars on
// one scale, fitted to width columns; then a legend line.
func WriteTimelineText(w io.Writer, tl *Timeline, width int, st Style) error {
	var b strings.Builder
	writeFindingHeader(&b, tl.Finding, width, st)
	writeTimelineHeader(&b, tl, st)
	marked := hasMarks(tl)
	t := table{right: []bool{true, true}}
	head := heads(st, "START", "DURATION", "SERVICE", "HOST", "SPAN")
	if marked {
		head = append(head, heads(st, "EVENT")...)
	}
	t.add(head...)
	for i := range tl.Spans {
		s := &tl.Spans[i]
		row := []cell{{text: Offset(s.Start - tl.Request.Start)}, {text: Duration(s.End - s.Start)},
			{text: s.Service}, {text: s.Host}, {text: spanLabel(s), style: afterIndent(rowStyle(s, st))}}
		if marked {
			row = append(row, cell{text: strings.Join(s.Marks, ", "), style: st.Yellow})
		}
		t.add(row...)
	}
	widths := t.widths()
	fixed := 2 * len(widths) // the separators, including the one before the bar
	for _, cw := range widths {
		fixed += cw
	}
	sc := newScale(tl, max(minBarWidth, width-fixed))
	bars := make([]string, len(t.rows))
	bars[0] = sc.axis(tl.Request.Start)
	for i := range tl.Spans {
		bars[i+1] = sc.bar(&tl.Spans[i], st)
	}
	t.writeWith(&b, "", widths, bars)
	if len(tl.Spans) == 0 {
		b.WriteString("(no spans to show)\n")
	}
	writeTimelineFooter(&b, tl, st)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFindingHeader names the finding a timeline was asked for, if any:
//
//	finding rl-3f9a1c2e5b7d · HIGH read-your-writes · user:42:profile · certain
//	  GET /profile/{id} read user:42:profile from cache 28ms before …
func writeFindingHeader(b *strings.Builder, f *Finding, width int, st Style) {
	if f == nil {
		return
	}
	b.WriteString(st.Bold("finding "+f.ID) + " · " + severityStyle(f.Severity, st)(strings.ToUpper(f.Severity)) + " " +
		f.Rule + " · " + f.Key + " · " + f.Confidence + "\n")
	for _, l := range wrap(f.Summary, max(width-2, 20)) {
		b.WriteString("  " + l + "\n")
	}
	b.WriteByte('\n')
}

// hasMarks reports whether any span carries one of a finding's events.
func hasMarks(tl *Timeline) bool {
	for i := range tl.Spans {
		if len(tl.Spans[i].Marks) > 0 {
			return true
		}
	}
	return false
}

func writeTimelineHeader(b *strings.Builder, tl *Timeline, st Style) {
	u := &tl.Request
	head := u.Kind + " " + orUnnamed(u.Name) + " · " + where(u.Service, u.Host)
	if u.Actor != "" {
		head += " · actor " + u.Actor
	}
	b.WriteString(st.Bold(head) + "\n")
	b.WriteString(st.Dim("trace "+u.TraceID.String()+" span "+u.SpanID.String()+" · "+
		FormatTime(u.Start)+" · "+Duration(u.End-u.Start)) + "\n\n")
}

func writeTimelineFooter(b *strings.Builder, tl *Timeline, st Style) {
	legend := timelineLegend
	if hasMarks(tl) {
		legend += " · EVENT: the finding's events"
	}
	b.WriteString("\n" + st.Dim(legend) + "\n")
	if tl.Hidden > 0 {
		b.WriteString(plural(int64(tl.Hidden), "span", "spans") + " hidden by --service, --since or --until\n")
	}
	var parents, links int64
	for _, m := range tl.Missing {
		if m.ReferencedAs == MissingParent {
			parents++
		} else {
			links++
		}
	}
	var parts []string
	if parents > 0 {
		parts = append(parts, plural(parents, "parent", "parents"))
	}
	if links > 0 {
		parts = append(parts, plural(links, "link target", "link targets"))
	}
	if len(parts) > 0 {
		b.WriteString("not in the input: " + strings.Join(parts, ", ") + "\n")
	}
}

// where names a service and its host, once when they are the same (a host
// key that fell back to the service name).
func where(service, host string) string {
	if host == service {
		return service
	}
	return service + " on " + host
}

// spanLabel is the SPAN cell: indentation, markers, the name and, for a
// job, the producer it is linked from.
func spanLabel(s *TimelineSpan) string {
	label := strings.Repeat("  ", min(s.Depth, maxIndentDepth))
	if s.Status == trace.StatusError {
		label += markError
	}
	if s.Orphan {
		label += markOrphan
	}
	if s.LinkedFrom != nil {
		label += markJob
	}
	label += orUnnamed(s.Name)
	if s.LinkedFrom != nil {
		label += " ← " + orUnnamed(s.LinkedFromName)
	}
	return truncate(label, maxNameWidth)
}

func rowStyle(s *TimelineSpan, st Style) func(string) string {
	switch {
	case s.Status == trace.StatusError:
		return st.Red
	case s.Orphan:
		return st.Yellow
	}
	return nil
}

// afterIndent applies style to a cell's text after its leading spaces.
func afterIndent(style func(string) string) func(string) string {
	if style == nil {
		return nil
	}
	return func(s string) string {
		t := strings.TrimLeft(s, " ")
		return s[:len(s)-len(t)] + style(t)
	}
}

func orUnnamed(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return name
}

// truncate cuts s to n runes, the last one "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// scale maps raw times onto bar columns [0, width).
type scale struct {
	t0, t1 int64
	width  int
}

// newScale spans every shown span and the unit itself.
func newScale(tl *Timeline, width int) scale {
	sc := scale{t0: tl.Request.Start, t1: tl.Request.End, width: width}
	for i := range tl.Spans {
		sc.t0 = min(sc.t0, tl.Spans[i].Start)
		sc.t1 = max(sc.t1, tl.Spans[i].End)
	}
	return sc
}

// col maps t to a column, rounding down (or up with ceil). It computes
// (t − t0) · width / (t1 − t0) in 128 bits: nanosecond times overflow
// 64 bits, and floating point could differ between platforms.
func (sc scale) col(t int64, ceil bool) int {
	span := uint64(sc.t1 - sc.t0)
	if span == 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(t-sc.t0), uint64(sc.width))
	q, r := bits.Div64(hi, lo, span) // hi < span, since t − t0 ≤ span
	if ceil && r != 0 {
		q++
	}
	return int(q)
}

// bar draws a span: spaces up to its start, then at least one block.
func (sc scale) bar(s *TimelineSpan, st Style) string {
	c0 := min(sc.col(s.Start, false), sc.width-1)
	c1 := max(sc.col(s.End, true), c0+1)
	style := st.Cyan
	if s.Status == trace.StatusError {
		style = st.Red
	}
	return strings.Repeat(" ", c0) + style(strings.Repeat(barFull, c1-c0))
}

// axis labels the bar column with the offsets of its ends from the unit's
// start.
func (sc scale) axis(start int64) string {
	left, right := Offset(sc.t0-start), Offset(sc.t1-start)
	gap := sc.width - utf8.RuneCountInString(left) - utf8.RuneCountInString(right)
	return left + strings.Repeat(" ", max(1, gap)) + right
}
