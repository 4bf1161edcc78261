package ingest

import (
	"fmt"
	"strconv"
)

// scanner reads JSON from one record, a token at a time, for the decoders
// that know the shape they expect. It never allocates in steady state: plain
// strings are returned as sub-slices of the record, escaped ones are
// unescaped into buffers the scanner reuses, and skipValue walks nested
// containers with a bit stack instead of recursion.
//
// Methods that read a value skip the whitespace before it. Errors are
// *decodeError values: ReasonMalformedJSON for syntax errors, with the byte
// offset of the offending byte, and ReasonSchemaMismatch from mismatch.
type scanner struct {
	data []byte
	pos  int
	// strs holds unescaped string values; the decoder truncates it when no
	// earlier result is still in use (a slice it returned stays valid until
	// then, because the scanner only appends).
	strs []byte
	keys []byte   // the unescaped object key, overwritten by every key call
	bits []uint64 // skipValue's open containers, one bit per level: 1 = object
}

func (s *scanner) reset(data []byte) {
	s.data, s.pos = data, 0
	s.strs = s.strs[:0]
}

// ws skips JSON whitespace. Compact JSON has none, so the check for that
// is kept small enough to inline.
func (s *scanner) ws() {
	if s.pos < len(s.data) && s.data[s.pos] > ' ' {
		return
	}
	s.wsSlow()
}

func (s *scanner) wsSlow() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the byte at the read position, or 0 at the end.
func (s *scanner) peek() byte {
	if s.pos < len(s.data) {
		return s.data[s.pos]
	}
	return 0
}

// at reports whether the record holds lit at offset i.
func (s *scanner) at(i int, lit string) bool {
	return i <= len(s.data)-len(lit) && string(s.data[i:i+len(lit)]) == lit
}

// found describes the byte at the read position for an error message.
func (s *scanner) found() string {
	return describeByte(s.data, s.pos)
}

func describeByte(data []byte, i int) string {
	if i >= len(data) {
		return "end of record"
	}
	if c := data[i]; c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", data[i])
}

func (s *scanner) syntaxf(format string, args ...any) error {
	return errorf(ReasonMalformedJSON, s.pos, format, args...)
}

// end checks that nothing but whitespace follows the top-level value.
func (s *scanner) end() error {
	s.ws()
	if s.pos < len(s.data) {
		return s.syntaxf("expected end of record after the top-level value, found %s", s.found())
	}
	return nil
}

// literal consumes true, false or null.
func (s *scanner) literal(lit string) error {
	end := min(s.pos+len(lit), len(s.data))
	if string(s.data[s.pos:end]) != lit {
		return s.syntaxf("expected %s, found %q", lit, s.data[s.pos:end])
	}
	s.pos = end
	return nil
}

// kindOf names the JSON type a value starting with c has, or "" when c
// cannot start a value.
func kindOf(c byte) string {
	switch {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	case c == '-' || isDigit(c):
		return "a number"
	}
	return ""
}

// mismatch reports a value of the wrong JSON type for the field name (or an
// element of the array name), or a syntax error when no value starts here.
func (s *scanner) mismatch(name string, elem bool, want string) error {
	got := kindOf(s.peek())
	if got == "" || s.pos >= len(s.data) {
		return s.syntaxf("expected value, found %s", s.found())
	}
	if elem {
		return errorf(ReasonSchemaMismatch, s.pos, "element of %q is %s, expected %s", name, got, want)
	}
	return errorf(ReasonSchemaMismatch, s.pos, "%q is %s, expected %s", name, got, want)
}
