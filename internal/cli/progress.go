package cli

import (
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/dustin/go-humanize"
)

// redrawEvery keeps the progress line to about ten redraws a second.
const redrawEvery = 100 * time.Millisecond

// clearLine returns the cursor to the line's start and erases the line.
const clearLine = "\r\x1b[K"

// progressBar draws one updating line on stderr while a load runs:
//
//	reading 1.2 GB of 3.4 GB (35%) · 1,234,567 spans · 812k spans/s
//
// (bytes read only, without a total, on stdin). It implements
// ingest.Progress; as ingest promises, its methods are called from one
// goroutine. Done clears the line; a nil *progressBar does nothing.
type progressBar struct {
	w     io.Writer
	width func() int
	now   func() time.Time

	total       int64 // -1: unknown
	start, last time.Time
	drawn       bool
}

func newProgressBar(w io.Writer, width func() int) *progressBar {
	return &progressBar{w: w, width: width, now: time.Now, total: -1}
}

// Start records the total input size, or -1 when unknown.
func (p *progressBar) Start(totalBytes int64) {
	p.total = totalBytes
	p.start = p.now()
}

// Update redraws the line, unless it was drawn less than redrawEvery ago.
func (p *progressBar) Update(bytes, spans int64) {
	now := p.now()
	if p.drawn && now.Sub(p.last) < redrawEvery {
		return
	}
	p.last, p.drawn = now, true
	line := p.line(bytes, spans, now.Sub(p.start))
	if w := p.width() - 1; w > 0 && utf8.RuneCountInString(line) > w {
		line = string([]rune(line)[:w]) // the cursor must not wrap, or \r clears only the last row
	}
	io.WriteString(p.w, clearLine+line)
}

// Done clears the line, if one was drawn.
func (p *progressBar) Done() {
	if p != nil && p.drawn {
		io.WriteString(p.w, clearLine)
		p.drawn = false
	}
}

func (p *progressBar) line(bytes, spans int64, elapsed time.Duration) string {
	s := "reading " + humanize.Bytes(uint64(max(bytes, 0)))
	if p.total >= 0 {
		pct := int64(100)
		if p.total > 0 {
			pct = min(100, bytes*100/p.total)
		}
		s += " of " + humanize.Bytes(uint64(p.total)) + " (" + strconv.FormatInt(pct, 10) + "%)"
	}
	s += " · " + humanize.Comma(spans) + " spans"
	if elapsed >= time.Second/2 {
		s += " · " + compactCount(int64(float64(spans)/elapsed.Seconds())) + " spans/s"
	}
	return s
}

// compactCount writes a rate to about three digits: 950, 81.2k, 812k, 1.2M.
func compactCount(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10)
	case n < 1e6:
		return trimmed(float64(n)/1e3) + "k"
	case n < 1e9:
		return trimmed(float64(n)/1e6) + "M"
	}
	return trimmed(float64(n)/1e9) + "G"
}

// trimmed writes f with one decimal below 100, none above, dropping a
// trailing ".0".
func trimmed(f float64) string {
	prec := 0
	if f < 100 {
		prec = 1
	}
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s
}
