package render

import (
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/raceline/raceline/internal/trace"
)

// mermaidReplacer rewrites the characters Mermaid's gantt grammar gives a
// meaning to, in task names, section names and the title, into their
// full-width forms: ":" ends a task name, "#" and ";" end a statement, "%"
// starts a comment (after any character but "}"), and "<", ">" would be
// taken for HTML by Mermaid's sanitizer. Line breaks and tabs become spaces.
var mermaidReplacer = strings.NewReplacer(
	":", "：", "#", "＃", ";", "；", "%", "％", "<", "＜", ">", "＞",
	"\r\n", " ", "\n", " ", "\r", " ", "\t", " ",
)

// mermaidKeywords are the words the gantt lexer matches (case-insensitively)
// at the start of a line before it tries a task name, so a name starting
// with one of them would be read as a statement. sanitizeMermaid puts
// mermaidGuard before such a name.
var mermaidKeywords = []string{
	"accdescr", "acctitle", "axisformat", "call", "click", "dateformat", "excludes", "gantt", "href",
	"inclusiveenddates", "includes", "section", "tickinterval", "title", "todaymarker", "topaxis", "weekday", "weekend",
}

const mermaidGuard = "· "

// sanitizeMermaid makes s safe as a gantt task or section name: the
// characters the grammar rejects replaced (see mermaidReplacer), other
// control characters dropped, spaces trimmed, a name that starts like a
// keyword or a YYYY-MM-DD date guarded, and an empty name "(unnamed)".
func sanitizeMermaid(s string) string {
	s = mermaidReplacer.Replace(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if s == "" {
		return "(unnamed)"
	}
	lower := strings.ToLower(s)
	for _, k := range mermaidKeywords {
		if strings.HasPrefix(lower, k) {
			return mermaidGuard + s
		}
	}
	if startsWithDate(s) {
		return mermaidGuard + s
	}
	return s
}

// startsWithDate reports whether s starts with dddd-dd-dd, the lexer's date
// token.
func startsWithDate(s string) bool {
	if len(s) < 10 {
		return false
	}
	for i, c := range []byte(s[:10]) {
		if (i == 4 || i == 7) != (c == '-') || (i != 4 && i != 7 && (c < '0' || c > '9')) {
			return false
		}
	}
	return true
}

// WriteTimelineMermaid writes tl as a Mermaid gantt chart, the form GitHub
// and GitLab render in Markdown: one section per service and host (in order
// of first appearance), one task per span in depth-first order, named with
// its duration, error spans tagged crit, job roots marked ⇢.
//
// Times are raw milliseconds since the Unix epoch (dateFormat x).
// Mermaid's gantt works in whole milliseconds, so a start is rounded down,
// an end up, and a span shorter than a millisecond is drawn one millisecond
// long; the name carries the exact duration.
func WriteTimelineMermaid(w io.Writer, tl *Timeline) error {
	var b strings.Builder
	u := &tl.Request
	b.WriteString("gantt\n")
	b.WriteString("    title " + sanitizeMermaid(u.Kind+" "+orUnnamed(u.Name)+" · trace "+u.TraceID.String()) + "\n")
	b.WriteString("    dateFormat x\n    axisFormat %H:%M:%S.%L\n    todayMarker off\n")
	b.WriteString("    %% raw span times in ms since the Unix epoch; spans under 1 ms are drawn 1 ms long\n")
	for _, sec := range mermaidSections(tl.Spans) {
		b.WriteString("    section " + sanitizeMermaid(sec.name) + "\n")
		for _, s := range sec.spans {
			writeMermaidTask(&b, s)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type mermaidSection struct {
	name  string
	spans []*TimelineSpan
}

// mermaidSections groups spans by service and host, sections in order of
// their first span, spans in their given order.
func mermaidSections(spans []TimelineSpan) []mermaidSection {
	var secs []mermaidSection
	index := map[[2]string]int{}
	for i := range spans {
		s := &spans[i]
		key := [2]string{s.Service, s.Host}
		k, ok := index[key]
		if !ok {
			k = len(secs)
			index[key] = k
			secs = append(secs, mermaidSection{name: where(s.Service, s.Host)})
		}
		secs[k].spans = append(secs[k].spans, s)
	}
	return secs
}

func writeMermaidTask(b *strings.Builder, s *TimelineSpan) {
	name := orUnnamed(s.Name)
	if s.LinkedFrom != nil {
		name = markJob + name
	}
	start := floorDiv(s.Start, 1e6)
	end := max(-floorDiv(-s.End, 1e6), start+1)
	b.WriteString("    " + sanitizeMermaid(name+" ("+Duration(s.End-s.Start)+")") + " :")
	if s.Status == trace.StatusError {
		b.WriteString("crit, ")
	}
	b.WriteString(strconv.FormatInt(start, 10) + ", " + strconv.FormatInt(end, 10) + "\n")
}

// floorDiv divides rounding toward negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}
