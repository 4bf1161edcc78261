package cli

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/detect"
)

// detectOptions are the detection flags of DESIGN §2, shared by analyze,
// report and timeline --finding with the same defaults, so that the id of
// a finding one of them shows is found by the others.
type detectOptions struct {
	// Rules are the rules --rules names, in the order given; nil runs
	// every rule the config enables.
	Rules []string
	// MinConfidence is certain, likely or possible: findings below it are
	// only counted.
	MinConfidence string
	// Key is a path.Match pattern a shown finding must have a key
	// matching; "" shows every key.
	Key               string
	NoClockCorrection bool
}

// The --min-confidence values, strongest first, and the default.
var confidenceNames = []string{"certain", "likely", "possible"}

const defaultMinConfidence = "likely"

// ruleNames are the rules --rules accepts, in DESIGN §5's order.
func ruleNames() []string {
	names := make([]string, len(detect.Rules))
	for i, r := range detect.Rules {
		names[i] = r.Name
	}
	return names
}

// addDetectFlags defines the detection flags on fs, filling d.
func addDetectFlags(fs *pflag.FlagSet, d *detectOptions) {
	fs.Var(&ruleList{names: &d.Rules}, "rules", "run only these `RULES`, comma-separated, of those the config enables (see raceline rules)")
	enumFlag(fs, &d.MinConfidence, "min-confidence", "", defaultMinConfidence, confidenceNames,
		"show findings at least this sure; the others are only counted")
	fs.Var(&keyGlob{glob: &d.Key}, "key", "show only findings with a key matching `GLOB` (path.Match syntax: * ? [a-z])")
	fs.BoolVar(&d.NoClockCorrection, "no-clock-correction", false, "judge orderings across hosts on raw times, as if every clock agreed")
}

// ruleList is --rules: rule names, comma-separated, the flag repeatable.
type ruleList struct{ names *[]string }

func (r *ruleList) Set(s string) error {
	valid := ruleNames()
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(valid, name) {
			return fmt.Errorf("unknown rule %q: valid values are %s", name, optionList(valid))
		}
		if !slices.Contains(*r.names, name) {
			*r.names = append(*r.names, name)
		}
	}
	return nil
}

func (r *ruleList) String() string { return strings.Join(*r.names, ",") }
func (r *ruleList) Type() string   { return "rules" }

// keyGlob is --key: a pattern path.Match accepts.
type keyGlob struct{ glob *string }

func (k *keyGlob) Set(s string) error {
	// path.Match checks the whole pattern even when the name does not
	// match, so matching "" finds every syntax error.
	if _, err := path.Match(s, ""); err != nil {
		return fmt.Errorf("want a glob in path.Match syntax, such as 'user:*:profile'")
	}
	*k.glob = s
	return nil
}

func (k *keyGlob) String() string { return *k.glob }
func (k *keyGlob) Type() string   { return "glob" }

// enabled is the rules that run: those the config enables, narrowed to
// --rules when given.
func (d *detectOptions) enabled(cfg *config.Config) map[string]bool {
	on := make(map[string]bool, len(detect.Rules))
	for _, r := range detect.Rules {
		on[r.Name] = cfg.Enabled(r.Name) && (d.Rules == nil || slices.Contains(d.Rules, r.Name))
	}
	return on
}

// minConfidence is --min-confidence as a clock.Confidence.
func (d *detectOptions) minConfidence() clock.Confidence {
	c, ok := clock.ParseConfidence(d.MinConfidence)
	if !ok {
		return clock.Likely // the flag accepts only valid names; a zero detectOptions means the default
	}
	return c
}

// findingFilter is --since, --until, --service and --key applied to
// findings: which of them are shown. Detection always sees every span.
type findingFilter struct {
	spans spanFilter
	key   string // "" matches every key
}

func newFindingFilter(g *globalOptions, d *detectOptions, inputEnd int64) findingFilter {
	return findingFilter{spans: newSpanFilter(g, inputEnd), key: d.Key}
}

// keep reports whether f is shown: its timeline (the events, from the
// first start to the last end) overlaps --since..--until, one of its
// events ran in a --service, and one of its keys matches --key.
func (ff findingFilter) keep(f *detect.Finding) bool {
	start, end := int64(math.MaxInt64), int64(math.MinInt64)
	inService := ff.spans.services == nil
	for i := range f.Events {
		e := &f.Events[i]
		start, end = min(start, e.Start), max(end, e.End)
		inService = inService || ff.spans.services[e.Span.Service]
	}
	if len(f.Events) > 0 && (end < ff.spans.since || start > ff.spans.until) {
		return false
	}
	return inService && ff.keyMatches(f.Keys)
}

func (ff findingFilter) keyMatches(keys []string) bool {
	if ff.key == "" {
		return true
	}
	for _, k := range keys {
		if ok, _ := path.Match(ff.key, k); ok {
			return true
		}
	}
	return false
}

// checkDetectFlagsUnused returns a usage error naming the first detection
// flag that was given, for a command that only uses them in another mode.
func checkDetectFlagsUnused(fs *pflag.FlagSet, mode string, names ...string) error {
	for _, n := range names {
		if fs.Changed(n) {
			return usageErrorf("--%s applies only with %s", n, mode)
		}
	}
	return nil
}
