package render

import (
	"strconv"
	"strings"
)

// The legend under an SVG chart: what its colours and marks mean.

// legendItem is one entry of a chart's legend: a swatch (or none) and
// its text, at x on line line.
type legendItem struct {
	fill, label string
	x           float64
	line        int
}

// legend lists what the chart's colours and marks mean, laid out in lines
// that fit the chart's width.
func legend(c *chart, sc svgScale) []legendItem {
	used := map[barKind]bool{}
	culprit, errSpan := false, false
	for _, l := range c.Lanes {
		for _, r := range l.Rows {
			used[r.Kind] = true
			culprit = culprit || r.Culprit != ""
			errSpan = errSpan || (r.Error && r.Kind == barSpan)
		}
	}
	var items []legendItem
	for _, k := range []barKind{barUnit, barSpan, barEnqueue, barRead, barMutation, barSource} {
		if used[k] {
			items = append(items, legendItem{fill: barFill[k], label: barNames[k]})
		}
	}
	if errSpan {
		items = append(items, legendItem{fill: colorError, label: "error status"})
	}
	if culprit {
		items = append(items, legendItem{fill: colorCulprit, label: "what the finding is about"})
	}
	if c.Window != nil {
		items = append(items, legendItem{fill: colorWindow, label: c.Window.Label})
	}
	if hasWhiskers(c, sc) {
		items = append(items, legendItem{label: "├┤ where an instant may lie on the reference clock"})
	}
	items = append(items, legendItem{label: "times are raw span times"})
	x, line := 8.0, 0
	for i := range items {
		w := textWidth(items[i].label)
		if items[i].fill != "" {
			w += 17 // the swatch
		}
		if x > 8 && x+w > svgWidth-svgPadR {
			x, line = 8, line+1
		}
		items[i].x, items[i].line = x, line
		x += w + 18
	}
	return items
}

// hasWhiskers reports whether writeWhiskers draws any whisker.
func hasWhiskers(c *chart, sc svgScale) bool {
	for _, l := range c.Lanes {
		h := l.Clock
		if h == nil || h.Reference || h.MinNS == nil || h.MaxNS == nil {
			continue
		}
		for _, r := range l.Rows {
			if r.Whiskers && sc.x(r.Start-*h.MinNS)-sc.x(r.Start-*h.MaxNS) >= minWhisker {
				return true
			}
		}
	}
	return false
}

// legendHeight is the height of the legend's lines.
func legendHeight(items []legendItem) int {
	lines := 1
	if n := len(items); n > 0 {
		lines = items[n-1].line + 1
	}
	return 14 + lines*18
}

// writeLegend writes the legend's lines from y.
func writeLegend(b *strings.Builder, items []legendItem, y int) {
	for _, it := range items {
		ly := y + it.line*18
		x := it.x
		if it.fill != "" {
			b.WriteString(`<rect x="` + num(x) + `" y="` + strconv.Itoa(ly) + `" width="12" height="12" rx="2" fill="` + it.fill +
				`" stroke="#94a3b8" stroke-width="0.5"/>` + "\n")
			x += 17
		}
		b.WriteString(`<text x="` + num(x) + `" y="` + strconv.Itoa(ly+10) + `" fill="` + colorDim + `">` + xmlText(it.label) + "</text>\n")
	}
}

var barNames = map[barKind]string{
	barUnit: "request / job", barSpan: "span", barEnqueue: "enqueue",
	barRead: "cache read", barMutation: "cache write / delete", barSource: "database",
}
