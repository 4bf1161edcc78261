package ingest

// How the scanner skips values it does not need, still checking their syntax.

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
