package config

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The value decoders: each checks the YAML type of one field's value and
// sets the Config. Null keeps the default.

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
