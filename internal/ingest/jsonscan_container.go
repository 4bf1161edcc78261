package ingest

// How the scanner enters objects and arrays and moves from member to member.

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
