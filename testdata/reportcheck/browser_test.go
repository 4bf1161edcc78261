package reportcheck

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// chromiumFlags are the flags of a headless run that talks to nobody.
var chromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"}

// findChromium returns the browser's path, or skips the test (fails it
// when RACELINE_REQUIRE_EXTERNAL=1, as in CI).
func findChromium(t *testing.T) string {
	for _, p := range []string{"chromium", "/usr/bin/chromium"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	msg := "headless Chromium is not installed (Debian: apt-get install chromium): the HTML report was NOT rendered in a browser"
	if os.Getenv("RACELINE_REQUIRE_EXTERNAL") == "1" {
		t.Fatal(msg)
	}
	fmt.Fprintf(os.Stderr, "\n*** SKIP: %s ***\n\n", msg)
	t.Skip(msg)
	return ""
}

// screenshot renders the HTML file at path in headless Chromium, 1280
// pixels wide and 2000 high, and returns the picture.
func screenshot(t *testing.T, chromium, path string) image.Image {
	t.Helper()
	shot := filepath.Join(t.TempDir(), "report.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append(chromiumFlags, "--user-data-dir="+t.TempDir(), "--screenshot="+shot, "--window-size=1280,2000", "file://"+path)
	cmd := exec.CommandContext(ctx, chromium, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers are ours to end
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // helpers left behind, if any
	}
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, out)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("RACELINE_SCREENSHOT"); keep != "" {
		if b, err := os.ReadFile(shot); err == nil {
			_ = os.WriteFile(keep, b, 0o644)
		}
	}
	return img
}

// The colours of the charts' bars and window (render/svg.go), as sRGB.
var (
	culpritRed    = [3]int{0xdc, 0x26, 0x26}
	readBlue      = [3]int{0x25, 0x63, 0xeb}
	mutationAmber = [3]int{0xd9, 0x77, 0x06}
	enqueueViolet = [3]int{0x8b, 0x5c, 0xf6}
	windowCream   = [3]int{0xfe, 0xf5, 0xcf} // #fef3c7 at 85% over white
)

// near reports whether r, g, b is within tol of c in each channel.
func near(c [3]int, r, g, b, tol int) bool {
	return abs(c[0]-r) <= tol && abs(c[1]-g) <= tol && abs(c[2]-b) <= tol
}

func abs(x int) int { return max(x, -x) }

func rgb(img image.Image, x, y int) (int, int, int) {
	r, g, b, _ := img.At(x, y).RGBA()
	return int(r >> 8), int(g >> 8), int(b >> 8)
}

// TestReportInBrowser renders the HTML report of races.jsonl in headless
// Chromium and wants the first chart drawn: its bars (the stale read in
// red, the mutations, the reads or the enqueue) and its shaded window,
// within a box of a chart's size that is not blank.
func TestReportInBrowser(t *testing.T) {
	chromium := findChromium(t)
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, []byte(report(t, races, "-o", "html")), 0o644); err != nil {
		t.Fatal(err)
	}
	img := screenshot(t, chromium, page)
	bounds := img.Bounds()
	if bounds.Dx() != 1280 || bounds.Dy() != 2000 {
		t.Fatalf("screenshot %v, want 1280×2000", bounds)
	}
	counts := map[string]int{}
	box := image.Rectangle{Min: bounds.Max, Max: bounds.Min}
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b := rgb(img, x, y)
			switch {
			case near(culpritRed, r, g, b, 10):
				counts["stale read"]++
			case near(mutationAmber, r, g, b, 10):
				counts["mutation"]++
			case near(readBlue, r, g, b, 10), near(enqueueViolet, r, g, b, 10):
				counts["read or enqueue"]++ // links are blue too: not in the box
				continue
			case near(windowCream, r, g, b, 3): // a medium badge's cream is 8 bluer
				counts["window"]++
				continue
			default:
				continue
			}
			// Only the charts use the red and the amber.
			box = box.Union(image.Rect(x, y, x+1, y+1))
		}
	}
	for what, least := range map[string]int{"stale read": 30, "read or enqueue": 30, "mutation": 30, "window": 2000} {
		if counts[what] < least {
			t.Errorf("%d pixels of the %s colour, want at least %d: the chart is not drawn (%v)", counts[what], what, least, counts)
		}
	}
	if box.Dx() < 200 || box.Dy() < 40 {
		t.Fatalf("the bars lie in %v, want a chart-sized box", box)
	}
	// The box is drawn on: lanes, bars, labels and grid, not a blank page.
	var inked, all int
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			r, g, b := rgb(img, x, y)
			all++
			if r < 240 || g < 240 || b < 240 {
				inked++
			}
		}
	}
	if inked*20 < all {
		t.Errorf("only %d of %d pixels drawn where the chart lies (%v)", inked, all, box)
	}
	t.Logf("chart at %v; colour counts %v; %d of %d pixels drawn there", box, counts, inked, all)
}
