package ingest

// The JSON number grammar, for the scanner and for numbers held in strings.

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
