package verdict

import (
	"fmt"
	"slices"
	"strings"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/testdata/e2e/truth"
)

// Report compares findings with the ground truth.
type Report struct {
	Rules      []RuleScore // one per rule, in DESIGN §5's order
	Missed     []Miss      // detectable positives not found with their rule
	Unexpected []Finding   // findings that match no positive
	NearMisses []Flag      // findings naming a near-miss's trace or key
	Dropped    []Flag      // findings naming a trace head sampling dropped
	Ignored    int         // findings on instances whose timing missed its plan
}

// RuleScore counts one rule. A positive is detectable when head sampling
// kept every trace it needs; recall is over detectable positives.
type RuleScore struct {
	Rule       string
	Detectable int // valid positives whose traces were all kept
	Found      int // findings of the rule
	TP         int // findings that match a valid positive
	FP         int // findings that match none
	FN         int // detectable positives not found
}

// Precision is TP / (TP + FP); 1 when nothing was found.
func (s RuleScore) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall is found detectable positives / detectable positives; 1 when
// none was detectable.
func (s RuleScore) Recall() float64 {
	if s.Detectable == 0 {
		return 1
	}
	return float64(s.Detectable-s.FN) / float64(s.Detectable)
}

// Miss is a positive raceline did not report with its rule; Got lists the
// rules it reported on that request instead.
type Miss struct {
	Case truth.Case
	Got  []string
}

// Flag is a finding that names what it must not.
type Flag struct {
	Case    string // the near-miss, or "" for a dropped trace
	Why     string
	Finding Finding
}

// OK reports whether raceline found every detectable positive, and
// nothing else.
func (r *Report) OK() bool {
	return len(r.Missed) == 0 && len(r.Unexpected) == 0 && len(r.NearMisses) == 0 && len(r.Dropped) == 0
}

// Score compares doc with set. dropped holds the trace IDs head sampling
// removed from the input (nil for none).
func Score(set *truth.Set, doc *Document, dropped map[string]bool) *Report {
	r := &Report{}
	scores := map[string]*RuleScore{}
	for _, name := range config.RuleNames {
		scores[name] = &RuleScore{Rule: name}
	}
	score := func(rule string) *RuleScore {
		if scores[rule] == nil {
			scores[rule] = &RuleScore{Rule: rule}
		}
		return scores[rule]
	}
	matched := r.matchFindings(set, doc, score)
	r.countMisses(set, doc, dropped, matched, score)
	r.checkNearMisses(set, doc)
	r.checkDropped(doc, dropped)
	for _, name := range config.RuleNames {
		r.Rules = append(r.Rules, *scores[name])
		delete(scores, name)
	}
	for _, name := range sortedKeys(scores) { // rules the design does not list
		r.Rules = append(r.Rules, *scores[name])
	}
	return r
}

// caseKey is a finding's identity for matching: flagged trace and rule.
type caseKey struct{ trace, rule string }

// matchFindings counts each finding as a TP, an FP or ignored, and
// returns the positives matched.
func (r *Report) matchFindings(set *truth.Set, doc *Document, score func(string) *RuleScore) map[caseKey]bool {
	cases := map[caseKey]*truth.Case{}
	for i := range set.Cases {
		c := &set.Cases[i]
		if c.Rule != "" {
			cases[caseKey{c.Flagged, c.Rule}] = c
		}
	}
	matched := map[caseKey]bool{}
	for _, f := range doc.Findings {
		k := caseKey{f.Request.TraceID, f.Rule}
		s := score(f.Rule)
		s.Found++
		c := cases[k]
		switch {
		case c != nil && !c.Valid:
			r.Ignored++
		case c != nil && !matched[k]:
			matched[k] = true
			s.TP++
		default: // no such positive, or a second finding for it
			s.FP++
			r.Unexpected = append(r.Unexpected, f)
		}
	}
	return matched
}

// countMisses records every detectable positive not matched.
func (r *Report) countMisses(set *truth.Set, doc *Document, dropped map[string]bool, matched map[caseKey]bool, score func(string) *RuleScore) {
	for _, c := range set.Cases {
		if !c.Positive() || slices.ContainsFunc(c.Needs, func(id string) bool { return dropped[id] }) {
			continue
		}
		s := score(c.Rule)
		s.Detectable++
		if matched[caseKey{c.Flagged, c.Rule}] {
			continue
		}
		s.FN++
		m := Miss{Case: c}
		for _, f := range doc.Findings {
			if f.Request.TraceID == c.Flagged {
				m.Got = append(m.Got, f.Rule)
			}
		}
		r.Missed = append(r.Missed, m)
	}
}

// checkNearMisses flags findings that name a near-miss's traces or keys.
func (r *Report) checkNearMisses(set *truth.Set, doc *Document) {
	for _, c := range set.Cases {
		if !c.NearMiss() {
			continue
		}
		for _, f := range doc.Findings {
			if id, ok := firstCommon(f.Traces(), c.Watched); ok {
				r.NearMisses = append(r.NearMisses, Flag{Case: c.Name, Why: "names trace " + id, Finding: f})
			} else if k, ok := firstCommon(f.Keys, c.WatchedKeys); ok {
				r.NearMisses = append(r.NearMisses, Flag{Case: c.Name, Why: "involves key " + k, Finding: f})
			}
		}
	}
}

// checkDropped flags findings that name a dropped trace.
func (r *Report) checkDropped(doc *Document, dropped map[string]bool) {
	for _, f := range doc.Findings {
		for _, id := range f.Traces() {
			if dropped[id] {
				r.Dropped = append(r.Dropped, Flag{Why: "names dropped trace " + id, Finding: f})
				break
			}
		}
	}
}

func firstCommon(a, b []string) (string, bool) {
	for _, x := range a {
		if slices.Contains(b, x) {
			return x, true
		}
	}
	return "", false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Table prints the per-rule scores.
func (r *Report) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s %10s %6s %4s %4s %4s %9s %7s\n", "rule", "detectable", "found", "TP", "FP", "FN", "precision", "recall")
	for _, s := range r.Rules {
		fmt.Fprintf(&b, "%-24s %10d %6d %4d %4d %4d %9.2f %7.2f\n", s.Rule, s.Detectable, s.Found, s.TP, s.FP, s.FN, s.Precision(), s.Recall())
	}
	return b.String()
}

// Problems describes every miss and flag, one per line.
func (r *Report) Problems() string {
	var b strings.Builder
	for _, m := range r.Missed {
		fmt.Fprintf(&b, "missed %s: %s on request %s (reported instead: %v; margins %v)\n", m.Case.Name, m.Case.Rule, m.Case.Flagged, m.Got, m.Case.Margins)
	}
	for _, f := range r.Unexpected {
		fmt.Fprintf(&b, "unexpected %s\n", describe(f))
	}
	for _, fl := range r.NearMisses {
		fmt.Fprintf(&b, "near-miss %s flagged (%s): %s\n", fl.Case, fl.Why, describe(fl.Finding))
	}
	for _, fl := range r.Dropped {
		fmt.Fprintf(&b, "sampling: %s: %s\n", fl.Why, describe(fl.Finding))
	}
	return b.String()
}

func describe(f Finding) string {
	return fmt.Sprintf("%s %s key %s request %s (%s) confidence %s margin %dns: %s",
		f.ID, f.Rule, f.Key, f.Request.TraceID, f.Request.Name, f.Confidence, f.MarginNS, f.Summary)
}
