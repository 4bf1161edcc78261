package render

import (
	"encoding/json"
	"io"
	"strconv"
)

// StatsSchema names the document WriteStatsJSON writes.
const StatsSchema = "raceline.stats/v1"

// Stats is what is in the input: raceline.stats/v1 field for field, in the
// document's order. The JSON writer turns nil slices into [] and nil
// Counts into {}, so a caller need not.
type Stats struct {
	Files              []FileStats `json:"files"`
	Records            Records     `json:"records"`
	Skipped            []SkipGroup `json:"skipped"`
	IgnoredFiles       []string    `json:"ignored_files"`
	Spans              int64       `json:"spans"`
	SpansDropped       Counts      `json:"spans_dropped"`
	Anomalies          Counts      `json:"anomalies"`
	Traces             int64       `json:"traces"`
	Requests           int64       `json:"requests"`
	Jobs               int64       `json:"jobs"`
	Services           []string    `json:"services"`
	Hosts              []string    `json:"hosts"`
	Start              Time        `json:"start"`
	End                Time        `json:"end"`
	SpansWithParent    int64       `json:"spans_with_parent"`
	OrphanSpans        int64       `json:"orphan_spans"`
	Links              int64       `json:"links"`
	MissingLinkTargets int64       `json:"missing_link_targets"`
	CacheOps           *int64      `json:"cache_ops"`             // nil until operations are derived
	CacheOpsWithoutKey *int64      `json:"cache_ops_without_key"` // nil until operations are derived
}

// FileStats is one input file's line.
type FileStats struct {
	Path        string `json:"path"`
	Format      string `json:"format"`
	Compression string `json:"compression"`
	Bytes       int64  `json:"bytes"`
	Records     int64  `json:"records"`
	Parsed      int64  `json:"parsed"`
	Skipped     int64  `json:"skipped"`
}

// Records counts records: Read == Parsed + Skipped.
type Records struct {
	Read    int64 `json:"read"`
	Parsed  int64 `json:"parsed"`
	Skipped int64 `json:"skipped"`
}

// SkipGroup is the skipped records of one reason, with the first few
// locations in input order.
type SkipGroup struct {
	Reason string     `json:"reason"`
	Count  int64      `json:"count"`
	First  []Location `json:"first"`
}

// Location is where a record is, as ingest reports it: Line and Frame
// count from 1 and are 0 when they do not apply; Offset is -1 when unknown.
// Text is how people read it (path:line, or path: frame N at byte M), as
// ingest formats it; it is not part of the JSON.
type Location struct {
	Path   string
	Line   int64
	Frame  int64
	Offset int64
	Text   string
}

// MarshalJSON writes {"path", "line", "frame", "offset"}; a zero line or
// frame and a negative offset are null.
func (l Location) MarshalJSON() ([]byte, error) {
	b := []byte(`{"path":`)
	b = appendJSONString(b, l.Path)
	b = append(b, `,"line":`...)
	b = appendOptInt(b, l.Line, l.Line > 0)
	b = append(b, `,"frame":`...)
	b = appendOptInt(b, l.Frame, l.Frame > 0)
	b = append(b, `,"offset":`...)
	b = appendOptInt(b, l.Offset, l.Offset >= 0)
	return append(b, '}'), nil
}

// Counts maps a reason to a count. JSON and text leave zero counts out,
// write the keys in byte order, and a Counts with nothing to say as {}.
type Counts map[string]int64

// MarshalJSON writes the non-zero counts with sorted keys (encoding/json
// sorts them).
func (c Counts) MarshalJSON() ([]byte, error) {
	nonZero := make(map[string]int64, len(c))
	for k, v := range c {
		if v != 0 {
			nonZero[k] = v
		}
	}
	return json.Marshal(nonZero)
}

// Total is the sum of the counts.
func (c Counts) Total() int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}

// WriteStatsJSON writes s as a raceline.stats/v1 document, indented by two
// spaces and ending in a newline.
func WriteStatsJSON(w io.Writer, s *Stats) error {
	doc := struct {
		Schema string `json:"schema"`
		Stats
	}{StatsSchema, *s}
	doc.normalize()
	return writeJSON(w, doc)
}

// normalize replaces nil slices by empty ones, so they are written as [].
// It is called on a copy of the caller's Stats.
func (s *Stats) normalize() {
	s.Files = nonNil(s.Files)
	groups := make([]SkipGroup, len(s.Skipped)) // a copy: the caller's groups stay as they were
	for i, g := range s.Skipped {
		g.First = nonNil(g.First)
		groups[i] = g
	}
	s.Skipped = groups
	s.IgnoredFiles = nonNil(s.IgnoredFiles)
	s.Services = nonNil(s.Services)
	s.Hosts = nonNil(s.Hosts)
}

func appendOptInt(b []byte, v int64, ok bool) []byte {
	if !ok {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, v, 10)
}
