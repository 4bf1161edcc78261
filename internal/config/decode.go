package config

import (
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
