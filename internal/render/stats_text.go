package render

import (
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/dustin/go-humanize"
)

// maxNames is how many services or hosts the text summary lists, and
// maxLocations how many locations of a skip reason; the JSON document lists
// them all.
const (
	maxNames     = 12
	maxLocations = 3
)

// WriteStatsText writes s as a summary for people: sizes and counts
// humanized, one table row per file, each skip reason with its first
// locations. Sections with nothing to say are left out.
func WriteStatsText(w io.Writer, s *Stats, st Style) error {
	var b strings.Builder
	writeInput(&b, s, st)
	writeSkipped(&b, s, st)
	writeSpans(&b, s, st)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeInput(b *strings.Builder, s *Stats, st Style) {
	var size int64
	for _, f := range s.Files {
		size += f.Bytes
	}
	line(b, st, "Input", plural(int64(len(s.Files)), "file", "files")+", "+bytesText(size)+
		" · "+count(s.Records.Read)+" records read, "+count(s.Records.Parsed)+" parsed, "+count(s.Records.Skipped)+" skipped")
	if len(s.Files) > 0 {
		t := table{right: []bool{false, false, false, true, true, true, true}}
		t.add(heads(st, "FILE", "FORMAT", "COMPRESSION", "SIZE", "RECORDS", "PARSED", "SKIPPED")...)
		for _, f := range s.Files {
			t.addText(f.Path, f.Format, f.Compression, bytesText(f.Bytes), count(f.Records), count(f.Parsed), count(f.Skipped))
		}
		b.WriteByte('\n')
		t.write(b, "  ")
	}
	b.WriteByte('\n')
}

func writeSkipped(b *strings.Builder, s *Stats, st Style) {
	if len(s.Skipped) > 0 {
		var n int64
		t := table{right: []bool{false, true}}
		for _, g := range s.Skipped {
			n += g.Count
			locs := make([]string, min(len(g.First), maxLocations))
			for i := range locs {
				locs[i] = g.First[i].Text
			}
			t.add(cell{text: g.Reason, style: st.Yellow}, cell{text: count(g.Count)}, cell{text: strings.Join(locs, ", "), style: st.Dim})
		}
		line(b, st, "Skipped", plural(n, "record", "records"))
		t.write(b, "  ")
	}
	if len(s.IgnoredFiles) > 0 {
		line(b, st, "Ignored", plural(int64(len(s.IgnoredFiles)), "file", "files")+" that "+
			pick(len(s.IgnoredFiles) == 1, "is", "are")+" not trace data")
		for _, p := range s.IgnoredFiles {
			b.WriteString("  " + p + "\n")
		}
	}
	if len(s.Skipped) > 0 || len(s.IgnoredFiles) > 0 {
		b.WriteByte('\n')
	}
}

func writeSpans(b *strings.Builder, s *Stats, st Style) {
	spans := count(s.Spans) + " kept"
	if n := s.SpansDropped.Total(); n > 0 {
		spans += " · " + count(n) + " dropped (" + countsText(s.SpansDropped) + ")"
	}
	line(b, st, "Spans", spans)
	line(b, st, "Anomalies", pick(s.Anomalies.Total() == 0, "none", countsText(s.Anomalies)))
	line(b, st, "Traces", count(s.Traces)+" · "+plural(s.Requests, "request", "requests")+" · "+plural(s.Jobs, "job", "jobs"))
	line(b, st, "Parents", plural(s.SpansWithParent, "span", "spans")+" with a parent in the input · "+
		plural(s.OrphanSpans, "orphan", "orphans"))
	line(b, st, "Links", count(s.Links)+" · "+plural(s.MissingLinkTargets, "target", "targets")+" not in the input")
	if s.CacheOps != nil && s.CacheOpsWithoutKey != nil {
		line(b, st, "Cache ops", count(*s.CacheOps)+" · "+count(*s.CacheOpsWithoutKey)+" without a key")
	}
	line(b, st, "Services", names(s.Services))
	line(b, st, "Hosts", names(s.Hosts))
	line(b, st, "Time", timeRange(s.Start, s.End))
}

// line writes one "Label    value" line, labels padded to one width.
func line(b *strings.Builder, st Style, label, value string) {
	b.WriteString(st.Bold(label) + strings.Repeat(" ", max(1, 10-len(label))) + value + "\n")
}

func heads(st Style, names ...string) []cell {
	cells := make([]cell, len(names))
	for i, n := range names {
		cells[i] = cell{text: n, style: st.Bold}
	}
	return cells
}

// countsText writes the non-zero reason counts in byte order of reason:
// "duplicate-span 3, self-parent 1".
func countsText(c Counts) string {
	parts := make([]string, 0, len(c))
	for _, k := range slices.Sorted(maps.Keys(c)) {
		if c[k] != 0 {
			parts = append(parts, k+" "+count(c[k]))
		}
	}
	return strings.Join(parts, ", ")
}

func names(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	shown := list[:min(len(list), maxNames)]
	s := strconv.Itoa(len(list)) + ": " + strings.Join(shown, ", ")
	if more := len(list) - len(shown); more > 0 {
		s += ", and " + count(int64(more)) + " more (see -o json)"
	}
	return s
}

func timeRange(start, end Time) string {
	if !start.Valid || !end.Valid {
		return "unknown (no spans)"
	}
	return FormatTime(start.NS) + " → " + FormatTime(end.NS) + " (" + Duration(end.NS-start.NS) + ")"
}

func count(n int64) string { return humanize.Comma(n) }

// bytesText is a size in SI units: 999 B, 1.2 MB.
func bytesText(n int64) string { return humanize.Bytes(uint64(max(n, 0))) }

// plural writes "1 file" or "3 files".
func plural(n int64, one, many string) string {
	return count(n) + " " + pick(n == 1, one, many)
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}
