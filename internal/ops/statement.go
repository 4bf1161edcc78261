package ops

import "strings"

// A cache statement is one command per line, as the Redis CLI writes it
// and as the instrumentations record it:
//
//   - go-redis (redisotel): the arguments as the client sent them, joined
//     by spaces: `get user:42:profile`; an argument that is not printable
//     ASCII is written in hex, never quoted. A pipeline or transaction is
//     one span with one command per line, MULTI and EXEC included.
//   - OpenTelemetry Python: the command name, then "?" for every argument
//     (`GET ?`), lines joined by "\n" for a pipeline.
//   - OpenTelemetry JS: the name, the first arguments, then how many were
//     left out (`set user:42 [1 other arguments]`).
//   - OpenTelemetry Java, Spring: keys kept, values replaced by "?".
//   - the semantic conventions' example: `HMSET myhash field1 'Hello'`,
//     quoted as the Redis CLI quotes.
//
// The lexer below reads all of these without regular expressions and,
// except to unescape a quoted argument, without allocating: tokens are
// substrings of the statement.

// token is one argument of a command line.
type token struct {
	text string
	// masked is true for a placeholder ("?") the instrumentation wrote
	// instead of the argument.
	masked bool
}

// commandLine is one command: its name and arguments as written.
type commandLine struct {
	name string
	args []token
	// hidden is how many arguments the instrumentation left out after
	// args (OpenTelemetry JS's "[N other arguments]"); unknownHidden when
	// it left out an unknown number.
	hidden int
}

const unknownHidden = -1

// total is the number of arguments the command had, or -1 if unknown.
func (c *commandLine) total() int {
	if c.hidden < 0 {
		return -1
	}
	return len(c.args) + c.hidden
}

// nextLine returns the first line of s that is not blank, trimmed, and
// what follows it.
func nextLine(s string) (line, rest string) {
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			line, s = s, ""
		} else {
			line, s = s[:i], s[i+1:]
		}
		if line = strings.TrimSpace(line); line != "" {
			return line, s
		}
	}
	return "", ""
}

// parseLine splits a command line into its name and arguments, appending
// the arguments to buf[:0].
func parseLine(line string, buf []token) commandLine {
	lx := lexer{s: line}
	name, ok := lx.next()
	c := commandLine{name: name.text, args: buf[:0]}
	for ok {
		if n, left := lx.omitted(); left {
			c.hidden = n
			break
		}
		var t token
		if t, ok = lx.next(); ok {
			c.args = append(c.args, t)
		}
	}
	return c
}

// lexer reads the tokens of one line.
type lexer struct {
	s string
	i int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

func (l *lexer) skipSpace() {
	for l.i < len(l.s) && isSpace(l.s[l.i]) {
		l.i++
	}
}

// next returns the next token, or false at the end of the line.
func (l *lexer) next() (token, bool) {
	l.skipSpace()
	if l.i >= len(l.s) {
		return token{}, false
	}
	if c := l.s[l.i]; c == '"' || c == '\'' {
		return token{text: l.quoted(c)}, true
	}
	start := l.i
	for l.i < len(l.s) && !isSpace(l.s[l.i]) {
		l.i++
	}
	t := l.s[start:l.i]
	return token{text: t, masked: t == "?"}, true
}

// quoted reads a quoted argument; an unterminated one runs to the end of
// the line.
func (l *lexer) quoted(q byte) string {
	l.i++ // the opening quote
	start, escaped := l.i, false
	for l.i < len(l.s) {
		switch c := l.s[l.i]; {
		case c == '\\' && l.i+1 < len(l.s):
			escaped = true
			l.i += 2
			continue
		case c == q:
			t := l.s[start:l.i]
			l.i++
			return unquote(t, q, escaped)
		}
		l.i++
	}
	return unquote(l.s[start:], q, escaped)
}

// omitted reports whether the rest of the line is OpenTelemetry JS's
// "[N other arguments]", and N.
func (l *lexer) omitted() (int, bool) {
	l.skipSpace()
	r := l.s[l.i:]
	if len(r) < 2 || r[0] != '[' {
		return 0, false
	}
	j, n := 1, 0
	for j < len(r) && '0' <= r[j] && r[j] <= '9' {
		if n < 1e6 { // more than any statement shows; keeps n from overflowing
			n = n*10 + int(r[j]-'0')
		}
		j++
	}
	return n, j > 1 && r[j:] == " other arguments]"
}

// unquote undoes the Redis CLI's escapes: in double quotes \n, \r, \t,
// \b, \a, \xHH and a backslash before any other byte; in single quotes
// only \'.
func unquote(s string, q byte, escaped bool) string {
	if !escaped {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b = append(b, c)
			continue
		}
		i++
		if q == '\'' {
			if s[i] != '\'' {
				b = append(b, '\\')
			}
			b = append(b, s[i])
			continue
		}
		var n int
		c, n = unescape(s[i:])
		b = append(b, c)
		i += n - 1
	}
	return string(b)
}

// unescape reads the escape after a backslash in double quotes: the byte
// it stands for and how many bytes it took.
func unescape(s string) (byte, int) {
	switch s[0] {
	case 'n':
		return '\n', 1
	case 'r':
		return '\r', 1
	case 't':
		return '\t', 1
	case 'b':
		return '\b', 1
	case 'a':
		return '\a', 1
	case 'x':
		if len(s) >= 3 {
			if h, ok := unhex(s[1]); ok {
				if l, ok := unhex(s[2]); ok {
					return h<<4 | l, 3
				}
			}
		}
	}
	return s[0], 1
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
