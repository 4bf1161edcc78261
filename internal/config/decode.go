package config

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decoder applies a YAML node tree to a Config, naming the file, line and
// field in every error. The schema is three levels deep, so the walk is a
// fixed nest of calls, never recursion on the input's depth.
type decoder struct {
	file string
	cfg  *Config
}

// A section is a mapping of the file: its fields, and the noun its unknown
// names get in messages.
type section struct {
	noun   string // "field", or "rule" for rules
	fields []field
}

// A field is one name of a section and how to apply its value.
type field struct {
	name   string
	decode func(d *decoder, path string, v *yaml.Node) error
}

// The file's sections, in the order DefaultYAML writes them.
var (
	topSection = section{"field", []field{
		{"rules", func(d *decoder, p string, v *yaml.Node) error { return d.mapping(p, v, d.rulesSection()) }},
		{"actors", func(d *decoder, p string, v *yaml.Node) error { return d.strings(p, v, &d.cfg.Actors) }},
		{"cache", func(d *decoder, p string, v *yaml.Node) error { return d.mapping(p, v, cacheSection) }},
		{"match", func(d *decoder, p string, v *yaml.Node) error { return d.mapping(p, v, matchSection) }},
		{"redact", func(d *decoder, p string, v *yaml.Node) error { return d.mapping(p, v, redactSection) }},
		{"report", func(d *decoder, p string, v *yaml.Node) error { return d.mapping(p, v, reportSection) }},
		{"attributes", func(d *decoder, p string, v *yaml.Node) error { return d.strings(p, v, &d.cfg.Attributes) }},
	}}
	cacheSection = section{"field", []field{
		{"systems", func(d *decoder, p string, v *yaml.Node) error { return d.strings(p, v, &d.cfg.CacheSystems) }},
		{"key_attributes", func(d *decoder, p string, v *yaml.Node) error { return d.strings(p, v, &d.cfg.KeyAttributes) }},
		{"key_pattern", (*decoder).keyPattern},
		{"hit_attribute", func(d *decoder, p string, v *yaml.Node) error { return d.string(p, v, &d.cfg.HitAttribute) }},
	}}
	matchSection = section{"field", []field{
		{"request", func(d *decoder, p string, v *yaml.Node) error { return d.matcher(p, v, &d.cfg.Match.Request) }},
		{"job", func(d *decoder, p string, v *yaml.Node) error { return d.matcher(p, v, &d.cfg.Match.Job) }},
		{"cache", func(d *decoder, p string, v *yaml.Node) error { return d.matcher(p, v, &d.cfg.Match.Cache) }},
		{"source", func(d *decoder, p string, v *yaml.Node) error { return d.matcher(p, v, &d.cfg.Match.Source) }},
	}}
	redactSection = section{"field", []field{
		{"segment_patterns", func(d *decoder, p string, v *yaml.Node) error {
			return d.regexps(p, v, &d.cfg.Redact.SegmentPatterns)
		}},
	}}
	reportSection = section{"field", []field{
		{"group_patterns", func(d *decoder, p string, v *yaml.Node) error {
			return d.regexps(p, v, &d.cfg.Report.GroupPatterns)
		}},
	}}
)

// rulesSection has one boolean field per rule.
func (d *decoder) rulesSection() section {
	s := section{"rule", make([]field, len(RuleNames))}
	for i, name := range RuleNames {
		s.fields[i] = field{name, func(d *decoder, p string, v *yaml.Node) error {
			return d.bool(p, v, name)
		}}
	}
	return s
}

// mapping applies each field of the mapping n, in file order. Null keeps
// every default.
func (d *decoder) mapping(path string, n *yaml.Node, s section) error {
	n = resolve(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return d.errorf(n, path, "expected a mapping, found %s", describe(n))
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return d.errorf(k, path, "expected a %s name, found %s", s.noun, describe(k))
		}
		p := join(path, k.Value)
		if line, dup := seen[k.Value]; dup {
			return d.errorf(k, p, "duplicate %s (first at line %d)", s.noun, line)
		}
		seen[k.Value] = k.Line
		f := s.find(k.Value)
		if f == nil {
			return d.errorf(k, p, "unknown %s (%ss: %s)", s.noun, s.noun, s.names())
		}
		if err := f.decode(d, p, resolve(v)); err != nil {
			return err
		}
	}
	return nil
}

func (s section) find(name string) *field {
	for i := range s.fields {
		if s.fields[i].name == name {
			return &s.fields[i]
		}
	}
	return nil
}

