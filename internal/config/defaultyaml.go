package config

import (
	"strings"
)

// DefaultYAML returns what `raceline config init` prints: every option with
// its default value and a comment saying what it does. Parsing it gives
// Default() (with Path set).
func DefaultYAML() []byte {
	var b strings.Builder
	b.WriteString(yamlHeader)
	b.WriteString(yamlRules)
	for _, r := range RuleNames {
		b.WriteString("  " + r + ": true\n")
	}
	b.WriteString(yamlActors)
	writeList(&b, "  ", defaultActors)
	b.WriteString(yamlCacheSystems)
	writeList(&b, "    ", defaultCacheSystems)
	b.WriteString(yamlKeyAttributes)
	writeList(&b, "    ", defaultKeyAttributes)
	b.WriteString(yamlKeyPattern)
	b.WriteString("  hit_attribute: " + defaultHitAttribute + "\n")
	b.WriteString(yamlMatch)
	b.WriteString(yamlRedact)
	writeList(&b, "    ", quoteAll(defaultSegmentPatterns))
	b.WriteString(yamlReport)
	writeList(&b, "    ", quoteAll(defaultSegmentPatterns))
	b.WriteString(yamlAttributes)
	return []byte(b.String())
}

func writeList(b *strings.Builder, indent string, items []string) {
	for _, s := range items {
		b.WriteString(indent + "- " + s + "\n")
	}
}

// quoteAll single-quotes each string for YAML: backslashes stay literal.
func quoteAll(list []string) []string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return q
}

const yamlHeader = `# raceline configuration, read with: raceline --config FILE COMMAND ...
#
# Every option is shown with its default. Keep only the ones you change: an
# option left out, or left empty, keeps its default. A list you give
# replaces the default list (it does not add to it). Regular expressions
# use Go's syntax (https://golang.org/s/re2syntax); write them in single
# quotes so that backslashes stay as they are.
`

const yamlRules = `
# The rules to run (see raceline rules). --rules narrows these further.
rules:
`

const yamlActors = `
# The attributes that name the user behind a request, in order of
# preference: a request's actor is the first one present on its server span,
# else on its other spans. read-your-writes compares actors.
actors:
`

const yamlCacheSystems = `
cache:
  # db.system.name (or db.system) values that mark a cache span, compared
  # without regard to case. Spans of any other database system are source
  # reads and writes.
  systems:
`

const yamlKeyAttributes = `  # Attributes that hold the key of a cache span that carries no statement
  # (db.query.text / db.statement), tried in this order.
  key_attributes:
`

const yamlKeyPattern = `  # A regular expression that extracts the cache key from the key text found
  # (a statement's key argument or a key attribute): the group named "key"
  # if there is one, else the first group, else the whole match. Key text
  # it does not match is used as it is. Example, to drop a versioned
  # prefix:
  #   key_pattern: '^(?:myapp:v[0-9]+:)?(?P<key>.+)$'
  key_pattern: ''
  # The boolean attribute that says whether a cache read hit (true) or
  # missed (false); without it a read is a miss only when the same unit
  # then reads the source and fills the key.
`

const yamlMatch = `
# Expressions that pick out spans which do not follow the semantic
# conventions. A span is a request root, a job, a cache operation or a
# source (database) operation when the conventions say so OR when its
# expression is true. '' means no expression.
#
# An expression is true or false for one span, and may use:
#   name, service, host   the span's name, service and host (strings)
#   kind                  "server", "client", "producer", "consumer",
#                         "internal" or "unspecified"
#   status                "unset", "ok" or "error"
#   attr("key")           the value of an attribute, "" when absent
#   has("key")            whether the attribute is present
# with the operators of https://expr-lang.org (==, !=, and, or, not,
# startsWith, endsWith, contains, matches, in, ...). Attribute names must be
# quoted literals: raceline keeps only the attributes its config names.
# Examples:
#   job: kind == "consumer" || name startsWith "job:"
#   job: attr("component") == "sidekiq" and has("messaging.message.id")
#   cache: attr("peer.service") == "session-store"
match:
  request: ''
  job: ''
  cache: ''
  source: ''
`

const yamlRedact = `
# raceline report --redact splits every key at : / . | - _ = and replaces
# the segments these expressions match (and every actor) by a keyed hash.
# Runs of "-"-joined parts that an expression matches whole (a UUID) count
# as one segment.
redact:
  segment_patterns:
`

const yamlReport = `
# raceline report groups findings by key shape: the key with the segments
# these expressions match replaced by * (split as for redact).
report:
  group_patterns:
`

const yamlAttributes = `
# More span or resource attributes to keep when reading traces; the
# attributes named above and in the expressions are kept already.
attributes: []
`
