package ingest

import (
	"math"
	"strconv"
)

// How otlpJSONDecoder reads scalars: enums, 64-bit integers written as JSON
// numbers or strings, booleans and doubles.

// enum reads an enum field: a number, or a name (returned non-nil). Unknown
// names and numbers are the caller's to map to the zero value, as OTLP
// readers keep spans with kinds and codes they do not know.
func (d *otlpJSONDecoder) enum(name string) (int64, []byte, error) {
	d.s.ws()
	switch c := d.s.peek(); {
	case c == '"':
		b, err := d.s.str(&d.s.strs) // never nil without error
		return 0, b, err
	case c != 'n' && c != '-' && !isDigit(c):
		return 0, nil, d.s.mismatch(name, false, "an enum number or name")
	}
	n, _, err := d.integer(name, true)
	return n, nil, err
}

// integer reads a 64-bit integer written as a JSON number or string; null
// reads as absent. Unsigned values (times) must fit an int64.
func (d *otlpJSONDecoder) integer(name string, signed bool) (int64, bool, error) {
	s := &d.s
	s.ws()
	at := s.pos
	var tok []byte
	var err error
	switch c := s.peek(); {
	case c == '"':
		tok, err = s.str(&s.strs)
	case c == '-' || isDigit(c):
		tok, err = s.number()
	case c == 'n':
		return 0, false, s.literal("null")
	default:
		return 0, false, s.mismatch(name, false, "an integer")
	}
	if err != nil {
		return 0, false, err
	}
	n, ok := parseInt(tok, signed)
	if !ok {
		want := "a 64-bit decimal integer"
		if !signed {
			want = "a decimal integer from 0 to 2^63-1"
		}
		return 0, false, errorf(ReasonSchemaMismatch, at, "%q is %s, expected %s", name, clip(s.data[at:s.pos], false), want)
	}
	return n, true, nil
}

// parseInt parses optional '-' (when signed) and decimal digits.
func parseInt(b []byte, signed bool) (int64, bool) {
	neg := signed && len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	for len(b) > 1 && b[0] == '0' {
		b = b[1:]
	}
	if len(b) > 19 { // 19 digits cannot overflow a uint64
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return int64(-n), true // wraps to MinInt64 for 2^63, as intended
	case !neg && n <= math.MaxInt64:
		return int64(n), true
	}
	return 0, false
}

// intText reads an intValue and returns it in decimal.
func (d *otlpJSONDecoder) intText() ([]byte, bool, error) {
	n, ok, err := d.integer("intValue", true)
	if !ok {
		return nil, false, err
	}
	at := len(d.s.strs)
	d.s.strs = strconv.AppendInt(d.s.strs, n, 10)
	return d.s.strs[at:], true, nil
}

var textTrue, textFalse = []byte("true"), []byte("false")

func (d *otlpJSONDecoder) boolean() ([]byte, bool, error) {
	d.s.ws()
	switch d.s.peek() {
	case 't':
		return textTrue, true, d.s.literal("true")
	case 'f':
		return textFalse, true, d.s.literal("false")
	case 'n':
		return nil, false, d.s.literal("null")
	}
	return nil, false, d.s.mismatch("boolValue", false, "a boolean")
}

// double reads a doubleValue: a number, a string holding one, or "NaN",
// "Infinity", "-Infinity"; it returns Go's shortest text for it.
func (d *otlpJSONDecoder) double() ([]byte, bool, error) {
	s := &d.s
	s.ws()
	at := s.pos
	var f float64
	var ok bool
	switch c := s.peek(); {
	case c == '"':
		tok, err := s.str(&s.strs)
		if err != nil {
			return nil, false, err
		}
		f, ok = parseDoubleString(tok)
	case c == '-' || isDigit(c):
		tok, err := s.number()
		if err != nil {
			return nil, false, err
		}
		f, err = strconv.ParseFloat(string(tok), 64)
		ok = err == nil
	case c == 'n':
		return nil, false, s.literal("null")
	default:
		return nil, false, s.mismatch("doubleValue", false, "a number")
	}
	if !ok {
		return nil, false, errorf(ReasonSchemaMismatch, at, "%q is %s, expected a 64-bit floating-point number", "doubleValue", clip(s.data[at:s.pos], false))
	}
	n := len(s.strs)
	s.strs = strconv.AppendFloat(s.strs, f, 'g', -1, 64)
	return s.strs[n:], true, nil
}

// parseDoubleString reads the string forms protojson writes for a double.
func parseDoubleString(b []byte) (float64, bool) {
	switch string(b) {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	if end, expect := scanNumber(b, 0); expect != "" || end != len(b) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(b), 64)
	return f, err == nil
}
