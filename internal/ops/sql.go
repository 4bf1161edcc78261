package ops

import "strings"

// classifySQL returns the verb of an SQL statement and whether it reads or
// writes (0 when it does neither, or is not SQL). A verb counts where a
// statement or a parenthesised part starts: at the beginning, after ';',
// '(' or ')'. That finds the statement after a WITH list
// ("WITH x AS (…) UPDATE …"), the data-modifying CTE
// ("WITH d AS (DELETE …) SELECT …"), and every statement of a batch. Any
// write verb makes it a write; else the first read verb a read.
//
// Comments (leading ones too, as sqlc writes), strings, quoted identifiers
// and dollar-quoted bodies are skipped; "FOR UPDATE" and "DO UPDATE" are
// not at a start; a word followed by '(' is a function call (REPLACE(…)),
// not a verb. No regular expressions: this runs on every source span.
func classifySQL(s string) (string, Kind) {
	sc := sqlScanner{s: s, start: true}
	read := ""
	for {
		w, atStart, ok := sc.word()
		if !ok {
			break
		}
		if !atStart {
			continue
		}
		switch name, kind := lookupVerb(w, true); kind {
		case SourceWrite:
			return name, kind
		case SourceRead:
			if read == "" {
				read = name
			}
		}
	}
	if read != "" {
		return read, SourceRead
	}
	return "", 0
}

// sqlScanner yields the words of an SQL text outside comments, strings and
// quoted identifiers.
type sqlScanner struct {
	s     string
	i     int
	start bool // the next word starts a statement or a parenthesised part
}

// word returns the next word and whether it is at a start.
func (sc *sqlScanner) word() (w string, atStart, ok bool) {
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		switch {
		case c == '-' && sc.at(1) == '-':
			sc.skipPast("\n")
		case c == '/' && sc.at(1) == '*':
			sc.i += 2
			sc.skipPast("*/")
		case c == '\'' || c == '"' || c == '`':
			sc.skipQuoted(c)
			sc.start = false
		case c == '$':
			sc.skipDollar()
			sc.start = false
		case c == '(' || c == ')' || c == ';':
			sc.i++
			sc.start = true
		case isSpace(c):
			sc.i++
		case isWordByte(c):
			j := sc.i
			for j < len(sc.s) && isWordByte(sc.s[j]) {
				j++
			}
			w, atStart = sc.s[sc.i:j], sc.start && sc.byteAt(j) != '('
			sc.i, sc.start = j, false
			return w, atStart, true
		default:
			sc.i++
			sc.start = false
		}
	}
	return "", false, false
}

// at returns the byte off bytes ahead, or 0 past the end.
func (sc *sqlScanner) at(off int) byte { return sc.byteAt(sc.i + off) }

func (sc *sqlScanner) byteAt(i int) byte {
	if i < len(sc.s) {
		return sc.s[i]
	}
	return 0
}

// skipPast moves past the next end, or to the end of the text.
func (sc *sqlScanner) skipPast(end string) {
	if j := strings.Index(sc.s[sc.i:], end); j >= 0 {
		sc.i += j + len(end)
	} else {
		sc.i = len(sc.s)
	}
}

// skipQuoted moves past a string or quoted identifier; a doubled quote
// inside is the quote itself.
func (sc *sqlScanner) skipQuoted(q byte) {
	sc.i++
	for {
		j := strings.IndexByte(sc.s[sc.i:], q)
		if j < 0 {
			sc.i = len(sc.s)
			return
		}
		sc.i += j + 1
		if sc.at(0) != q {
			return
		}
		sc.i++
	}
}

// skipDollar moves past a parameter ($1) or a dollar-quoted body
// ($$…$$, $tag$…$tag$).
func (sc *sqlScanner) skipDollar() {
	j := sc.i + 1
	if c := sc.byteAt(j); '0' <= c && c <= '9' {
		for '0' <= sc.byteAt(j) && sc.byteAt(j) <= '9' {
			j++
		}
		sc.i = j
		return
	}
	for j < len(sc.s) && isWordByte(sc.s[j]) {
		j++
	}
	if sc.byteAt(j) != '$' {
		sc.i++
		return
	}
	tag := sc.s[sc.i : j+1]
	sc.i = j + 1
	sc.skipPast(tag)
}

// isWordByte reports whether c may be part of an SQL word; bytes of
// non-ASCII letters are.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c >= 0x80
}
