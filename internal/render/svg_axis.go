package render

import (
	"strconv"
	"strings"
)

// How an SVG chart places times: the scale from times to x, the time axis,
// and the finding's window shaded across the lanes.

// svgScale maps times to x coordinates over the chart's area.
type svgScale struct {
	start, end int64
	x0, width  float64
}

func newSVGScale(c *chart) svgScale {
	start, end := c.bounds()
	span := max(uint64(end)-uint64(start), 1000) // end − start may not fit an int64
	pad := int64(span / 25)
	return svgScale{start: start - pad, end: end + pad, x0: svgLabelW, width: svgWidth - svgLabelW - svgPadR}
}

func (s svgScale) x(t int64) float64 {
	t = min(max(t, s.start), s.end)
	return s.x0 + float64(uint64(t)-uint64(s.start))/float64(uint64(s.end)-uint64(s.start))*s.width
}

// writeAxis writes the ticks, offsets from the chart's origin with the
// origin's wall time in the label column, and a grid line per tick.
func writeAxis(b *strings.Builder, c *chart, sc svgScale, top, gridTop, gridBottom int) {
	b.WriteString(`<text x="8" y="` + strconv.Itoa(top+12) + `" fill="` + colorDim + `">` +
		xmlText("+0s = "+clockTime(c.Origin)+" UTC") + "</text>\n")
	step := tickStep(uint64(sc.end) - uint64(sc.start))
	k := -floorDiv(c.Origin-sc.start, step) // the first tick at or after the view's start
	for t := c.Origin + k*step; t <= sc.end; t += step {
		x := num(sc.x(t))
		b.WriteString(`<line x1="` + x + `" x2="` + x + `" y1="` + strconv.Itoa(gridTop-4) + `" y2="` + strconv.Itoa(gridBottom) +
			`" stroke="` + colorGrid + `"/>` + "\n")
		b.WriteString(`<text x="` + x + `" y="` + strconv.Itoa(top+12) + `" text-anchor="middle" fill="` + colorDim + `">` +
			xmlText(Offset(t-c.Origin)) + "</text>\n")
	}
}

// tickStep is a round step (1, 2 or 5 times a power of ten nanoseconds)
// that cuts span into about eight ticks.
func tickStep(span uint64) int64 {
	target := max(span/8, 1)
	for p := uint64(1); ; p *= 10 {
		for _, m := range []uint64{1, 2, 5} {
			if m*p >= target || p > 1e17 {
				return int64(m * p)
			}
		}
	}
}

// clockTime is the wall time of a raw span time, to the millisecond.
func clockTime(ns int64) string { return FormatTime(ns)[11:23] }

// writeWindow shades the window from the label band down, its edges
// dashed, its label and length on top.
func writeWindow(b *strings.Builder, w *chartWindow, sc svgScale, top, bottom int) {
	x1, x2 := sc.x(w.Start), sc.x(w.End)
	b.WriteString(`<rect x="` + num(x1) + `" y="` + strconv.Itoa(top) + `" width="` + num(max(x2-x1, 1)) + `" height="` +
		strconv.Itoa(bottom-top) + `" fill="` + colorWindow + `" fill-opacity="0.85"/>` + "\n")
	for _, x := range []float64{x1, x2} {
		b.WriteString(`<line x1="` + num(x) + `" x2="` + num(x) + `" y1="` + strconv.Itoa(top) + `" y2="` + strconv.Itoa(bottom) +
			`" stroke="` + colorEdge + `" stroke-dasharray="4 3"/>` + "\n")
	}
	label := w.Label + " " + Duration(w.End-w.Start)
	x, anchor := x1+4, "start"
	if x+textWidth(label) > svgWidth-svgPadR {
		x, anchor = x2-4, "end"
	}
	b.WriteString(`<text x="` + num(x) + `" y="` + strconv.Itoa(top+13) + `" text-anchor="` + anchor + `" fill="#92400e">` +
		xmlText(label) + "</text>\n")
}
