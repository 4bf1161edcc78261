package render

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/raceline/raceline/internal/trace"
)

// This file draws timelines as swim lanes: one lane per service and host,
// one row per bar, the window a finding is about shaded, the bar it is
// about marked, clock uncertainty as whiskers. The report's HTML inlines
// these pictures; timeline -o svg writes one alone.

// chart is a picture of a timeline before it is drawn.
type chart struct {
	Title  string
	Lanes  []chartLane
	Window *chartWindow // nil: none
	// Origin is the axis' zero: the labels are offsets from it.
	Origin int64
}

// chartLane is one service on one host, with its clock (nil when unknown).
type chartLane struct {
	Service, Host string
	Clock         *ClockHost
	Rows          []chartBar
}

// barKind says what a bar is, and so its colour.
type barKind int

const (
	barUnit     barKind = iota // a request's, job's or trace's whole extent
	barSpan                    // a span of a trace's timeline
	barEnqueue                 // the PRODUCER span that enqueued the job
	barRead                    // a cache read
	barMutation                // a cache write, fill or invalidation
	barSource                  // a source (database) read or write
)

// chartBar is one row.
type chartBar struct {
	Label  string // what it is: "read hit user:42:profile", a span's name
	Detail string // said after it, dimmed: the span's name; "" for none
	Start  int64
	End    int64
	Kind   barKind
	// Culprit names what makes the finding, when this bar is it: "stale
	// read", "stale fill", "overwrite"; else "".
	Culprit  string
	Error    bool // status error
	Whiskers bool // draw the host's clock uncertainty at both ends
}

// chartWindow is the span of time a finding is about, shaded.
type chartWindow struct {
	Start, End int64
	Label      string
}

// bounds is the time range of every bar and the window; the origin
// alone when there are none.
func (c *chart) bounds() (start, end int64) {
	start, end = c.Origin, c.Origin
	seen := false
	add := func(s, e int64) {
		if !seen {
			start, end, seen = s, e, true
		}
		start, end = min(start, s), max(end, e)
	}
	for _, l := range c.Lanes {
		for _, r := range l.Rows {
			add(r.Start, r.End)
		}
	}
	if w := c.Window; w != nil {
		add(w.Start, w.End)
	}
	return start, end
}

// laneOf returns the lane of service on host, added at the end if new.
func (c *chart) laneOf(service, host string, clock map[string]*ClockHost) *chartLane {
	for i := range c.Lanes {
		if l := &c.Lanes[i]; l.Service == service && l.Host == host {
			return l
		}
	}
	c.Lanes = append(c.Lanes, chartLane{Service: service, Host: host, Clock: clock[host]})
	return &c.Lanes[len(c.Lanes)-1]
}

// findingChart is the picture of a finding: the units involved (the
// request, the job, the other party), then its events (the enqueue, the
// reads, the mutations, the source operations), one lane per service and
// host; the window shaded and the culprit marked.
func findingChart(f *Finding, clock map[string]*ClockHost) *chart {
	c := &chart{Title: f.ID + " · " + f.Rule + " · " + f.Key}
	reqRole, otherRole := unitRoles(f.Rule)
	type party struct {
		u    *Unit
		role string
	}
	units := []party{{&f.Request, reqRole}}
	if f.Job != nil {
		units = append(units, party{&f.Job.Unit, ""})
	}
	if f.Other != nil {
		units = append(units, party{f.Other, otherRole})
	}
	for _, p := range units {
		l := c.laneOf(p.u.Service, p.u.Host, clock)
		l.Rows = append(l.Rows, chartBar{Label: p.u.Kind + " " + orUnnamed(p.u.Name), Detail: p.role, Start: p.u.Start, End: p.u.End, Kind: barUnit})
	}
	culprit, what := culpritEvent(f)
	for i := range f.Events {
		e := &f.Events[i]
		if e.Op == "job-start" || e.Op == "job-end" {
			continue // the job's bar shows them
		}
		bar := chartBar{Label: eventLabel(e), Detail: orUnnamed(e.Name), Start: e.Start, End: e.End, Kind: eventKind(e.Op), Whiskers: true}
		switch {
		case e.Key != "":
			bar.Label += " " + e.Key
		case e.Op == "enqueue":
			bar.Label, bar.Detail = "enqueue "+bar.Detail, ""
		}
		if i == culprit {
			bar.Culprit = what
		}
		l := c.laneOf(e.Service, e.Host, clock)
		l.Rows = append(l.Rows, bar)
	}
	c.Window = findingWindow(f)
	c.Origin, _ = c.bounds()
	return c
}

