package config

import (
	"errors"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

// Config is raceline's configuration: Default, changed by the file given
// with --config. A loaded Config is read-only: the matchers may be used from
// many goroutines at once, the rest is plain data.
type Config struct {
	Path string // the file it was loaded from; "" for the defaults

	// Rules maps every name of RuleNames to whether the rule runs.
	Rules map[string]bool

	// Actors are the attributes naming a request's user, in order of
	// preference (DESIGN §5).
	Actors []string

	// CacheSystems are the db.system.name / db.system values of cache
	// spans; IsCacheSystem compares them.
	CacheSystems []string
	// KeyAttributes hold a cache span's key when it has no statement.
	KeyAttributes []string
	// KeyPattern, when set, extracts the key from the text a cache span
	// carries for it; see ExtractKey.
	KeyPattern *regexp.Regexp
	// HitAttribute is the boolean attribute telling a hit (true) from a
	// miss (false).
	HitAttribute string

	// Match holds the matchers for spans that do not follow the semantic
	// conventions; a nil Matcher is not configured (and matches nothing).
	// A span is a request, job, cache or source span when the conventions
	// say so or when its matcher matches.
	Match struct{ Request, Job, Cache, Source *Matcher }

	// Redact.SegmentPatterns mark the key segments replaced when a report
	// is redacted (DESIGN §4); each is meant to match one whole segment.
	Redact struct{ SegmentPatterns []*regexp.Regexp }
	// Report.GroupPatterns mark the key segments a report replaces by *
	// when it groups findings by the shape of their keys.
	Report struct{ GroupPatterns []*regexp.Regexp }

	// Attributes are extra attributes to keep at decode time.
	Attributes []string
}

// maxFileSize bounds a config file: a larger one is almost surely a trace
// dump given to --config by mistake.
const maxFileSize = 1 << 20

// Load reads the YAML file at path over the defaults; path "" gives
// Default(). Every error is an *Error naming the file, and where it can the
// line and field. An empty file is the defaults.
func Load(path string) (*Config, error) {
	if path == "" {
		return Default(), nil
	}
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// readFile reads at most maxFileSize bytes of path.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fileError(path, err)
	}
	if len(data) > maxFileSize {
		return nil, &Error{File: path, Msg: "larger than 1 MiB: is this a config file?"}
	}
	return data, nil
}

// fileError names path once: the message of a *PathError already has it.
func fileError(path string, err error) *Error {
	msg := err.Error()
	if pe := (*os.PathError)(nil); errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &Error{File: path, Msg: msg, err: err}
}

// Parse reads the YAML document data over the defaults, as Load does; name
// is the file name errors show and the Config's Path.
func Parse(name string, data []byte) (*Config, error) {
	root, err := parseYAML(name, data)
	if err != nil {
		return nil, err
	}
	c := Default()
	c.Path = name
	if root == nil {
		return c, nil
	}
	d := &decoder{file: name, cfg: c}
	if err := d.mapping("", root, topSection); err != nil {
		return nil, err
	}
	return c, nil
}

// Keep returns the attributes decoders must keep for this configuration:
// SemconvAttributes, the actors, key attributes, the hit attribute, the
// extra Attributes and every attribute the matchers name; sorted, without
// duplicates or empty names.
func (c *Config) Keep() []string {
	keep := slices.Concat(SemconvAttributes, c.Actors, c.KeyAttributes, []string{c.HitAttribute}, c.Attributes)
	for _, m := range []*Matcher{c.Match.Request, c.Match.Job, c.Match.Cache, c.Match.Source} {
		keep = append(keep, m.Attributes()...)
	}
	slices.Sort(keep)
	keep = slices.Compact(keep)
	if len(keep) > 0 && keep[0] == "" {
		keep = keep[1:]
	}
	return keep
}

// Enabled reports whether rule runs; names not in RuleNames never do.
func (c *Config) Enabled(rule string) bool { return c.Rules[rule] }

// IsCacheSystem reports whether a db.system.name / db.system value names a
// cache. Case is ignored: the conventions write lower case, some
// instrumentations do not.
func (c *Config) IsCacheSystem(system string) bool {
	for _, s := range c.CacheSystems {
		if strings.EqualFold(s, system) {
			return true
		}
	}
	return false
}
