package render

import (
	"io"
	"strings"
)

// maxIgnoredShown is how many ignored files the load summary names.
const maxIgnoredShown = 3

// LoadSummary is what the short stderr block after a load reports: records
// skipped, spans dropped and files ignored. A run goes on (exit 0) after
// all of them; --strict stops at the first skip or drop instead.
type LoadSummary struct {
	Read    int64 // records read
	Skipped []SkipGroup
	Dropped Counts
	Ignored []string // files in directories that are not trace data
}

// Empty reports whether there is nothing to say.
func (s *LoadSummary) Empty() bool {
	return len(s.Skipped) == 0 && s.Dropped.Total() == 0 && len(s.Ignored) == 0
}

// WriteLoadSummary writes at most three lines, one per kind of loss:
//
//	warning: skipped 2 of 120 records: malformed-json 2 (first at a.jsonl:4)
//	warning: dropped 3 spans: invalid-span-id 3
//	note: ignored 1 file that is not trace data: logs/app.txt
//
// It writes nothing when s is Empty.
func WriteLoadSummary(w io.Writer, s *LoadSummary, st Style) error {
	var b strings.Builder
	if len(s.Skipped) > 0 {
		var n int64
		parts := make([]string, len(s.Skipped))
		for i, g := range s.Skipped {
			n += g.Count
			parts[i] = g.Reason + " " + count(g.Count)
			if len(g.First) > 0 {
				parts[i] += " (first at " + g.First[0].Text + ")"
			}
		}
		b.WriteString(st.Yellow("warning:") + " skipped " + count(n) + " of " + plural(s.Read, "record", "records") +
			": " + strings.Join(parts, ", ") + "\n")
	}
	if n := s.Dropped.Total(); n > 0 {
		b.WriteString(st.Yellow("warning:") + " dropped " + plural(n, "span", "spans") + ": " + countsText(s.Dropped) + "\n")
	}
	if n := len(s.Ignored); n > 0 {
		shown := s.Ignored[:min(n, maxIgnoredShown)]
		b.WriteString("note: ignored " + plural(int64(n), "file", "files") + " that " + pick(n == 1, "is", "are") +
			" not trace data: " + strings.Join(shown, ", "))
		if more := n - len(shown); more > 0 {
			b.WriteString(", and " + count(int64(more)) + " more")
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