// unitRoles names what the request (the unit at fault) and the other
// party did, where a unit's kind and name may not tell them apart.
func unitRoles(rule string) (request, other string) {
	switch rule {
	case "lost-update":
		return "update lost", "overwriter"
	case "stale-cache-fill":
		return "stale filler", "invalidator"
	}
	return "reader", ""
}

func eventKind(op string) barKind {
	switch op {
	case "enqueue":
		return barEnqueue
	case "read":
		return barRead
	case "source-read", "source-write":
		return barSource
	}
	return barMutation
}

// isMutation reports whether an event's op changes a cache key.
func isMutation(op string) bool { return op == "write" || op == "fill" || op == "invalidate" }

// culpritEvent returns the index of the event that makes the finding
// (-1 for none) and what to call it: the stale read (for partial-read, the
// read of the stale key), the fill that put an old value back, the write
// that overwrote an update.
func culpritEvent(f *Finding) (int, string) {
	op, key, what := "read", f.Key, "stale read"
	switch f.Rule {
	case "stale-cache-fill":
		op, what = "fill", "stale fill"
	case "lost-update":
		op, what = "write", "overwrite"
	}
	last := -1
	for i := range f.Events {
		if e := &f.Events[i]; e.Op == op && e.Key == key {
			last = i
		}
	}
	return last, what
}

// findingWindow is the time a finding is about: for the stale-read rules
// Window(J, K) of DESIGN §5 (from the enqueue, or the job's start, to the
// end of the job's last mutation of K); for stale-cache-fill, from the
// source read to the fill; for lost-update, from the read to the write
// that lost the other update. nil when the events do not tell.
func findingWindow(f *Finding) *chartWindow {
	first := func(ops ...string) *Event {
		for i := range f.Events {
			for _, op := range ops {
				if f.Events[i].Op == op {
					return &f.Events[i]
				}
			}
		}
		return nil
	}
	lastOf := func(match func(*Event) bool) *Event {
		var last *Event
		for i := range f.Events {
			if match(&f.Events[i]) {
				last = &f.Events[i]
			}
		}
		return last
	}
	switch f.Rule {
	case "stale-cache-fill":
		fill := lastOf(func(e *Event) bool { return e.Op == "fill" })
		read := lastOf(func(e *Event) bool { return e.Op == "source-read" && fill != nil && e.Start <= fill.Start })
		if read != nil {
			return &chartWindow{Start: read.Start, End: fill.Start, Label: "old value in flight"}
		}
	case "lost-update":
		read := first("read")
		write := lastOf(func(e *Event) bool { return e.Op == "write" })
		if read != nil && write != nil {
			return &chartWindow{Start: read.End, End: write.Start, Label: "read-modify-write"}
		}
	default:
		open := first("enqueue", "job-start")
		last := lastOf(func(e *Event) bool { return isMutation(e.Op) && e.Key == f.Key })
		if open != nil && last != nil {
			return &chartWindow{Start: open.Start, End: last.End, Label: "pending window"}
		}
	}
	return nil
}

// timelineChart is the picture of a trace's timeline: every span, one
// lane per service and host, each span a row in depth-first order, the
// finding's events (the spans' marks) coloured by what they did.
func timelineChart(tl *Timeline, clock map[string]*ClockHost) *chart {
	u := &tl.Request
	c := &chart{Title: u.Kind + " " + orUnnamed(u.Name) + " · trace " + u.TraceID.String(), Origin: u.Start}
	for i := range tl.Spans {
		s := &tl.Spans[i]
		label := orUnnamed(s.Name)
		if s.LinkedFrom != nil {
			label = markJob + label
		}
		bar := chartBar{Label: label, Start: s.Start, End: s.End, Kind: barSpan, Error: s.Status == trace.StatusError, Whiskers: true}
		if len(s.Marks) > 0 {
			bar.Detail = strings.Join(s.Marks, ", ")
			op, _, _ := strings.Cut(s.Marks[0], " ")
			bar.Kind = eventKind(op)
		}
		l := c.laneOf(s.Service, s.Host, clock)
		l.Rows = append(l.Rows, bar)
	}
	if start, _ := c.bounds(); start < c.Origin {
		c.Origin = start
	}
	return c
}

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