func (s section) names() string {
	names := make([]string, len(s.fields))
	for i, f := range s.fields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// bool sets the rule's switch.
func (d *decoder) bool(path string, v *yaml.Node, rule string) error {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
		return d.errorf(v, path, "expected true or false, found %s", describe(v))
	}
	var b bool
	if err := v.Decode(&b); err != nil {
		return d.errorf(v, path, "expected true or false, found %q", v.Value)
	}
	d.cfg.Rules[rule] = b
	return nil
}

// string sets *dst to a string value; it may be empty.
func (d *decoder) string(path string, v *yaml.Node, dst *string) error {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
		return d.errorf(v, path, "expected a string, found %s", describe(v))
	}
	*dst = v.Value
	return nil
}

// strings replaces *dst with a list of non-empty strings.
func (d *decoder) strings(path string, v *yaml.Node, dst *[]string) error {
	items, err := d.list(path, v)
	if err != nil || items == nil {
		return err
	}
	list := make([]string, len(items))
	for i, item := range items {
		p := fmt.Sprintf("%s[%d]", path, i)
		if err := d.string(p, item, &list[i]); err != nil {
			return err
		}
		if list[i] == "" {
			return d.errorf(item, p, "empty string")
		}
	}
	*dst = list
	return nil
}

// list returns the items of a sequence, aliases resolved; nil for null.
func (d *decoder) list(path string, v *yaml.Node) ([]*yaml.Node, error) {
	if isNull(v) {
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, d.errorf(v, path, "expected a list, found %s", describe(v))
	}
	items := make([]*yaml.Node, len(v.Content))
	for i, item := range v.Content {
		items[i] = resolve(item)
		if isNull(items[i]) {
			return nil, d.errorf(items[i], fmt.Sprintf("%s[%d]", path, i), "expected a string, found nothing")
		}
	}
	return items, nil
}

// keyPattern sets KeyPattern; "" means none.
func (d *decoder) keyPattern(path string, v *yaml.Node) error {
	var s string
	if err := d.string(path, v, &s); err != nil || s == "" {
		d.cfg.KeyPattern = nil
		return err
	}
	re, err := d.regexp(path, v, s)
	d.cfg.KeyPattern = re
	return err
}

// regexps replaces *dst with a list of regular expressions.
func (d *decoder) regexps(path string, v *yaml.Node, dst *[]*regexp.Regexp) error {
	var patterns []string
	if err := d.strings(path, v, &patterns); err != nil || patterns == nil {
		return err
	}
	list := make([]*regexp.Regexp, len(patterns))
	for i, s := range patterns {
		re, err := d.regexp(fmt.Sprintf("%s[%d]", path, i), resolve(v.Content[i]), s)
		if err != nil {
			return err
		}
		list[i] = re
	}
	*dst = list
	return nil
}

// regexp compiles s, the value of v, with Go's syntax.
func (d *decoder) regexp(path string, v *yaml.Node, s string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(s)
	if err == nil {
		return re, nil
	}
	if se, ok := errAs[*syntax.Error](err); ok {
		return nil, d.errorf(v, path, "invalid regular expression: %s: `%s`", se.Code, se.Expr)
	}
	return nil, d.errorf(v, path, "invalid regular expression: %v", err)
}

// matcher compiles the expression of v into *dst; "" means none.
func (d *decoder) matcher(path string, v *yaml.Node, dst **Matcher) error {
	var src string
	if err := d.string(path, v, &src); err != nil || strings.TrimSpace(src) == "" {
		*dst = nil
		return err
	}
	m, err := NewMatcher(src)
	if e, ok := errAs[*exprError](err); ok {
		return &Error{File: d.file, Line: exprLine(v, e.line), Field: path, Msg: e.msg}
	} else if err != nil {
		return d.errorf(v, path, "%v", err)
	}
	*dst = m
	return nil
}

// exprLine is the file line of line n (1-based) of the expression in v: a
// literal block (|) keeps the expression's line breaks, and starts on the
// line after the field; any other style folds it onto one line.
func exprLine(v *yaml.Node, n int) int {
	switch {
	case v.Style&yaml.LiteralStyle != 0:
		return v.Line + max(n, 1)
	case v.Style&yaml.FoldedStyle != 0:
		return v.Line + 1
	}
	return v.Line
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) *Error {
	return &Error{File: d.file, Line: n.Line, Field: path, Msg: fmt.Sprintf(format, args...)}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names the type of n for "expected X, found Y".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!str":
		if len(n.Value) > 40 {
			return "a string"
		}
		return fmt.Sprintf("a string (%q)", n.Value)
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "nothing"
	case "!!timestamp":
		return "a timestamp"
	}
	return fmt.Sprintf("a value tagged %s", n.ShortTag())
}
