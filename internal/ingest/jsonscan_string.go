package ingest

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// How the scanner reads and validates JSON strings, without allocating.

// plain marks the bytes that stand for themselves inside a JSON string:
// everything but '"', '\\' and the control characters.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// stringField reads a string value, reporting false for null. The result
// aliases the record, or s.strs when the string had escapes.
func (s *scanner) stringField(name string) ([]byte, bool, error) {
	s.ws()
	switch s.peek() {
	case '"':
		b, err := s.str(&s.strs)
		return b, err == nil, err
	case 'n':
		return nil, false, s.literal("null")
	}
	return nil, false, s.mismatch(name, false, "a string")
}

// str reads the string starting at the read position (a '"'). Without
// escapes it returns a sub-slice of the record; with escapes it appends the
// unescaped text to *dst and returns that part, or, when dst is nil, returns
// nil (the string was only validated).
func (s *scanner) str(dst *[]byte) ([]byte, error) {
	start := s.pos + 1
	i, escaped := start, false
	for {
		i = plainRun(s.data, i)
		if i >= len(s.data) {
			s.pos = i
			return nil, s.syntaxf("expected '\"' to close the string that starts at byte %d, found end of record", start-1)
		}
		switch s.data[i] {
		case '"':
			s.pos = i + 1
			if !escaped {
				return s.data[start:i], nil
			}
			if dst == nil {
				return nil, nil
			}
			n := len(*dst)
			*dst = unescape(*dst, s.data[start:i])
			return (*dst)[n:], nil
		case '\\':
			n, err := s.escape(i)
			if err != nil {
				return nil, err
			}
			i, escaped = i+n, true
		default:
			s.pos = i
			return nil, s.syntaxf("expected '\"' or a printable character in string, found %s (control characters must be escaped)", s.found())
		}
	}
}

// plainRun returns the index of the first byte at or after i that is not
// plain (see plain), or len(b). It tests eight bytes at a time: most of a
// trace file is string contents.
func plainRun(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q := x ^ (ones * '"')
		e := x ^ (ones * '\\')
		// A byte's high bit is set in m where the byte is '"', '\\' or
		// below 0x20; the lowest set bit is exact (borrows only run upward).
		m := ((q - ones) &^ q) | ((e - ones) &^ e) | ((x - ones*0x20) &^ x)
		if m &= highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(b) && plain[b[i]] {
		i++
	}
	return i
}

// escape checks the escape sequence at data[i] (a '\\') and returns its length.
func (s *scanner) escape(i int) (int, error) {
	if i+1 >= len(s.data) {
		s.pos = i + 1
		return 0, s.syntaxf("expected escape character after '\\', found end of record")
	}
	switch s.data[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		for j := i + 2; j < i+6; j++ {
			if j >= len(s.data) || !isHex(s.data[j]) {
				s.pos = j
				return 0, s.syntaxf("expected 4 hex digits after '\\u', found %s", s.found())
			}
		}
		return 6, nil
	}
	s.pos = i + 1
	return 0, s.syntaxf("expected one of \"\\/bfnrtu after '\\' in string, found %s", s.found())
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unescape appends the text of a validated string body to dst. A lone
// surrogate becomes U+FFFD, as encoding/json does.
func unescape(dst, body []byte) []byte {
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			dst = append(dst, c)
			i++
			continue
		}
		if body[i+1] != 'u' {
			dst = append(dst, unescapeByte[body[i+1]])
			i += 2
			continue
		}
		r := hex4(body[i+2:])
		i += 6
		if utf16IsHigh(r) && i+6 <= len(body) && body[i] == '\\' && body[i+1] == 'u' {
			if lo := hex4(body[i+2:]); utf16IsLow(lo) {
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				i += 6
			}
		}
		dst = utf8.AppendRune(dst, r) // a lone surrogate is written as U+FFFD
	}
	return dst
}

var unescapeByte = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c <= 'F':
			c -= 'A' - 10
		default:
			c -= 'a' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

func utf16IsHigh(r rune) bool { return 0xD800 <= r && r < 0xDC00 }
func utf16IsLow(r rune) bool  { return 0xDC00 <= r && r < 0xE000 }
