package ops

import (
	"regexp"
	"strings"

	"github.com/raceline/raceline/internal/trace"
)

// The defaults of Options (DESIGN §5).
var (
	// DefaultCacheSystems are the db.system.name / db.system values of
	// caches.
	DefaultCacheSystems = []string{"redis", "valkey", "memcached", "keydb", "dragonfly"}
	// DefaultKeyAttributes hold the key of a cache operation whose
	// statement names none, first present wins: the generic attribute and
	// memcached's (OpenTelemetry JS writes db.memcached.key).
	DefaultKeyAttributes = []string{"cache.key", "db.memcached.key", "memcached.key"}
)

// DefaultHitAttribute says whether a cache read hit ("true") or missed
// ("false").
const DefaultHitAttribute = "cache.hit"

// Options configure Derive. The zero value is the DESIGN §5 default. The
// matchers are called from every goroutine that calls Derive, so they must
// be safe for concurrent use, and must not retain the span.
type Options struct {
	// CacheSystems are the db.system.name / db.system values that are
	// caches, compared without case; nil means DefaultCacheSystems.
	// Memcached's are parsed as memcached commands, all others as Redis
	// commands (Valkey, KeyDB and Dragonfly speak Redis).
	CacheSystems []string
	// KeyAttributes hold the key when the statement has none (masked or
	// absent), first present wins; nil means DefaultKeyAttributes.
	KeyAttributes []string
	// KeyPattern, if set, is applied to every cache key found: the group
	// named "key", else the first group, else the whole match becomes the
	// key; a key it does not match is kept as it is.
	KeyPattern *regexp.Regexp
	// HitAttribute says whether a read hit; "" means DefaultHitAttribute.
	HitAttribute string
	// IsCache and IsSource, if set, mark more spans as cache or source
	// spans, besides those db.system names. A span both match is a cache
	// span.
	IsCache, IsSource func(*trace.Span) bool
}

func (o *Options) cacheSystems() []string {
	if o.CacheSystems == nil {
		return DefaultCacheSystems
	}
	return o.CacheSystems
}

func (o *Options) keyAttributes() []string {
	if o.KeyAttributes == nil {
		return DefaultKeyAttributes
	}
	return o.KeyAttributes
}

func (o *Options) hitAttribute() string {
	if o.HitAttribute == "" {
		return DefaultHitAttribute
	}
	return o.HitAttribute
}

// Stats are the counts of DESIGN §4's stats document.
type Stats struct {
	CacheOps           int64 // cache operations (read, fill, write, invalidate, atomic)
	CacheOpsWithoutKey int64 // of which the key is unknown (Key "")
}

// Add adds s2 to s, to total the stats of several traces.
func (s *Stats) Add(s2 Stats) {
	s.CacheOps += s2.CacheOps
	s.CacheOpsWithoutKey += s2.CacheOpsWithoutKey
}

// The span attributes Derive reads, current name first.
var (
	systemAttrs    = [...]string{"db.system.name", "db.system"}
	operationAttrs = [...]string{"db.operation.name", "db.operation"}
	statementAttrs = [...]string{"db.query.text", "db.statement"}
	tableAttrs     = [...]string{"db.collection.name", "db.sql.table"}
)

// firstAttr returns the value of the first of keys the span has.
func firstAttr(sp *trace.Span, keys []string) string {
	for _, k := range keys {
		if v, ok := sp.Attr(k); ok {
			return v
		}
	}
	return ""
}

// hitValue reads the hit attribute: hit, and whether it said anything.
// Booleans are kept as "true"/"false"; "hit"/"miss" and "1"/"0" are what
// hand-written attributes use.
func hitValue(v string) (hit, known bool) {
	switch {
	case strings.EqualFold(v, "true"), strings.EqualFold(v, "hit"), v == "1":
		return true, true
	case strings.EqualFold(v, "false"), strings.EqualFold(v, "miss"), v == "0":
		return false, true
	}
	return false, false
}
