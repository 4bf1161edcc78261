package render

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
)

// ClockSchema names the document WriteClockJSON writes.
const ClockSchema = "raceline.clock/v1"

// Clock is the clock model of DESIGN §6 as `raceline clock` shows it: one
// line per host, offsets and bounds against the reference host of its
// component, at the middle of the input's time range.
type Clock struct {
	// At is when the offsets are taken: the middle of the input. Only the
	// text view shows it.
	At    Time
	Hosts []ClockHost
}

// ClockHost is one host, raceline.clock/v1 field for field. A nil pointer
// is written as null: a missing bound, an unknown drift.
type ClockHost struct {
	Host          string   `json:"host"`
	Services      []string `json:"services"`
	Reference     bool     `json:"reference"`
	Bounded       bool     `json:"bounded"`
	OffsetNS      int64    `json:"offset_ns"`
	MinNS         *int64   `json:"min_ns"`
	MaxNS         *int64   `json:"max_ns"`
	UncertaintyNS *int64   `json:"uncertainty_ns"` // nil unless both bounds are known
	DriftPPM      *float64 `json:"drift_ppm"`
	Pairs         int64    `json:"pairs"`
	PairsSetAside int64    `json:"pairs_set_aside"`
	Warnings      []string `json:"warnings"`
}

// MarshalJSON writes {"schema", "hosts"}, nil lists as []. A Clock is
// thus the clock block of raceline.findings/v1 and raceline.timeline/v1 as
// it is.
func (c Clock) MarshalJSON() ([]byte, error) {
	hosts := make([]ClockHost, len(c.Hosts))
	for i, h := range c.Hosts {
		h.Services, h.Warnings = nonNil(h.Services), nonNil(h.Warnings)
		hosts[i] = h
	}
	return marshalCompact(struct {
		Schema string      `json:"schema"`
		Hosts  []ClockHost `json:"hosts"`
	}{ClockSchema, hosts})
}

// WriteClockJSON writes c as a raceline.clock/v1 document, indented by two
// spaces and ending in a newline.
func WriteClockJSON(w io.Writer, c *Clock) error { return writeJSON(w, *c) }

// clockOneSidedNote is DESIGN §6's caution about queue-only bounds.
const clockOneSidedNote = "a one-sided bound only catches a consumer clock that runs behind"

// WriteClockText writes one line per host, with its warnings below it:
//
//	host-b: +35.2ms (bounds +34.6..+35.8ms, 310 pairs)
//	host-c: unbounded
//
// A host bounded on one side only gets a note saying what such a bound
// can catch.
func WriteClockText(w io.Writer, c *Clock, st Style) error {
	var b strings.Builder
	if c.At.Valid {
		b.WriteString(st.Dim("offsets at "+FormatTime(c.At.NS)+", the middle of the input; corrected time = raw − offset") + "\n")
	}
	if len(c.Hosts) == 0 {
		b.WriteString("no hosts\n")
	}
	for i := range c.Hosts {
		h := &c.Hosts[i]
		b.WriteString(st.Bold(h.Host) + ": " + clockLine(h) + "\n")
		notes := h.Warnings
		if oneSided(h) && !containsSubstring(notes, clockOneSidedNote) {
			notes = append(notes[:len(notes):len(notes)], "note: "+clockOneSidedNote)
		}
		for _, n := range notes {
			b.WriteString("  " + st.Yellow(n) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// clockLine is what follows the host's name.
func clockLine(h *ClockHost) string {
	if !h.Bounded {
		return "unbounded"
	}
	var details []string
	switch {
	case h.MinNS != nil && h.MaxNS != nil:
		details = append(details, "bounds "+offsetRange(*h.MinNS, *h.MaxNS))
	case h.MaxNS != nil:
		details = append(details, "at most "+Offset(*h.MaxNS))
	case h.MinNS != nil:
		details = append(details, "at least "+Offset(*h.MinNS))
	}
	head := Offset(h.OffsetNS)
	if h.Reference {
		head, details = "reference", nil
	}
	if h.Pairs > 0 {
		details = append(details, plural(h.Pairs, "pair", "pairs"))
	}
	if h.PairsSetAside > 0 {
		details = append(details, count(h.PairsSetAside)+" set aside")
	}
	if h.DriftPPM != nil && !h.Reference && math.Abs(*h.DriftPPM) >= 0.05 {
		details = append(details, "drift "+signed(strconv.FormatFloat(*h.DriftPPM, 'f', 1, 64))+"ppm")
	}
	if len(details) == 0 {
		return head
	}
	return head + " (" + strings.Join(details, ", ") + ")"
}

func oneSided(h *ClockHost) bool { return h.Bounded && (h.MinNS == nil) != (h.MaxNS == nil) }

func containsSubstring(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// offsetRange writes two offsets sharing their unit once: +34.6..+35.8ms;
// with different units, each its own: +980µs..+1.02ms.
func offsetRange(lo, hi int64) string {
	a, b := Offset(lo), Offset(hi)
	if u := plainUnit(a); u != "" && u == plainUnit(b) {
		a = strings.TrimSuffix(a, u)
	}
	return a + ".." + b
}

// plainUnit returns the unit of a one-unit duration ("+1.5ms" → "ms"), or
// "" for a compound one ("+2m5s").
func plainUnit(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r != '+' && r != '-' && r != '.' && (r < '0' || r > '9') })
	if i < 0 || strings.ContainsAny(s[i:], "0123456789") {
		return ""
	}
	return s[i:]
}

// marshalCompact is json.Marshal without HTML escaping, as writeJSON
// writes.
func marshalCompact(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// signed puts a + before a number that has no sign.
func signed(s string) string {
	if strings.HasPrefix(s, "-") {
		return s
	}
	return "+" + s
}
