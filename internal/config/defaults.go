package config

import (
	"regexp"
	"slices"
)

// SemconvAttributes are the span and resource attributes the semantic
// conventions of DESIGN §5 refer to, old and new names alike. Decoders keep
// these (plus whatever the config file names) and skip every other
// attribute unread.
var SemconvAttributes = []string{
	// cache and source operations
	"db.system.name", "db.system",
	"db.operation.name", "db.operation",
	"db.query.text", "db.statement",
	"db.collection.name", "db.sql.table",
	"db.namespace", "db.name",
	"cache.key", "cache.hit",
	"db.memcached.key", "memcached.key",
	// messaging: enqueue and process
	"messaging.operation.type", "messaging.operation",
	"messaging.message.id", "messaging.destination.name", "messaging.system",
	// actors
	"enduser.id", "user.id", "session.id", "enduser.pseudo.id",
	// requests
	"http.route", "http.request.method", "http.method", "url.path", "http.target",
	"http.response.status_code", "http.status_code",
}

// The rule names of DESIGN §5, as the config file, --rules and the findings
// spell them.
const (
	RuleStaleReadPendingJob = "stale-read-pending-job"
	RuleReadYourWrites      = "read-your-writes"
	RulePartialRead         = "partial-read"
	RuleStaleCacheFill      = "stale-cache-fill"
	RuleLostUpdate          = "lost-update"
)

// RuleNames lists every rule, in the order of DESIGN §5. Callers must not
// modify it.
var RuleNames = []string{
	RuleStaleReadPendingJob, RuleReadYourWrites, RulePartialRead,
	RuleStaleCacheFill, RuleLostUpdate,
}

// The defaults of the list options; Default copies them, so a Config never
// shares a slice with another.
var (
	defaultActors        = []string{"enduser.id", "user.id", "session.id", "enduser.pseudo.id"}
	defaultCacheSystems  = []string{"redis", "valkey", "memcached", "keydb", "dragonfly"}
	defaultKeyAttributes = []string{"cache.key", "db.memcached.key", "memcached.key"}
	// A key segment (the text between two of : / . | - _ =) that is
	// digits, 6+ hex characters, a UUID or 16+ base64 characters varies
	// from key to key (DESIGN §4). The patterns are anchored: each is meant
	// to match one whole segment.
	defaultSegmentPatterns = []string{
		`^[0-9]+$`,
		`^[0-9a-fA-F]{6,}$`,
		`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`,
		`^[A-Za-z0-9+/]{16,}={0,2}$`,
	}
)

const defaultHitAttribute = "cache.hit"

// Default returns the configuration used without --config: every rule on,
// the semantic-convention attributes, no matchers, no key pattern. Each
// call returns a new Config the caller may change.
func Default() *Config {
	c := &Config{
		Rules:         make(map[string]bool, len(RuleNames)),
		Actors:        slices.Clone(defaultActors),
		CacheSystems:  slices.Clone(defaultCacheSystems),
		KeyAttributes: slices.Clone(defaultKeyAttributes),
		HitAttribute:  defaultHitAttribute,
		Attributes:    []string{},
	}
	for _, r := range RuleNames {
		c.Rules[r] = true
	}
	c.Redact.SegmentPatterns = mustCompileAll(defaultSegmentPatterns)
	c.Report.GroupPatterns = mustCompileAll(defaultSegmentPatterns)
	return c
}

// mustCompileAll compiles patterns known to be valid (the defaults).
func mustCompileAll(patterns []string) []*regexp.Regexp {
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = regexp.MustCompile(p)
	}
	return res
}
