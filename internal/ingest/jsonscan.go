package ingest

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf8"
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

// plain marks the bytes that stand for themselves inside a JSON string:
// everything but '"', '\\' and the control characters.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

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

// open enters the object ('{') or array ('[') that the field name (or, with
// elem, an element of the array named name) holds. It reports whether the
// container has members; an empty container and null are consumed whole.
func (s *scanner) open(c byte, name string, elem bool) (bool, error) {
	s.ws()
	switch s.peek() {
	case c:
		s.pos++
		s.ws()
		if s.peek() == c+2 { // '{'+2 is '}', '['+2 is ']'
			s.pos++
			return false, nil
		}
		return true, nil
	case 'n':
		return false, s.literal("null")
	}
	if c == '{' {
		return false, s.mismatch(name, elem, "an object")
	}
	return false, s.mismatch(name, elem, "an array")
}

// object reads the object that the field name (with elem, an element of
// the array name) holds, calling member with each key, the scanner then
// being at the member's value, which member must consume.
func (s *scanner) object(name string, elem bool, member func(key []byte) error) error {
	more, err := s.open('{', name, elem)
	return s.members(more, err, member)
}

// members reads the rest of an object after open or next reported more (or
// an error), as object does.
func (s *scanner) members(more bool, err error, member func(key []byte) error) error {
	for more && err == nil {
		var key []byte
		if key, err = s.key(); err != nil {
			break
		}
		if err = member(key); err != nil {
			break
		}
		more, err = s.next('}')
	}
	return err
}

// array reads the array that the field name holds, calling elem with name
// for each element, which elem must consume.
func (s *scanner) array(name string, elem func(list string) error) error {
	more, err := s.open('[', name, false)
	for more && err == nil {
		if err = elem(name); err != nil {
			break
		}
		more, err = s.next(']')
	}
	return err
}

// next moves past the separator after a member (close '}') or an element
// (close ']'), reporting whether another one follows.
func (s *scanner) next(close byte) (bool, error) {
	s.ws()
	switch s.peek() {
	case ',':
		s.pos++
		return true, nil
	case close:
		s.pos++
		return false, nil
	}
	if close == '}' {
		return false, s.syntaxf("expected ',' or '}' after object member, found %s", s.found())
	}
	return false, s.syntaxf("expected ',' or ']' after array element, found %s", s.found())
}

// key reads an object member's key and the ':' after it. The result is
// valid until the next call of key.
func (s *scanner) key() ([]byte, error) {
	// The usual key is plain and followed directly by ':'.
	if s.pos < len(s.data) && s.data[s.pos] == '"' {
		start := s.pos + 1
		if end := plainRun(s.data, start); end+1 < len(s.data) && s.data[end] == '"' && s.data[end+1] == ':' {
			s.pos = end + 2
			return s.data[start:end], nil
		}
	}
	s.keys = s.keys[:0]
	return s.keyInto(&s.keys)
}

// keyInto is key with the unescaping done as str does it.
func (s *scanner) keyInto(dst *[]byte) ([]byte, error) {
	s.ws()
	if s.peek() != '"' {
		return nil, s.syntaxf("expected string for object key, found %s", s.found())
	}
	k, err := s.str(dst)
	if err != nil {
		return nil, err
	}
	s.ws()
	if s.peek() != ':' {
		return nil, s.syntaxf("expected ':' after object key, found %s", s.found())
	}
	s.pos++
	return k, nil
}

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

// literal consumes true, false or null.
func (s *scanner) literal(lit string) error {
	end := min(s.pos+len(lit), len(s.data))
	if string(s.data[s.pos:end]) != lit {
		return s.syntaxf("expected %s, found %q", lit, s.data[s.pos:end])
	}
	s.pos = end
	return nil
}

// number consumes a JSON number and returns its text.
func (s *scanner) number() ([]byte, error) {
	start := s.pos
	end, expect := scanNumber(s.data, start)
	s.pos = end
	if expect != "" {
		return nil, s.syntaxf("expected %s, found %s", expect, s.found())
	}
	return s.data[start:end], nil
}

