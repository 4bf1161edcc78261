package cli

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/spf13/pflag"
)

// enumValue is a string flag that accepts only its options; a bad value
// is rejected with the list of valid ones.
type enumValue struct {
	value   *string
	options []string
}

// enumFlag defines a flag that accepts only options, def being the
// default; the usage line ends with the options.
func enumFlag(fs *pflag.FlagSet, p *string, name, short, def string, options []string, usage string) {
	*p = def
	fs.VarP(&enumValue{value: p, options: options}, name, short, usage+": "+optionList(options))
}

func (e *enumValue) Set(s string) error {
	if !slices.Contains(e.options, s) {
		return fmt.Errorf("valid values are %s", optionList(e.options))
	}
	*e.value = s
	return nil
}

func (e *enumValue) String() string { return *e.value }
func (e *enumValue) Type() string   { return "string" }

func optionList(options []string) string { return "{" + strings.Join(options, "|") + "}" }

// byteSize is a size flag: a byte count, or a humanized size such as 64MiB
// or 10MB (go-humanize's ParseBytes).
type byteSize int64

func (b *byteSize) Set(s string) error {
	n, err := humanize.ParseBytes(s)
	if err != nil || n == 0 || n > math.MaxInt {
		return fmt.Errorf("want a size of at least one byte, such as 64MiB or 500kB")
	}
	*b = byteSize(n)
	return nil
}

func (b *byteSize) String() string { return humanize.IBytes(uint64(*b)) }
func (b *byteSize) Type() string   { return "size" }

// workers is --jobs: 0 for every core, or a positive count.
type workers int

func (w *workers) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return fmt.Errorf("want a number of workers, or 0 for all cores")
	}
	*w = workers(n)
	return nil
}

func (w *workers) String() string { return strconv.Itoa(int(*w)) }
func (w *workers) Type() string   { return "N" }

// timeBound is --since or --until: an RFC 3339 time, or a duration before
// the input's end (the latest span end), such as 15m.
type timeBound struct {
	text   string        // as given; "" when unset
	at     int64         // ns since the epoch, when !before
	before time.Duration // when relative
	rel    bool
}

func (t *timeBound) Set(s string) error {
	if at, err := time.Parse(time.RFC3339Nano, s); err == nil {
		*t = timeBound{text: s, at: at.UnixNano()}
		return nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		*t = timeBound{text: s, before: d, rel: true}
		return nil
	}
	return fmt.Errorf("want an RFC 3339 time such as 2026-11-21T10:00:00Z, or a duration before the input's end such as 15m")
}

func (t *timeBound) String() string { return t.text }
func (t *timeBound) Type() string   { return "time" }

// isSet reports whether the flag was given.
func (t *timeBound) isSet() bool { return t.text != "" }

// resolve returns the bound in ns, given the input's end.
func (t *timeBound) resolve(inputEnd int64) int64 {
	if t.rel {
		return inputEnd - int64(t.before)
	}
	return t.at
}
