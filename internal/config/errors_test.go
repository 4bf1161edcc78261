package config

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"unknown field", "rules: {}\ncachee: 1\n",
			"raceline.yaml:2: cachee: unknown field (fields: rules, actors, cache, match, redact, report, attributes)"},
		{"unknown nested field", "cache:\n  systems: [redis]\n  sytems: []\n",
			"raceline.yaml:3: cache.sytems: unknown field (fields: systems, key_attributes, key_pattern, hit_attribute)"},
		{"unknown rule", "rules:\n  lost-update: true\n  lost-updates: false\n",
			"raceline.yaml:3: rules.lost-updates: unknown rule (rules: stale-read-pending-job, read-your-writes, partial-read, stale-cache-fill, lost-update)"},
		{"duplicate field", "actors: []\n\nactors: [a]\n",
			"raceline.yaml:3: actors: duplicate field (first at line 1)"},
		{"top level not a mapping", "- rules\n",
			"raceline.yaml:1: expected a mapping, found a list"},
		{"section not a mapping", "match: kind == \"consumer\"\n",
			`raceline.yaml:1: match: expected a mapping, found a string ("kind == \"consumer\"")`},
		{"rule not a boolean", "rules:\n  partial-read: yes\n",
			`raceline.yaml:2: rules.partial-read: expected true or false, found a string ("yes")`},
		{"list not a list", "\nactors: user.id\n",
			`raceline.yaml:2: actors: expected a list, found a string ("user.id")`},
		{"list item not a string", "cache:\n  systems:\n    - redis\n    - {name: garnet}\n",
			"raceline.yaml:4: cache.systems[1]: expected a string, found a mapping"},
		{"list item empty", "attributes: [a, '']\n",
			"raceline.yaml:1: attributes[1]: empty string"},
		{"list item null", "attributes:\n  - a\n  -\n",
			"raceline.yaml:3: attributes[1]: expected a string, found nothing"},
		{"string not a string", "cache:\n  hit_attribute: 1\n",
			"raceline.yaml:2: cache.hit_attribute: expected a string, found a number"},
		{"bad key pattern", "cache:\n  key_pattern: '(user:[0-9]+'\n",
			"raceline.yaml:2: cache.key_pattern: invalid regular expression: missing closing ): `(user:[0-9]+`"},
		{"bad segment pattern", "redact:\n  segment_patterns:\n    - '^[0-9]+$'\n    - '[z-a]'\n",
			"raceline.yaml:4: redact.segment_patterns[1]: invalid regular expression: invalid character class range: `z-a`"},
		{"bad group pattern", "report:\n  group_patterns: ['a**']\n",
			"raceline.yaml:2: report.group_patterns[0]: invalid regular expression: invalid nested repetition operator: `**`"},
		{"unknown name", "match:\n  request: name startsWith \"cron:\"\n  job: knd == \"consumer\"\n",
			`raceline.yaml:3: match.job: unknown name "knd"`},
		{"unknown name in a literal block", "match:\n  job: |\n    kind == \"consumer\"\n      or nmae startsWith \"job:\"\n",
			`raceline.yaml:4: match.job: unknown name "nmae"`},
		{"wrong type", "match:\n  cache: name == 1\n",
			"raceline.yaml:2: match.cache: invalid operation: == (mismatched types string and int)"},
		{"not a boolean", "match:\n  source: attr(\"db.system\")\n",
			"raceline.yaml:2: match.source: expected bool, but got string"},
		{"expression syntax", "match:\n  job: kind ==\n",
			"raceline.yaml:2: match.job: unexpected token EOF"},
		{"attribute not a literal", "match:\n  job: attr(name) != \"\"\n",
			`raceline.yaml:2: match.job: attr takes a quoted attribute name, as in attr("db.system")`},
		{"kind never", "match:\n  job: kind == \"consummer\"\n",
			`raceline.yaml:2: match.job: kind is never "consummer"; it is one of unspecified, internal, server, client, producer, consumer`},
		{"status never", "match:\n  request: |\n    kind == \"server\" and\n    status in [\"ok\", \"failed\"]\n",
			`raceline.yaml:4: match.request: status is never "failed"; it is one of unset, ok, error`},
		{"expression not a string", "match:\n  job: true\n",
			"raceline.yaml:2: match.job: expected a string, found a boolean"},
		{"yaml syntax", "rules:\n  lost-update: true\nactors: [a\ncache: {}\n",
			"raceline.yaml:3: did not find expected ',' or ']'"},
		{"yaml syntax on line 1", "actors: a: b\n",
			"raceline.yaml:1: mapping values are not allowed in this context"},
		{"yaml bad indentation", "cache:\n  systems: [redis]\n hit_attribute: x\n",
			"raceline.yaml:3: did not find expected key"},
		{"yaml unknown alias", "actors: *people\n",
			"raceline.yaml: unknown anchor 'people' referenced"},
		{"control character", "actors:\n  - a\x07b\n",
			"raceline.yaml:2: character U+0007 is not allowed in YAML"},
		{"not UTF-8", "# caf\xe9\nactors: []\n",
			"raceline.yaml:1: invalid UTF-8: a config file must be UTF-8 text"},
		{"two documents", "actors: []\n---\nactors: [a]\n",
			"raceline.yaml:2: more than one YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("raceline.yaml", []byte(tt.data))
			if err == nil {
				t.Fatalf("no error; got %+v", c)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.ExitCode() != 2 {
				t.Errorf("error %T is not an *Error with exit code 2", err)
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(missing)
	if want := missing + ": no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("Load(missing) = %v; want %s", err, want)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) error %v is not fs.ErrNotExist", err)
	}

	big := writeTemp(t, "big.yaml", []byte("# "+strings.Repeat("x", maxFileSize)+"\n"))
	if _, err := Load(big); err == nil || err.Error() != big+": larger than 1 MiB: is this a config file?" {
		t.Errorf("Load(big) = %v", err)
	}

	bad := writeTemp(t, "bad.yaml", []byte("match:\n  job: knd\n"))
	if _, err := Load(bad); err == nil || err.Error() != bad+`:2: match.job: unknown name "knd"` {
		t.Errorf("Load(bad) = %v; want the path in the message", err)
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{File: "c.yaml", Line: 12, Field: "match.job", Msg: "m"}, "c.yaml:12: match.job: m"},
		{Error{File: "c.yaml", Line: 3, Msg: "m"}, "c.yaml:3: m"},
		{Error{File: "c.yaml", Msg: "m"}, "c.yaml: m"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q; want %q", got, tt.want)
		}
	}
}
