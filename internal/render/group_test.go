package render

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/raceline/raceline/internal/config"
)

func defaultPatterns() []*regexp.Regexp { return config.Default().Report.GroupPatterns }

func TestKeyShape(t *testing.T) {
	tests := []struct{ key, want string }{
		{"user:42:profile", "user:*:profile"},
		{"user:9f2c:profile", "user:9f2c:profile"}, // 4 hex digits: not variable
		{"session:9f2c4e:data", "session:*:data"},
		{"order/1001/total", "order/*/total"},
		{"a.1|b_22=c-333", "a.*|b_*=c-*"},
		// A UUID is one segment, though "-" splits keys.
		{"session:3f2504e0-4f89-11d3-9a0c-0305e82c3301:cart", "session:*:cart"},
		{"session-3f2504e0-4f89-11d3-9a0c-0305e82c3301", "session-*"},
		{"3f2504e0-4f89-11d3-9a0c-0305e82c3301-3f2504e0-4f89-11d3-9a0c-0305e82c3301", "*-*"},
		{"day:2026-11-21", "day:*-*-*"},
		{"token:QUJDREVGR0hJSktMTU5PUA==", "token:*=="}, // "=" splits the padding off
		{"token:QUJDREVGR0hJSktMTU5PUA", "token:*"},
		{"profile", "profile"},
		{"", ""},
		{"::--", "::--"},
		{"a--1", "a--*"},
		{strings.Repeat("1-", 20) + "x", strings.Repeat("*-", 20) + "x"},
	}
	for _, tt := range tests {
		if got := keyShape(tt.key, defaultPatterns()); got != tt.want {
			t.Errorf("keyShape(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

// finding is a minimal finding for grouping tests.
func finding(id, rule, sev, conf, key, job string, margin int64) Finding {
	f := Finding{ID: id, Rule: rule, Severity: sev, Confidence: conf, Key: key, MarginNS: margin}
	if job != "" {
		f.Job = &FindingJob{Unit: Unit{Kind: "job", Name: job}}
	}
	return f
}

func TestGroupFindings(t *testing.T) {
	fs := []Finding{
		finding("rl-1", "stale-read-pending-job", "medium", "likely", "user:1:profile", "process jobs", 5),
		finding("rl-2", "stale-read-pending-job", "medium", "certain", "user:2:profile", "process jobs", 9),
		finding("rl-3", "stale-read-pending-job", "medium", "certain", "user:3:profile", "process jobs", 3),
		finding("rl-4", "stale-read-pending-job", "medium", "certain", "user:4:profile", "other job", 1),
		finding("rl-5", "lost-update", "high", "likely", "stats:daily", "", 8),
		finding("rl-6", "read-your-writes", "high", "certain", "user:5:profile", "process jobs", 8),
		finding("rl-7", "stale-read-pending-job", "medium", "certain", "user:6:profile", "process jobs", 3),
	}
	var got [][]string
	var titles []string
	for _, g := range groupFindings(fs, defaultPatterns()) {
		var ids []string
		for _, f := range g.Findings {
			ids = append(ids, f.ID)
		}
		got = append(got, ids)
		titles = append(titles, g.title().String())
	}
	want := [][]string{{"rl-6"}, {"rl-5"}, {"rl-3", "rl-7", "rl-2", "rl-1"}, {"rl-4"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("groups (-want +got):\n%s", d)
	}
	wantTitles := []string{
		"1 read of the user's own old user:*:profile pending in process jobs",
		"1 lost update of stats:daily",
		"4 stale reads of user:*:profile during process jobs",
		"1 stale read of user:*:profile during other job",
	}
	if d := cmp.Diff(wantTitles, titles); d != "" {
		t.Errorf("titles (-want +got):\n%s", d)
	}
}

func TestGroupTitleOther(t *testing.T) {
	f := finding("rl-1", "lost-update", "high", "likely", "stats:daily", "", 8)
	f.Other = &Unit{Kind: "trace", Name: ""}
	g := groupFindings([]Finding{f}, nil)[0]
	if got, want := g.title(), (groupTitle{"1 lost update of", "stats:daily", "overwritten by", "(unnamed)"}); got != want {
		t.Errorf("title = %#v, want %#v", got, want)
	}
	g.Rule = "new-rule"
	if got, want := g.title().String(), "1 new-rule finding on stats:daily with (unnamed)"; got != want {
		t.Errorf("title of an unknown rule = %q, want %q", got, want)
	}
}

// FuzzKeyShape wants no panic, a shape that is its own shape, and no
// separator that the key did not have.
func FuzzKeyShape(f *testing.F) {
	for _, k := range []string{"user:42:profile", "session-3f2504e0-4f89-11d3-9a0c-0305e82c3301", "a--1", "::", "\xff-\x00"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		s := keyShape(key, defaultPatterns())
		if again := keyShape(s, defaultPatterns()); again != s {
			t.Errorf("keyShape(%q) = %q, but its shape is %q", key, s, again)
		}
		count := func(s string) int {
			n := 0
			for _, sep := range keySeparators {
				n += strings.Count(s, string(sep))
			}
			return n
		}
		if count(s) > count(key) {
			t.Errorf("keyShape(%q) = %q has more separators", key, s)
		}
	})
}
