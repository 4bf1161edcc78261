package render

import (
	"strconv"
	"strings"
)

// The lanes of an SVG chart and the bars in them.

func laneHeight(l *chartLane) int { return max(len(l.Rows)*svgRowH+2*svgLanePad, svgMinLane) }

func lanesHeight(c *chart) int {
	h := 0
	for i := range c.Lanes {
		h += laneHeight(&c.Lanes[i])
	}
	return h
}

// writeLaneBackgrounds shades every other lane and rules them off.
func writeLaneBackgrounds(b *strings.Builder, c *chart, y int) {
	for i := range c.Lanes {
		h := laneHeight(&c.Lanes[i])
		fill := pick(i%2 == 1, colorLaneAlt, "#ffffff")
		b.WriteString(`<rect x="0" y="` + strconv.Itoa(y) + `" width="` + strconv.Itoa(svgWidth) + `" height="` +
			strconv.Itoa(h) + `" fill="` + fill + `"/>` + "\n")
		b.WriteString(`<line x1="0" x2="` + strconv.Itoa(svgWidth) + `" y1="` + strconv.Itoa(y) + `" y2="` +
			strconv.Itoa(y) + `" stroke="` + colorGrid + `"/>` + "\n")
		y += h
	}
}

// writeLane writes a lane's label and rows from y, and returns the y
// after it.
func writeLane(b *strings.Builder, l *chartLane, sc svgScale, y int) int {
	b.WriteString(`<text x="8" y="` + strconv.Itoa(y+svgLanePad+12) + `" font-weight="600">` +
		xmlText(truncate(l.Service, 28)) + "</text>\n")
	sub := l.Host
	if l.Clock != nil {
		sub += " · " + hostOffsetText(l.Clock)
	}
	b.WriteString(`<text x="8" y="` + strconv.Itoa(y+svgLanePad+27) + `" fill="` + colorDim + `" font-size="11">` +
		xmlText(truncate(sub, 34)) + "</text>\n")
	for i := range l.Rows {
		writeBar(b, &l.Rows[i], l.Clock, sc, y+svgLanePad+i*svgRowH)
	}
	return y + laneHeight(l)
}

// writeBar writes one row from y: the bar, its whiskers, the culprit's
// marker and the label, after the bar when it fits, else before it.
func writeBar(b *strings.Builder, r *chartBar, clock *ClockHost, sc svgScale, y int) {
	x1, x2 := sc.x(r.Start), sc.x(r.End)
	w := max(x2-x1, 2)
	fill := barFill[r.Kind]
	switch {
	case r.Culprit != "":
		fill = colorCulprit
	case r.Error && r.Kind == barSpan:
		fill = colorError
	}
	by := y + (svgRowH-svgBarH)/2
	b.WriteString(`<rect x="` + num(x1) + `" y="` + strconv.Itoa(by) + `" width="` + num(w) + `" height="` + strconv.Itoa(svgBarH) +
		`" rx="2" fill="` + fill + `"><title>` + xmlText(barTitle(r)) + "</title></rect>\n")
	if r.Whiskers {
		writeWhiskers(b, r, clock, sc, by+svgBarH/2)
	}
	if r.Culprit != "" {
		mid := x1 + w/2
		b.WriteString(`<path d="M` + num(mid-5) + " " + strconv.Itoa(by-6) + "h10l-5 6z" + `" fill="` + colorCulprit + `"/>` + "\n")
	}
	writeBarLabel(b, r, x1, x1+w, by+svgBarH-3)
}

// barTitle is a bar's tooltip: everything its label says, in full.
func barTitle(r *chartBar) string {
	s := r.Label
	if r.Detail != "" {
		s += " · " + r.Detail
	}
	return s + " · " + Duration(r.End-r.Start) + " · " + clockTime(r.Start) + " UTC"
}

// writeBarLabel writes the label after the bar, or before it, or else
// inside it (a bar that long leaves room), in white on a dark bar.
func writeBarLabel(b *strings.Builder, r *chartBar, x1, x2 float64, y int) {
	head := r.Label
	if r.Culprit != "" {
		head = r.Culprit + ": " + head
	}
	tail := " " + Duration(r.End-r.Start)
	if r.Detail != "" {
		tail = " · " + r.Detail + tail
	}
	width := textWidth(head + tail)
	x, anchor, fill, dim := x2+5, "start", colorText, colorDim
	if r.Culprit != "" {
		fill = colorCulprit
	}
	switch {
	case x+width <= svgWidth-4:
	case x1-5-width >= svgLabelW:
		x, anchor = x1-5, "end"
	default:
		x = x1 + 5
		if r.Culprit != "" || (r.Kind != barUnit && r.Kind != barSpan) {
			fill, dim = "#ffffff", "#f1f5f9"
		}
	}
	b.WriteString(`<text x="` + num(x) + `" y="` + strconv.Itoa(y) + `" text-anchor="` + anchor + `" fill="` + fill + `"`)
	if r.Culprit != "" {
		b.WriteString(` font-weight="600"`)
	}
	b.WriteString(">" + xmlText(head) + `<tspan fill="` + dim + `" font-weight="400">` + xmlText(tail) + "</tspan></text>\n")
}

// writeWhiskers draws, at each end of a bar on a host whose offset is
// bounded on both sides, where that instant may lie on the reference
// host's clock: raw − max to raw − min (DESIGN §6). Whiskers narrower
// than minWhisker are left out: the lane's label gives the uncertainty.
func writeWhiskers(b *strings.Builder, r *chartBar, h *ClockHost, sc svgScale, y int) {
	if h == nil || h.Reference || h.MinNS == nil || h.MaxNS == nil {
		return
	}
	for _, t := range []int64{r.Start, r.End} {
		x1, x2 := sc.x(t-*h.MaxNS), sc.x(t-*h.MinNS)
		if x2-x1 < minWhisker {
			continue
		}
		ys, yt, yb := strconv.Itoa(y), strconv.Itoa(y-4), strconv.Itoa(y+4)
		b.WriteString(`<path d="M` + num(x1) + " " + yt + "V" + yb + "M" + num(x1) + " " + ys + "H" + num(x2) +
			"M" + num(x2) + " " + yt + "V" + yb + `" stroke="` + colorWhisker + `" fill="none"/>` + "\n")
	}
}