// scanNumber matches the JSON number grammar at b[i:]. It returns the end
// of the number, or the offset of the offending byte and what was expected
// there.
func scanNumber(b []byte, i int) (end int, expect string) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(b, i)
	default:
		return i, "digit"
	}
	if i < len(b) && b[i] == '.' {
		if i++; i >= len(b) || !isDigit(b[i]) {
			return i, "digit after decimal point"
		}
		i = digits(b, i)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return i, "digit in exponent"
		}
		i = digits(b, i)
	}
	return i, ""
}

func digits(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

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

// skipScalarObject consumes an object of one member whose key is plain
// and whose value is a plain string, a number or a boolean, with no
// whitespace: the shape of most AnyValues. It reports false, having consumed
// nothing, for anything else.
func (s *scanner) skipScalarObject() bool {
	if !s.at(s.pos, `{"`) {
		return false
	}
	k := plainRun(s.data, s.pos+2)
	if !s.at(k, `":`) {
		return false
	}
	if end := scalarEnd(s.data, k+2); end > 0 && end < len(s.data) && s.data[end] == '}' {
		s.pos = end + 1
		return true
	}
	return false
}

// scalarEnd returns the end of the plain string, number or boolean at
// b[i:], or -1.
func scalarEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch c := b[i]; {
	case c == '"':
		if end := plainRun(b, i+1); end < len(b) && b[end] == '"' {
			return end + 1
		}
	case c == '-' || isDigit(c):
		if end, expect := scanNumber(b, i); expect == "" {
			return end
		}
	case string(b[i:min(i+4, len(b))]) == "true":
		return i + 4
	case string(b[i:min(i+5, len(b))]) == "false":
		return i + 5
	}
	return -1
}

// skipValue consumes one value of any type and checks its syntax. It does
// not recurse: the kinds of the open containers are bits in s.bits, so the
// nesting depth is bounded only by the record's size, and deep nesting
// costs a bit per level.
func (s *scanner) skipValue() error {
	depth := 0
	for {
		opened, err := s.skipStart(depth)
		if err != nil {
			return err
		}
		if opened {
			depth++
			continue
		}
		// A value is complete: close containers until one has another
		// element, then go on with that element.
		for depth > 0 {
			obj := s.bits[(depth-1)>>6]&(1<<((depth-1)&63)) != 0
			close := byte(']')
			if obj {
				close = '}'
			}
			more, err := s.next(close)
			if err != nil {
				return err
			}
			if !more {
				depth--
				continue
			}
			if obj {
				if _, err := s.keyInto(nil); err != nil {
					return err
				}
			}
			break
		}
		if depth == 0 {
			return nil
		}
	}
}

// skipStart consumes a scalar or an empty container, or opens a non-empty
// container at level depth (an object up to the ':' after its first key),
// reporting whether it did the latter.
func (s *scanner) skipStart(depth int) (bool, error) {
	s.ws()
	switch c := s.peek(); c {
	case '{', '[':
		s.pos++
		s.ws()
		if s.peek() == c+2 {
			s.pos++
			return false, nil
		}
		s.push(depth, c == '{')
		if c == '{' {
			_, err := s.keyInto(nil)
			return true, err
		}
		return true, nil
	case '"':
		_, err := s.str(nil)
		return false, err
	case 't':
		return false, s.literal("true")
	case 'f':
		return false, s.literal("false")
	case 'n':
		return false, s.literal("null")
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		_, err := s.number()
		return false, err
	}
	return false, s.syntaxf("expected value, found %s", s.found())
}

// push records whether the container opened at level depth is an object.
func (s *scanner) push(depth int, obj bool) {
	w := depth >> 6
	if w == len(s.bits) {
		s.bits = append(s.bits, 0)
	}
	bit := uint64(1) << (depth & 63)
	if obj {
		s.bits[w] |= bit
	} else {
		s.bits[w] &^= bit
	}
}
