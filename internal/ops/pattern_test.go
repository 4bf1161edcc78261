package ops

import (
	"regexp"
	"testing"
)

func TestApplyPattern(t *testing.T) {
	tests := []struct{ pattern, text, want string }{
		{"", "user:1", "user:1"},
		{`^(?:app:)?(?P<key>.+)$`, "app:user:1", "user:1"},
		{`^(?:app:)?(?P<key>.+)$`, "user:1", "user:1"},
		{`^(x)?(?P<key>user:\d+)`, "user:1:profile", "user:1"}, // the named group wins over the first
		{`^cache get (\S+)`, "cache get user:1 extra", "user:1"},
		{`^cache get (\S+)`, "GET /profile", "GET /profile"}, // no match: kept as it is
		{`user:[0-9]+`, "x user:42 y", "user:42"},
		{`^(a)?(?P<key>b)?$`, "", ""}, // matches, but extracts nothing
	}
	for _, tt := range tests {
		d := &deriver{}
		if tt.pattern != "" {
			d.opts.KeyPattern = regexp.MustCompile(tt.pattern)
		}
		if got := d.applyPattern(tt.text); got != tt.want {
			t.Errorf("applyPattern(%q) with %q = %q, want %q", tt.text, tt.pattern, got, tt.want)
		}
	}
}
