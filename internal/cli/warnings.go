package cli

import (
	"fmt"
	"strings"

	"github.com/raceline/raceline/internal/config"
)

// writeWarnings writes, unless --quiet, what the user should know about
// how the config and the detection flags worked out: rules named by
// --rules that the config disables (d may be nil), and matchers that
// failed on some spans (those spans were taken as not matching).
func writeWarnings(s *Streams, g *globalOptions, cfg *config.Config, d *detectOptions) error {
	if g.Quiet {
		return nil
	}
	var b strings.Builder
	warn := s.ErrStyle().Yellow("warning:")
	if d != nil {
		for _, r := range d.Rules {
			if !cfg.Enabled(r) {
				fmt.Fprintf(&b, "%s --rules %s: the rule is off in %s (rules: %s: false)\n", warn, r, cfg.Path, r)
			}
		}
	}
	for _, m := range []struct {
		field string
		m     *config.Matcher
	}{{"match.request", cfg.Match.Request}, {"match.job", cfg.Match.Job}, {"match.cache", cfg.Match.Cache}, {"match.source", cfg.Match.Source}} {
		if n, first := m.m.Errors(); n > 0 {
			fmt.Fprintf(&b, "%s %s: %s failed on %s, taken as false (first: %s)\n", warn, cfg.Path, m.field, plural(n, "span", "spans"), first)
		}
	}
	_, err := s.ErrOut.Write([]byte(b.String()))
	return err
}

// plural writes "1 span" or "3 spans".
func plural[N int | int64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
