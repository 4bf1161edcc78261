package render

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// Report is what `raceline report` shows: the findings analyze would show
// for the same flags, grouped by the shape of their keys, with what only
// the report says.
type Report struct {
	*Findings
	// GroupPatterns mark the variable key segments, replaced by * to group
	// findings by shape (config report.group_patterns).
	GroupPatterns []*regexp.Regexp
	// Redacted is set when keys and actors were replaced by keyed hashes
	// (--redact); RandomKey when the key was made up for this run.
	Redacted, RandomKey bool
	// Generated is when the report was made (--timestamp); an invalid Time
	// is not written, so that the same input gives the same bytes.
	Generated Time
}

// keySeparators are the characters DESIGN §4 splits keys at.
const keySeparators = ":/.|-_="

// maxDashPieces bounds the runs of "-"-joined pieces tried as one segment
// (a UUID has five), so that a key of many dashes costs linear time.
const maxDashPieces = 8

// replaceSegments returns key with each variable segment replaced by
// repl(segment). Segments are the text between separators; one is
// variable when one of patterns matches it (the patterns are anchored, so
// they match whole segments). Since "-" is a separator, a UUID would never
// be one segment: before splitting at "-", runs of up to maxDashPieces
// "-"-joined pieces that a pattern matches are taken whole, the longest
// first, left to right. Empty segments are never variable.
func replaceSegments(key string, patterns []*regexp.Regexp, repl func(string) string) string {
	var b strings.Builder
	for key != "" {
		i := strings.IndexFunc(key, func(r rune) bool { return r != '-' && strings.ContainsRune(keySeparators, r) })
		chunk, sep := key, ""
		if i >= 0 {
			chunk, sep, key = key[:i], key[i:i+1], key[i+1:]
		} else {
			key = ""
		}
		replaceDashRuns(&b, chunk, patterns, repl)
		b.WriteString(sep)
	}
	return b.String()
}

// replaceDashRuns writes chunk (text without separators other than "-")
// with its variable segments replaced, as replaceSegments says.
func replaceDashRuns(b *strings.Builder, chunk string, patterns []*regexp.Regexp, repl func(string) string) {
	pieces := strings.Split(chunk, "-")
	for i := 0; i < len(pieces); {
		if i > 0 {
			b.WriteByte('-')
		}
		n := 1
		for j := min(len(pieces), i+maxDashPieces); j > i+1; j-- {
			if variable(strings.Join(pieces[i:j], "-"), patterns) {
				n = j - i
				break
			}
		}
		seg := strings.Join(pieces[i:i+n], "-")
		if n > 1 || variable(seg, patterns) {
			seg = repl(seg)
		}
		b.WriteString(seg)
		i += n
	}
}

// variable reports whether one of patterns matches the non-empty seg.
func variable(seg string, patterns []*regexp.Regexp) bool {
	if seg == "" {
		return false
	}
	for _, p := range patterns {
		if p.MatchString(seg) {
			return true
		}
	}
	return false
}

// keyShape is key with its variable segments replaced by *: the key's
// shape, shared by every key of one family (user:*:profile).
func keyShape(key string, patterns []*regexp.Regexp) string {
	return replaceSegments(key, patterns, func(string) string { return "*" })
}

// findingGroup is the findings of one shape: one rule, one key shape, one
// job (or other party) name.
type findingGroup struct {
	Rule, Severity string
	Shape          string // the key shape
	Party          string // the job's name, else the other party's; "" for none
	Findings       []*Finding
}

// groupFindings groups findings by rule, key shape and party name. The
// findings of a group come as byWorst says; groups come worst first: by
// severity, then the confidence of their worst finding, then the most
// findings, then rule, shape and party in byte order.
func groupFindings(findings []Finding, patterns []*regexp.Regexp) []findingGroup {
	index := map[[3]string]int{}
	var groups []findingGroup
	for i := range findings {
		f := &findings[i]
		k := [3]string{f.Rule, keyShape(f.Key, patterns), partyName(f)}
		g, ok := index[k]
		if !ok {
			g = len(groups)
			index[k] = g
			groups = append(groups, findingGroup{Rule: f.Rule, Severity: f.Severity, Shape: k[1], Party: k[2]})
		}
		groups[g].Findings = append(groups[g].Findings, f)
	}
	for i := range groups {
		slices.SortFunc(groups[i].Findings, byWorst)
	}
	slices.SortFunc(groups, func(a, b findingGroup) int {
		return cmp.Or(
			cmp.Compare(rank(severityOrder, a.Severity), rank(severityOrder, b.Severity)),
			cmp.Compare(rank(confidenceOrder, a.Findings[0].Confidence), rank(confidenceOrder, b.Findings[0].Confidence)),
			cmp.Compare(len(b.Findings), len(a.Findings)),
			strings.Compare(a.Rule, b.Rule), strings.Compare(a.Shape, b.Shape), strings.Compare(a.Party, b.Party))
	})
	return groups
}

// byWorst orders findings worst first: by severity, then confidence, then
// the smallest margin (the closest race), then id.
func byWorst(a, b *Finding) int {
	return cmp.Or(
		cmp.Compare(rank(severityOrder, a.Severity), rank(severityOrder, b.Severity)),
		cmp.Compare(rank(confidenceOrder, a.Confidence), rank(confidenceOrder, b.Confidence)),
		cmp.Compare(a.MarginNS, b.MarginNS),
		strings.Compare(a.ID, b.ID))
}

// rank is the index of s in order, or len(order) when it is not there.
func rank(order []string, s string) int {
	if i := slices.Index(order, s); i >= 0 {
		return i
	}
	return len(order)
}

// partyName names the finding's other party: the job, else the other
// unit; "" when there is neither.
func partyName(f *Finding) string {
	switch {
	case f.Job != nil:
		return orUnnamed(f.Job.Name)
	case f.Other != nil:
		return orUnnamed(f.Other.Name)
	}
	return ""
}

// groupTitle is a group's title in parts, for each output to mark up:
// lead, key shape, joiner, party, as in "37 stale reads of" `user:*:profile`
// "during" `process jobs`. joiner and party are "" when there is no party.
type groupTitle struct {
	Lead, Key, Joiner, Party string
}

// ruleTitles are, per rule, the noun (singular and plural, after the
// count) and the word before the party.
var ruleTitles = map[string]struct{ one, many, joiner string }{
	"stale-read-pending-job": {"stale read of", "stale reads of", "during"},
	"read-your-writes":       {"read of the user's own old", "reads of the user's own old", "pending in"},
	"partial-read":           {"partial read of", "partial reads of", "during"},
	"stale-cache-fill":       {"stale cache fill of", "stale cache fills of", "racing"},
	"lost-update":            {"lost update of", "lost updates of", "overwritten by"},
}

func (g *findingGroup) title() groupTitle {
	t, ok := ruleTitles[g.Rule]
	if !ok {
		t.one, t.many, t.joiner = g.Rule+" finding on", g.Rule+" findings on", "with"
	}
	n := int64(len(g.Findings))
	gt := groupTitle{Lead: plural(n, t.one, t.many), Key: g.Shape}
	if g.Party != "" {
		gt.Joiner, gt.Party = t.joiner, g.Party
	}
	return gt
}

// String is the title as plain text.
func (t groupTitle) String() string {
	s := t.Lead + " " + t.Key
	if t.Party != "" {
		s += " " + t.Joiner + " " + t.Party
	}
	return s
}
