package config

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
