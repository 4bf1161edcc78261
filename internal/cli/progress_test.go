package cli

import (
	"strings"
	"testing"
	"time"
)

func TestProgressBar(t *testing.T) {
	var b strings.Builder
	clock := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	p := newProgressBar(&b, func() int { return 80 })
	p.now = func() time.Time { return clock }
	p.Start(3_400_000_000)

	p.Update(1_200_000_000, 10)
	clock = clock.Add(50 * time.Millisecond)
	p.Update(1_300_000_000, 20) // within the redraw interval: not drawn
	clock = clock.Add(1450 * time.Millisecond)
	p.Update(1_200_000_000, 1_234_567)
	p.Done()
	p.Done() // a second Done writes nothing

	want := clearLine + "reading 1.2 GB of 3.4 GB (35%) · 10 spans" +
		clearLine + "reading 1.2 GB of 3.4 GB (35%) · 1,234,567 spans · 823k spans/s" +
		clearLine
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

func TestProgressBarStdinAndNarrow(t *testing.T) {
	var b strings.Builder
	p := newProgressBar(&b, func() int { return 20 })
	p.Start(-1)
	p.Update(2048, 3)
	if want := clearLine + "reading 2.0 kB · 3 "; b.String() != want {
		t.Errorf("got %q, want %q (no total on stdin, cut to the width less one)", b.String(), want)
	}
	var nilBar *progressBar
	nilBar.Done() // must not panic
}

func TestCompactCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 950: "950", 1000: "1k", 1234: "1.2k", 81_234: "81.2k", 812_345: "812k", 1_260_000: "1.3M", 3e9: "3G"} {
		if got := compactCount(n); got != want {
			t.Errorf("compactCount(%d) = %q, want %q", n, got, want)
		}
	}
}
