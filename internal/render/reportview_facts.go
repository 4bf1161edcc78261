package render

import (
	"strconv"
	"strings"
)

// The input and clock sections of the report's view.

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
