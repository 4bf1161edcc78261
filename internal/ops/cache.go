package ops

// This file is the one place that says what each cache command does. A
// command missing from these tables produces no operation: lists, sets,
// sorted sets, streams, pub/sub (a Redis-backed job queue's LPUSH/BRPOP),
// and housekeeping (PING, AUTH, SELECT, WATCH, TTL, SCAN, FLUSHDB, RENAME).

// family is what a command does to the keys it names.
type family uint8

const (
	famRead       family = iota + 1
	famSet               // a blind set: Write, or Fill after a miss
	famInvalidate        // the key is gone afterwards
	famAtomic            // the server reads and changes the value in one step
	famExpire            // invalidates only when its TTL is not positive, or a past time
	famMulti             // starts a transaction: the sets up to EXEC are atomic
	famExec              // ends it
	famDiscard           // ends it, dropping what was queued
)

// layout says where a command's keys and hash fields are among its
// arguments (the arguments after the command name).
type layout uint8

const (
	keyFirst      layout = iota + 1 // KEY ...
	keyEach                         // KEY [KEY ...]
	keyPairs                        // KEY VALUE [KEY VALUE ...]
	keyField                        // KEY FIELD ...
	keyFields                       // KEY FIELD [FIELD ...]
	keyFieldPairs                   // KEY FIELD VALUE [FIELD VALUE ...]
	keyScript                       // SCRIPT NUMKEYS [KEY ...] [ARG ...]
	keyEachPath                     // KEY [KEY ...] PATH
	keyNone                         // names no key (MULTI, EXEC, DISCARD)
)

// ttlKind says how the second argument of an expiring command reads.
type ttlKind uint8

const (
	ttlSeconds     ttlKind = iota + 1 // relative; ≤ 0 deletes the key
	ttlMillis                         // relative; ≤ 0 deletes the key
	ttlUnixSeconds                    // absolute; a past time deletes the key
	ttlUnixMillis                     // absolute; a past time deletes the key
	// ttlMemcached is memcached's exptime: 0 never expires, a negative
	// value expires at once, up to 30 days it is relative, beyond that an
	// absolute Unix time.
	ttlMemcached
)

// command is one row of a command table.
type command struct {
	name   string // canonical, upper case: Op.Command
	family family
	layout layout
	ttl    ttlKind // famExpire only
	// atomicIf names an option that makes the command atomic (SET … GET
	// returns the old value it replaces).
	atomicIf string
}

