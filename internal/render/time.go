package render

import (
	"strconv"
	"time"
)

// timeLayout is RFC 3339 in UTC with exactly nine fractional digits, the
// one time format of every JSON document (DESIGN §4).
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// FormatTime writes a raw span time (nanoseconds since the Unix epoch) as
// RFC 3339 UTC with exactly nine fractional digits:
// 2026-11-21T10:00:00.123456789Z. Every int64 is inside the years
// 1677–2262, so the result is always valid RFC 3339.
func FormatTime(ns int64) string {
	return time.Unix(0, ns).UTC().Format(timeLayout)
}

// Time is a raw span time that may be unknown (Valid false), written as
// JSON null then.
type Time struct {
	NS    int64
	Valid bool
}

// At returns the known time ns.
func At(ns int64) Time { return Time{NS: ns, Valid: true} }

// MarshalJSON writes the time as a FormatTime string, or null.
func (t Time) MarshalJSON() ([]byte, error) {
	if !t.Valid {
		return []byte("null"), nil
	}
	return strconv.AppendQuote(nil, FormatTime(t.NS)), nil
}
