package ops

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/trace"
)

// brief renders an op of a one-span case: seq, kind (hit or miss), key
// (#field) and command.
func brief(o *Op) string {
	kind := o.Kind.String()
	if o.Kind == Read && !o.Hit {
		kind += " miss"
	}
	key := o.Key
	if key == "" {
		key = "-"
	}
	if o.Field != "" {
		key += "#" + o.Field
	}
	return fmt.Sprintf("%d %s %s %s", o.Seq, kind, key, o.Command)
}

// oneSpan derives the ops of a request with one client span.
func oneSpan(t *testing.T, name string, attrs []trace.Attr, opts Options) []string {
	t.Helper()
	s := new(scenario).request("GET /x").client(name, attrs...)
	ops, _ := s.derive(opts)
	out := []string{}
	for i := range ops {
		out = append(out, brief(&ops[i]))
	}
	return out
}

func redisStmt(stmt string) []trace.Attr {
	return []trace.Attr{a("db.system", "redis"), a("db.statement", stmt)}
}

// TestRedisFamilies: each command family, key layout and option, as
// go-redis writes the statement (any case), one span per case.
func TestRedisFamilies(t *testing.T) {
	tests := []struct {
		stmt string
		want []string
	}{
		{"get user:42:profile", []string{"0 read user:42:profile GET"}},
		{"GET user:42", []string{"0 read user:42 GET"}},
		{"mget a b c", []string{"0 read a MGET", "1 read b MGET", "2 read c MGET"}},
		{"exists a b", []string{"0 read a EXISTS", "1 read b EXISTS"}},
		{"getex k ex 10", []string{"0 read k GETEX"}},
		{"strlen k", []string{"0 read k STRLEN"}},
		{"hget h f", []string{"0 read h#f HGET"}},
		{"hmget h f1 f2", []string{"0 read h HMGET"}},
		{"hmget h f1", []string{"0 read h#f1 HMGET"}},
		{"hgetall h", []string{"0 read h HGETALL"}},
		{"json.get doc $.a", []string{"0 read doc JSON.GET"}},
		{"json.mget d1 d2 $.a", []string{"0 read d1 JSON.MGET", "1 read d2 JSON.MGET"}},

		{"set k v", []string{"0 write k SET"}},
		{"set cart:42 ? ex 600", []string{"0 write cart:42 SET"}},
		{"set k v get", []string{"0 atomic k SET"}},
		{"SET k v NX GET", []string{"0 atomic k SET"}},
		{"setex k 60 v", []string{"0 write k SETEX"}},
		{"psetex k 100 v", []string{"0 write k PSETEX"}},
		{"setnx k v", []string{"0 write k SETNX"}},
		{"mset a 1 b 2", []string{"0 write a MSET", "1 write b MSET"}},
		{"msetnx a 1 b 2", []string{"0 write a MSETNX", "1 write b MSETNX"}},
		{"hset h f v", []string{"0 write h#f HSET"}},
		{"hset h f1 v f2 v", []string{"0 write h HSET"}},
		{"hmset h f v", []string{"0 write h#f HMSET"}},
		{"hsetnx h f v", []string{"0 write h#f HSETNX"}},

		{"del a b", []string{"0 invalidate a DEL", "1 invalidate b DEL"}},
		{"unlink a", []string{"0 invalidate a UNLINK"}},
		{"hdel h f", []string{"0 invalidate h#f HDEL"}},
		{"hdel h f1 f2", []string{"0 invalidate h HDEL"}},

		{"incr c", []string{"0 atomic c INCR"}},
		{"incrby c 2", []string{"0 atomic c INCRBY"}},
		{"decr c", []string{"0 atomic c DECR"}},
		{"hincrby h f 1", []string{"0 atomic h#f HINCRBY"}},
		{"append k x", []string{"0 atomic k APPEND"}},
		{"getset k v", []string{"0 atomic k GETSET"}},
		{"getdel k", []string{"0 atomic k GETDEL"}},
		{"eval 'return 1' 2 k1 k2 a1", []string{"0 atomic k1 EVAL", "1 atomic k2 EVAL"}},
		{"evalsha 1a2b 1 k", []string{"0 atomic k EVALSHA"}},
		{"evalsha 1a2b 9 k", []string{"0 atomic k EVALSHA"}},
		{"fcall f 0", []string{"0 atomic - FCALL"}},
		{"eval_ro s 1 k", []string{"0 read k EVAL_RO"}},
	}
	for _, tt := range tests {
		t.Run(tt.stmt, func(t *testing.T) {
			got := oneSpan(t, firstWord(tt.stmt), redisStmt(tt.stmt), Options{})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRedisExpire: EXPIRE-like commands invalidate only with a TTL that is
// not positive or a time not in the future (scenarios run in 2023).
func TestRedisExpire(t *testing.T) {
	tests := []struct {
		stmt string
		want []string
	}{
		{"expire k 0", []string{"0 invalidate k EXPIRE"}},
		{"expire k -1", []string{"0 invalidate k EXPIRE"}},
		{"EXPIRE k 0 XX", []string{"0 invalidate k EXPIRE"}},
		{"expire k 60", []string{}},
		{"expire k ?", []string{}},
		{"expire k", []string{}},
		{"expire k soon", []string{}},
		{"pexpire k 0", []string{"0 invalidate k PEXPIRE"}},
		{"pexpire k 1500", []string{}},
		{"expireat k 1", []string{"0 invalidate k EXPIREAT"}},
		{"expireat k 99999999999", []string{}},
		{"expireat k 99999999999999999", []string{}},
		{"pexpireat k 1", []string{"0 invalidate k PEXPIREAT"}},
		{"pexpireat k 99999999999999", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.stmt, func(t *testing.T) {
			got := oneSpan(t, firstWord(tt.stmt), redisStmt(tt.stmt), Options{})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRedisNoOp: commands outside the families produce nothing, a job
// queue's LPUSH/BRPOP included.
func TestRedisNoOp(t *testing.T) {
	for _, stmt := range []string{
		"lpush jobs {\"id\":1}", "brpop jobs 0", "rpush q x", "lrange q 0 -1", "ping", "auth secret",
		"select 1", "publish ch m", "subscribe ch", "xadd s * f v", "watch k", "ttl k", "keys user:*",
		"scan 0", "sadd s m", "zadd z 1 m", "flushdb", "rename a b", "client setname x", "", "   ",
		"multi\nexec", "redis: nil",
	} {
		if got := oneSpan(t, "cmd", redisStmt(stmt), Options{}); len(got) != 0 {
			t.Errorf("%q: got ops %q, want none", stmt, got)
		}
	}
}

// TestRedisStatementForms: how the instrumentations write statements:
// quoting, masking, left-out arguments, pipelines and transactions.
func TestRedisStatementForms(t *testing.T) {
	tests := []struct {
		name  string
		attrs []trace.Attr
		want  []string
	}{
		{"double quotes", redisStmt(`get "user 42"`), []string{"0 read user 42 GET"}},
		{"escapes", redisStmt(`get "a\x41\"b\\"`), []string{`0 read aA"b\ GET`}},
		{"single quotes", redisStmt(`hmset myhash field1 'Hello' field2 'World'`), []string{"0 write myhash HMSET"}},
		{"single quote escape", redisStmt(`get 'it\'s'`), []string{"0 read it's GET"}},
		{"unterminated quote", redisStmt(`get "abc`), []string{"0 read abc GET"}},
		{"tabs and CRLF", redisStmt("get\ta\r\n\r\n  GET b  \r\n"), []string{"0 read a GET", "1 read b GET"}},
		{"js left out", redisStmt("set user:42 [1 other arguments]"), []string{"0 write user:42 SET"}},
		{"js hash one field", redisStmt("hset h f [1 other arguments]"), []string{"0 write h#f HSET"}},
		{"js hash fields", redisStmt("hset h f [3 other arguments]"), []string{"0 write h HSET"}},
		{"js key left out", redisStmt("hget [2 other arguments]"), []string{"0 read - HGET"}},
		{"js mset", redisStmt("mset k1 [3 other arguments]"), []string{"0 write k1 MSET"}},
		{"java masked values", redisStmt("MSET k1 ? k2 ?"), []string{"0 write k1 MSET", "1 write k2 MSET"}},
		{"python masked", redisStmt("GET ?"), []string{"0 read - GET"}},
		{"python masked key attr", append(redisStmt("GET ?"), a("cache.key", "user:1")), []string{"0 read user:1 GET"}},
		{"memcached key attr", append(redisStmt("GET ?"), a("db.memcached.key", "m")), []string{"0 read m GET"}},
		{"statement key wins", append(redisStmt("get a"), a("cache.key", "b")), []string{"0 read a GET"}},
		{"masked mget", append(redisStmt("MGET ? ?"), a("cache.key", "k")), []string{"0 read - MGET", "1 read - MGET"}},
		{"pipeline", redisStmt("get a\nset b 1\nincr c\nlpush q x"), []string{"0 read a GET", "1 write b SET", "2 atomic c INCR"}},
		{"pipeline starting with unknown", redisStmt("watch k\nping\nget k"), []string{"0 read k GET"}},
		{"pipeline key attr", append(redisStmt("GET ?\nSET ?"), a("cache.key", "k")), []string{"0 read - GET", "1 write - SET"}},
		{"transaction", redisStmt("multi\nset a 1\nget a\ndel b\nincr c\nexec"),
			[]string{"0 atomic a SET", "1 read a GET", "2 invalidate b DEL", "3 atomic c INCR"}},
		{"after exec", redisStmt("multi\nset a 1\nexec\nset b 1"), []string{"0 atomic a SET", "1 write b SET"}},
		{"discard", redisStmt("set x 1\nmulti\nset a 1\ndiscard\nset b 2"), []string{"0 write x SET", "1 write b SET"}},
		{"python transaction", []trace.Attr{a("db.system.name", "valkey"), a("db.operation.name", "MULTI"), a("db.query.text", "SET ?\nGET ?")},
			[]string{"0 atomic - SET", "1 read - GET"}},
		{"operation name only", []trace.Attr{a("db.system", "redis"), a("db.operation", "SET"), a("cache.key", "k")}, []string{"0 write k SET"}},
		{"unknown statement, operation name", []trace.Attr{a("db.system", "redis"), a("db.statement", "[redacted]"), a("db.operation.name", "DEL"), a("cache.key", "k")},
			[]string{"0 invalidate k DEL"}},
		{"keydb", []trace.Attr{a("db.system", "KeyDB"), a("db.statement", "get k")}, []string{"0 read k GET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := oneSpan(t, "cmd", tt.attrs, Options{})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSpanNameFallback: with statements turned off, redisotel's span is
// named by the command.
func TestSpanNameFallback(t *testing.T) {
	got := oneSpan(t, "get", []trace.Attr{a("db.system", "redis"), a("cache.key", "k")}, Options{})
	if diff := cmp.Diff([]string{"0 read k GET"}, got); diff != "" {
		t.Errorf("ops (-want +got):\n%s", diff)
	}
	if got := oneSpan(t, "redis.dial", []trace.Attr{a("db.system", "redis")}, Options{}); len(got) != 0 {
		t.Errorf("redis.dial: got %q, want no ops", got)
	}
}

// TestMemcached: pymemcache (statement "cmd key..."), OpenTelemetry JS
// (operation and key attributes) and the text protocol.
func TestMemcached(t *testing.T) {
	mc := func(kv ...string) []trace.Attr {
		attrs := []trace.Attr{a("db.system", "memcached")}
		for i := 0; i+1 < len(kv); i += 2 {
			attrs = append(attrs, a(kv[i], kv[i+1]))
		}
		return attrs
	}
	tests := []struct {
		name  string
		attrs []trace.Attr
		want  []string
	}{
		{"get", mc("db.statement", "get k"), []string{"0 read k GET"}},
		{"get_many", mc("db.statement", "get_many k1 k2"), []string{"0 read k1 GET_MANY", "1 read k2 GET_MANY"}},
		{"set", mc("db.statement", "set k"), []string{"0 write k SET"}},
		{"set_many", mc("db.statement", "set_many a b"), []string{"0 write a SET_MANY", "1 write b SET_MANY"}},
		{"add", mc("db.statement", "add k"), []string{"0 write k ADD"}},
		{"replace", mc("db.statement", "replace k"), []string{"0 write k REPLACE"}},
		{"cas", mc("db.statement", "cas k"), []string{"0 atomic k CAS"}},
		{"incr", mc("db.statement", "incr k"), []string{"0 atomic k INCR"}},
		{"decr", mc("db.statement", "decr k"), []string{"0 atomic k DECR"}},
		{"delete", mc("db.statement", "delete k"), []string{"0 invalidate k DELETE"}},
		{"delete_many", mc("db.statement", "delete_many a b"), []string{"0 invalidate a DELETE_MANY", "1 invalidate b DELETE_MANY"}},
		{"touch", mc("db.statement", "touch k"), []string{}},
		{"touch later", mc("db.statement", "touch k 0"), []string{}},
		{"touch expired", mc("db.statement", "touch k -1"), []string{"0 invalidate k TOUCH"}},
		{"touch past unix time", mc("db.statement", "touch k 2592001"), []string{"0 invalidate k TOUCH"}},
		{"protocol line", mc("db.statement", "set foo 0 10 3\r\nget"), []string{"0 write foo SET"}},
		{"js attributes", mc("db.operation", "get", "db.memcached.key", "k"), []string{"0 read k GET"}},
		{"js delete", mc("db.operation", "delete", "db.memcached.key", "k"), []string{"0 invalidate k DELETE"}},
		{"stats", mc("db.statement", "stats"), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := oneSpan(t, "memcached", tt.attrs, Options{})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}

// TestKeyPattern: the first submatch, else the whole match, becomes the
// key; no match leaves it; source keys are left alone.
func TestKeyPattern(t *testing.T) {
	tests := []struct {
		pattern, stmt string
		want          []string
	}{
		{`^tenant:\d+:(.*)$`, "get tenant:7:user:42", []string{"0 read user:42 GET"}},
		{`^tenant:\d+:(.*)$`, "get user:42", []string{"0 read user:42 GET"}},
		{`user:\d+`, "get v2|user:42|profile", []string{"0 read user:42 GET"}},
		// The group takes no part in matching "ab": the key is kept as it is.
		{`^a(x)?`, "mget ab axb", []string{"0 read ab MGET", "1 read x MGET"}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.stmt, func(t *testing.T) {
			got := oneSpan(t, "cmd", redisStmt(tt.stmt), Options{KeyPattern: mustCompile(t, tt.pattern)})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
	got := oneSpan(t, "GET ?", append(redisStmt("GET ?"), a("cache.key", "tenant:1:k")), Options{KeyPattern: mustCompile(t, `^tenant:\d+:(.*)$`)})
	if diff := cmp.Diff([]string{"0 read k GET"}, got); diff != "" {
		t.Errorf("key attribute (-want +got):\n%s", diff)
	}
	got = oneSpan(t, "q", []trace.Attr{a("db.system", "postgresql"), a("db.statement", "SELECT 1"), a("db.sql.table", "tenant:1:t")},
		Options{KeyPattern: mustCompile(t, `^tenant:\d+:(.*)$`)})
	if diff := cmp.Diff([]string{"0 source-read tenant:1:t SELECT"}, got); diff != "" {
		t.Errorf("source key (-want +got):\n%s", diff)
	}
}

// TestOptions: configured cache systems, key attributes and matchers.
func TestOptions(t *testing.T) {
	isCache := func(sp *trace.Span) bool { return strings.HasPrefix(sp.Name, "cache.") }
	isSource := func(sp *trace.Span) bool { return sp.Name == "orm.load" }
	tests := []struct {
		name  string
		span  string
		attrs []trace.Attr
		opts  Options
		want  []string
	}{
		{"redis not a cache", "get", redisStmt("get k"), Options{CacheSystems: []string{"memcached"}}, []string{}},
		{"hazelcast speaks redis", "x", []trace.Attr{a("db.system", "hazelcast"), a("db.statement", "get k")},
			Options{CacheSystems: []string{"Hazelcast"}}, []string{"0 read k GET"}},
		{"key attribute", "GET", append(redisStmt("GET ?"), a("app.key", "k")), Options{KeyAttributes: []string{"app.key"}}, []string{"0 read k GET"}},
		{"default key attribute off", "GET", append(redisStmt("GET ?"), a("cache.key", "k")), Options{KeyAttributes: []string{}}, []string{"0 read - GET"}},
		{"cache matcher", "cache.get", []trace.Attr{a("db.statement", "get k")}, Options{IsCache: isCache}, []string{"0 read k GET"}},
		{"source matcher", "orm.load", []trace.Attr{a("db.statement", "select * from t")}, Options{IsSource: isSource}, []string{"0 source-read - SELECT"}},
		{"no system", "get", []trace.Attr{a("db.statement", "get k")}, Options{}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := oneSpan(t, tt.span, tt.attrs, tt.opts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}