// redisCommands are the Redis (and Valkey, KeyDB, Dragonfly) commands that
// touch cached state. EXISTS counts as a read: code that checks then sets
// acts on what it saw. GETEX is a read: it changes the TTL, not the value.
// INCR-likes, APPEND, GETSET and GETDEL change the value in one server
// step, so they are atomic; SETRANGE overwrites blindly, like SET. Scripts
// and functions mutate their declared keys atomically; the read-only
// variants read them. JSON.* are the RedisJSON commands caches use. Hash
// commands key on the hash; see hashSlot for their field.
var redisCommands = index([]command{
	{name: "GET", family: famRead, layout: keyFirst},
	{name: "GETEX", family: famRead, layout: keyFirst},
	{name: "GETRANGE", family: famRead, layout: keyFirst},
	{name: "SUBSTR", family: famRead, layout: keyFirst},
	{name: "STRLEN", family: famRead, layout: keyFirst},
	{name: "MGET", family: famRead, layout: keyEach},
	{name: "EXISTS", family: famRead, layout: keyEach},
	{name: "HGET", family: famRead, layout: keyField},
	{name: "HEXISTS", family: famRead, layout: keyField},
	{name: "HSTRLEN", family: famRead, layout: keyField},
	{name: "HMGET", family: famRead, layout: keyFields},
	{name: "HGETALL", family: famRead, layout: keyFirst},
	{name: "HKEYS", family: famRead, layout: keyFirst},
	{name: "HVALS", family: famRead, layout: keyFirst},
	{name: "HLEN", family: famRead, layout: keyFirst},
	{name: "HGETEX", family: famRead, layout: keyFirst},
	{name: "JSON.GET", family: famRead, layout: keyFirst},
	{name: "JSON.MGET", family: famRead, layout: keyEachPath},
	{name: "EVAL_RO", family: famRead, layout: keyScript},
	{name: "EVALSHA_RO", family: famRead, layout: keyScript},
	{name: "FCALL_RO", family: famRead, layout: keyScript},

	{name: "SET", family: famSet, layout: keyFirst, atomicIf: "GET"},
	{name: "SETEX", family: famSet, layout: keyFirst},
	{name: "PSETEX", family: famSet, layout: keyFirst},
	{name: "SETNX", family: famSet, layout: keyFirst},
	{name: "SETRANGE", family: famSet, layout: keyFirst},
	{name: "MSET", family: famSet, layout: keyPairs},
	{name: "MSETNX", family: famSet, layout: keyPairs},
	{name: "HSET", family: famSet, layout: keyFieldPairs},
	{name: "HMSET", family: famSet, layout: keyFieldPairs},
	{name: "HSETNX", family: famSet, layout: keyField},
	{name: "HSETEX", family: famSet, layout: keyFirst},
	{name: "JSON.SET", family: famSet, layout: keyFirst},

	{name: "DEL", family: famInvalidate, layout: keyEach},
	{name: "UNLINK", family: famInvalidate, layout: keyEach},
	{name: "HDEL", family: famInvalidate, layout: keyFields},
	{name: "JSON.DEL", family: famInvalidate, layout: keyFirst},
	{name: "JSON.FORGET", family: famInvalidate, layout: keyFirst},
	{name: "EXPIRE", family: famExpire, layout: keyFirst, ttl: ttlSeconds},
	{name: "PEXPIRE", family: famExpire, layout: keyFirst, ttl: ttlMillis},
	{name: "EXPIREAT", family: famExpire, layout: keyFirst, ttl: ttlUnixSeconds},
	{name: "PEXPIREAT", family: famExpire, layout: keyFirst, ttl: ttlUnixMillis},

	{name: "INCR", family: famAtomic, layout: keyFirst},
	{name: "INCRBY", family: famAtomic, layout: keyFirst},
	{name: "INCRBYFLOAT", family: famAtomic, layout: keyFirst},
	{name: "DECR", family: famAtomic, layout: keyFirst},
	{name: "DECRBY", family: famAtomic, layout: keyFirst},
	{name: "APPEND", family: famAtomic, layout: keyFirst},
	{name: "GETSET", family: famAtomic, layout: keyFirst},
	{name: "GETDEL", family: famAtomic, layout: keyFirst},
	{name: "HINCRBY", family: famAtomic, layout: keyField},
	{name: "HINCRBYFLOAT", family: famAtomic, layout: keyField},
	{name: "HGETDEL", family: famAtomic, layout: keyFirst},
	{name: "EVAL", family: famAtomic, layout: keyScript},
	{name: "EVALSHA", family: famAtomic, layout: keyScript},
	{name: "FCALL", family: famAtomic, layout: keyScript},

	{name: "MULTI", family: famMulti, layout: keyNone},
	{name: "EXEC", family: famExec, layout: keyNone},
	{name: "DISCARD", family: famDiscard, layout: keyNone},
})

// memcachedCommands are memcached's commands, as the text protocol and the
// client libraries name them (pymemcache's *_many and *_multi take several
// keys). cas, incr, decr, append and prepend change the value in one server
// step: atomic. touch only changes the expiry.
var memcachedCommands = index([]command{
	{name: "GET", family: famRead, layout: keyEach},
	{name: "GETS", family: famRead, layout: keyEach},
	{name: "GET_MANY", family: famRead, layout: keyEach},
	{name: "GETS_MANY", family: famRead, layout: keyEach},
	{name: "GET_MULTI", family: famRead, layout: keyEach},
	{name: "GETMULTI", family: famRead, layout: keyEach},

	{name: "SET", family: famSet, layout: keyFirst},
	{name: "ADD", family: famSet, layout: keyFirst},
	{name: "REPLACE", family: famSet, layout: keyFirst},
	{name: "SET_MANY", family: famSet, layout: keyEach},
	{name: "SET_MULTI", family: famSet, layout: keyEach},

	{name: "DELETE", family: famInvalidate, layout: keyFirst},
	{name: "DEL", family: famInvalidate, layout: keyFirst},
	{name: "DELETE_MANY", family: famInvalidate, layout: keyEach},
	{name: "DELETE_MULTI", family: famInvalidate, layout: keyEach},
	{name: "TOUCH", family: famExpire, layout: keyFirst, ttl: ttlMemcached},

	{name: "CAS", family: famAtomic, layout: keyFirst},
	{name: "INCR", family: famAtomic, layout: keyFirst},
	{name: "DECR", family: famAtomic, layout: keyFirst},
	{name: "APPEND", family: famAtomic, layout: keyFirst},
	{name: "PREPEND", family: famAtomic, layout: keyFirst},
})

// maxNameLen bounds the names lookup will upper-case: longer ones are in no
// table.
const maxNameLen = 24

func index(rows []command) map[string]*command {
	m := make(map[string]*command, len(rows))
	for i := range rows {
		m[rows[i].name] = &rows[i]
	}
	return m
}

// lookup finds name in a table without regard to case, without
// allocating.
func lookup(table map[string]*command, name string) *command {
	var buf [maxNameLen]byte
	if len(name) > len(buf) {
		return nil
	}
	return table[string(upper(buf[:0], name))]
}

// upper appends s in ASCII upper case to b.
func upper(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}
