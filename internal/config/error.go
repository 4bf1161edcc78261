package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Error is an invalid or unreadable config file. Error() is
// "FILE:LINE: FIELD: MSG", without LINE when it is unknown (0) and without
// FIELD when the problem is not in one field (a YAML syntax error).
type Error struct {
	File  string
	Line  int    // 1-based; 0 when unknown
	Field string // dotted path, as in "match.job" or "actors[2]"
	Msg   string
	err   error // the cause, for errors.Is (fs.ErrNotExist)
}

func (e *Error) Error() string {
	s := e.File
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	s += ": "
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + e.Msg
}

// Unwrap returns the error that caused e, if any.
func (e *Error) Unwrap() error { return e.err }

// ExitCode is 2: an invalid config is a usage error (DESIGN §2).
func (e *Error) ExitCode() int { return 2 }

// parseYAML checks data and parses its one YAML document; an empty document
// gives nil.
func parseYAML(name string, data []byte) (*yaml.Node, error) {
	if err := checkChars(name, data); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err == io.EOF {
		return nil, nil
	} else if err != nil {
		return nil, syntaxError(name, err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil, &Error{File: name, Line: next.Line, Msg: "more than one YAML document"}
	} else if err != io.EOF {
		return nil, syntaxError(name, err)
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, nil
	}
	return doc.Content[0], nil
}

// yamlMessage splits the YAML library's "yaml: line N: problem".
var yamlMessage = regexp.MustCompile(`^yaml: (?:line ([0-9]+): )?`)

// syntaxError turns an error of the YAML library into an *Error on the
// line the library names. The library counts a parser error's line from 0
// and a scanner error's from 1, and leaves the line out when the 0-based
// line is 0 (the first line); it never knows the line of an unknown alias.
func syntaxError(name string, err error) *Error {
	msg := err.Error()
	m := yamlMessage.FindStringSubmatchIndex(msg)
	if m == nil {
		return &Error{File: name, Msg: msg, err: err}
	}
	rest := msg[m[1]:]
	line := 1
	if m[2] >= 0 {
		line, _ = strconv.Atoi(msg[m[2]:m[3]])
		if isParserProblem(rest) {
			line++
		}
	}
	if strings.HasPrefix(rest, "unknown anchor") {
		line = 0
	}
	return &Error{File: name, Line: line, Msg: rest, err: err}
}

// isParserProblem reports whether msg is one of the YAML parser's problems
// (the rest come from its scanner, or from composing the node tree).
func isParserProblem(msg string) bool {
	for _, p := range []string{"did not find expected ", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// checkChars finds what the YAML library would reject as "control
// characters are not allowed" without a line, and names the line.
func checkChars(name string, data []byte) error {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &Error{File: name, Line: line, Msg: "invalid UTF-8: a config file must be UTF-8 text"}
		case r == '\n':
			line++
		case !yamlChar(r):
			return &Error{File: name, Line: line, Msg: fmt.Sprintf("character %U is not allowed in YAML", r)}
		}
		i += size
	}
	return nil
}

// yamlChar reports whether r may appear in a YAML stream (YAML 1.2 c-printable).
func yamlChar(r rune) bool {
	switch {
	case r == '\t', r == '\n', r == '\r', r >= 0x20 && r <= 0x7e, r == 0x85:
		return true
	case r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd, r >= 0x10000 && r <= 0x10ffff:
		return true
	}
	return false
}

// errAs is errors.As for a target type, for brevity at call sites.
func errAs[T error](err error) (T, bool) {
	var t T
	ok := errors.As(err, &t)
	return t, ok
}
