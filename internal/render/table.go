package render

import (
	"strings"
	"unicode/utf8"
)

// table lays out rows of plain-text cells in aligned columns, two spaces
// apart. Widths count runes, so cells must not hold escape sequences: a
// cell's style is applied after padding. The last column is never padded,
// so no line ends in spaces.
type table struct {
	rows  [][]cell
	right []bool // right-align this column (numbers)
}

type cell struct {
	text  string
	style func(string) string // nil: plain
}

func (t *table) add(cells ...cell) { t.rows = append(t.rows, cells) }

// addText adds a row of plain cells.
func (t *table) addText(texts ...string) {
	row := make([]cell, len(texts))
	for i, s := range texts {
		row[i] = cell{text: s}
	}
	t.rows = append(t.rows, row)
}

// widths returns the width of every column.
func (t *table) widths() []int {
	var w []int
	for _, row := range t.rows {
		for i, c := range row {
			if i == len(w) {
				w = append(w, 0)
			}
			w[i] = max(w[i], utf8.RuneCountInString(c.text))
		}
	}
	return w
}

// write appends the table to b, each line starting with indent.
func (t *table) write(b *strings.Builder, indent string) {
	t.writeWith(b, indent, t.widths(), nil)
}

// writeWith is write with the column widths given, and with tail[i], when
// tail is not nil, as a last column of row i, written as it is.
func (t *table) writeWith(b *strings.Builder, indent string, w []int, tail []string) {
	for r, row := range t.rows {
		b.WriteString(indent)
		for i, c := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", w[i]-utf8.RuneCountInString(c.text))
			text := c.text
			if c.style != nil {
				text = c.style(text)
			}
			switch {
			case i < len(t.right) && t.right[i]:
				b.WriteString(pad + text)
			case i == len(row)-1 && tail == nil:
				b.WriteString(text)
			default:
				b.WriteString(text + pad)
			}
		}
		if tail != nil {
			b.WriteString("  " + tail[r])
		}
		b.WriteByte('\n')
	}
}
