package render

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The SVG charts show timelines as swim lanes: one lane per service and
// host, one row per bar, the window a finding is about shaded, the bar it is
// about marked, clock uncertainty as whiskers. The report's HTML inlines
// these pictures; timeline -o svg writes one alone.

// WriteTimelineSVG writes tl as a standalone SVG document: for timeline
// --finding, the picture of the finding the report draws; else every span
// of the timeline as swim lanes. The bytes depend only on tl.
func WriteTimelineSVG(w io.Writer, tl *Timeline) error {
	clock := map[string]*ClockHost{}
	if len(tl.Clock) > 0 {
		var c struct {
			Hosts []ClockHost `json:"hosts"`
		}
		if err := json.Unmarshal(tl.Clock, &c); err != nil {
			return err
		}
		clock = clockHosts(Clock{Hosts: c.Hosts})
	}
	c := timelineChart(tl, clock)
	if tl.Finding != nil {
		c = findingChart(tl.Finding, clock)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	writeChartSVG(&b, c, true)
	_, err := io.WriteString(w, b.String())
	return err
}

// xmlText escapes s for XML text and attribute values; characters XML
// cannot hold become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// num writes a coordinate with one decimal, the same bytes every run.
func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// textWidth estimates the width of s in pixels at the charts' font size.
func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * 6.6 }

// The layout of a chart, in pixels.
const (
	svgWidth   = 960
	svgLabelW  = 200 // the lane labels' column
	svgPadR    = 20
	svgRowH    = 22
	svgBarH    = 14
	svgLanePad = 6
	svgMinLane = 40 // room for the lane label's two lines
	minWhisker = 4  // narrower whiskers would be blots on the bar
	svgBandH   = 40 // the axis labels, then the window's label
	svgFont    = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`
)

// The colours: restrained, readable in print, each kind told apart.
var barFill = map[barKind]string{
	barUnit: "#cbd5e1", barSpan: "#93c5fd", barEnqueue: "#8b5cf6",
	barRead: "#2563eb", barMutation: "#d97706", barSource: "#0d9488",
}

const (
	colorText    = "#0f172a"
	colorDim     = "#64748b"
	colorGrid    = "#e2e8f0"
	colorLaneAlt = "#f8fafc"
	colorWindow  = "#fef3c7"
	colorEdge    = "#f59e0b"
	colorCulprit = "#dc2626"
	colorError   = "#f87171"
	colorWhisker = "#334155"
)

// writeChartSVG draws c. A standalone chart is a document of its own
// (namespace, title line); else it is meant to be inlined in HTML.
func writeChartSVG(b *strings.Builder, c *chart, standalone bool) {
	sc := newSVGScale(c)
	top := 6
	if standalone {
		top = 30
	}
	lanesTop := top + svgBandH
	lanesBottom := lanesTop + lanesHeight(c)
	items := legend(c, sc)
	height := lanesBottom + legendHeight(items)
	b.WriteString(`<svg`)
	if standalone {
		b.WriteString(` xmlns="http://www.w3.org/2000/svg"`)
	}
	b.WriteString(` class="chart" width="` + strconv.Itoa(svgWidth) + `" height="` + strconv.Itoa(height) +
		`" viewBox="0 0 ` + strconv.Itoa(svgWidth) + " " + strconv.Itoa(height) + `" role="img" font-family="` +
		xmlText(svgFont) + `" font-size="12" fill="` + colorText + `">` + "\n")
	b.WriteString("<title>" + xmlText(c.Title) + "</title>\n")
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>` + "\n")
	if standalone {
		b.WriteString(`<text x="8" y="20" font-size="14" font-weight="600">` + xmlText(c.Title) + "</text>\n")
	}
	writeLaneBackgrounds(b, c, lanesTop)
	writeAxis(b, c, sc, top, lanesTop, lanesBottom)
	if w := c.Window; w != nil {
		writeWindow(b, w, sc, top+svgBandH/2, lanesBottom)
	}
	y := lanesTop
	for i := range c.Lanes {
		y = writeLane(b, &c.Lanes[i], sc, y)
	}
	writeLegend(b, items, lanesBottom+10)
	b.WriteString("</svg>\n")
}
