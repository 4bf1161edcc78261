package cli

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/raceline/raceline/internal/render"
)

// defaultWidth is the terminal width assumed when stdout is not a
// terminal, so that text output does not depend on where it goes.
const defaultWidth = 100

// The --color values.
const (
	colorAuto   = "auto"
	colorAlways = "always"
	colorNever  = "never"
)

// Streams are the standard streams a command reads and writes, with what
// is known about the terminal behind them. Every field and check can be
// overridden, so a test sees exactly what a user would.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdoutTTY, stderrTTY bool
	width                func() int // stdout's terminal width, when stdoutTTY
	errWidth             func() int // stderr's terminal width, when stderrTTY
	colorMode            string     // colorAuto, colorAlways or colorNever
	noColor              bool       // NO_COLOR is set, or TERM=dumb
}

// System returns the process's standard streams.
func System() *Streams {
	return &Streams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
		width:     func() int { return terminalWidth(os.Stdout) },
		errWidth:  func() int { return terminalWidth(os.Stderr) },
		colorMode: colorAuto,
		noColor:   os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb",
	}
}

// TestStreams returns streams on three buffers: stdin (read through a
// reader that cannot seek, as a pipe), stdout and stderr. Neither output is
// a terminal, and the width is defaultWidth.
func TestStreams() (s *Streams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = new(bytes.Buffer), new(bytes.Buffer), new(bytes.Buffer)
	fixed := func() int { return defaultWidth }
	s = &Streams{In: onlyReader{in}, Out: out, ErrOut: errOut, width: fixed, errWidth: fixed, colorMode: colorAuto}
	return s, in, out, errOut
}

// onlyReader hides every method of its reader but Read.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// IsStdoutTTY reports whether stdout is a terminal.
func (s *Streams) IsStdoutTTY() bool { return s.stdoutTTY }

// SetStdoutTTY overrides the check, for tests.
func (s *Streams) SetStdoutTTY(tty bool) { s.stdoutTTY = tty }

// IsStderrTTY reports whether stderr is a terminal.
func (s *Streams) IsStderrTTY() bool { return s.stderrTTY }

// SetStderrTTY overrides the check, for tests.
func (s *Streams) SetStderrTTY(tty bool) { s.stderrTTY = tty }

// SetTerminalWidth fixes the width of both terminals, for tests.
func (s *Streams) SetTerminalWidth(w int) {
	s.width = func() int { return w }
	s.errWidth = s.width
}

// TerminalWidth is the width text output is fitted to: the terminal's when
// stdout is one, else defaultWidth.
func (s *Streams) TerminalWidth() int {
	if !s.stdoutTTY {
		return defaultWidth
	}
	return s.width()
}

// StderrWidth is the width of the terminal on stderr (progress lines).
func (s *Streams) StderrWidth() int { return s.errWidth() }

// SetColorMode sets --color: colorAuto, colorAlways or colorNever.
func (s *Streams) SetColorMode(mode string) { s.colorMode = mode }

// SetNoColor sets whether NO_COLOR is in the environment, for tests.
func (s *Streams) SetNoColor(v bool) { s.noColor = v }

// colorFor decides color for a stream: always and never are explicit
// (always wins over NO_COLOR, as no-color.org asks of command-line flags);
// auto colors a terminal unless NO_COLOR is set or TERM is dumb.
func (s *Streams) colorFor(tty bool) bool {
	switch s.colorMode {
	case colorAlways:
		return true
	case colorNever:
		return false
	}
	return tty && !s.noColor
}

// Style is how text on stdout is decorated. JSON never is.
func (s *Streams) Style() render.Style { return render.Style{Color: s.colorFor(s.stdoutTTY)} }

// ErrStyle is how text on stderr is decorated.
func (s *Streams) ErrStyle() render.Style { return render.Style{Color: s.colorFor(s.stderrTTY)} }

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

func terminalWidth(f *os.File) int {
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil || w <= 0 {
		return defaultWidth
	}
	return w
}
