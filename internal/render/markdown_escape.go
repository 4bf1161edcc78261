package render

import "strings"

// Markdown escaping: text, code spans and table cells that show the input
// literally, whatever characters it holds.

// mdEscaper backslash-escapes the characters that could start Markdown
// (or HTML) inside a line of text; line breaks become spaces.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
	"|", `\|`, "~", `\~`, "&", `\&`, "#", `\#`, "\r\n", " ", "\n", " ", "\r", " ",
)

// mdText is s as literal Markdown text.
func mdText(s string) string { return mdEscaper.Replace(s) }

// mdCode is s as a Markdown code span: delimited by one more backtick than
// its longest run of them, padded when it starts or ends with one.
func mdCode(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	if s == "" {
		return "—"
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || (strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ")) {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdCell makes marked-up text safe in a table cell: GitHub splits cells
// at every unescaped |, even inside a code span.
func mdCell(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			b.WriteString(s[i : i+2])
			i++
			continue
		}
		if s[i] == '|' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mdCells is each of texts as a table cell of literal text; "" is "—".
func mdCells(texts ...string) []string {
	cells := make([]string, len(texts))
	for i, t := range texts {
		if t == "" {
			t = "—"
		}
		cells[i] = mdCell(mdText(t))
	}
	return cells
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}
