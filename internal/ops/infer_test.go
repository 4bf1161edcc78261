package ops

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/trace"
)

// unitLine renders an op as kind (hit or miss), key#field, command and the
// root of its unit.
func unitLine(o *Op) string {
	kind := o.Kind.String()
	if o.Kind == Read {
		kind += map[bool]string{true: " hit", false: " miss"}[o.Hit]
	}
	key := o.Key
	if key == "" {
		key = "-"
	}
	if o.Field != "" {
		key += "#" + o.Field
	}
	return fmt.Sprintf("%s %s %s @%s", kind, key, o.Command, o.Unit.RootSpan().Name)
}

func unitLines(ops []Op) []string {
	out := []string{}
	for i := range ops {
		out = append(out, unitLine(&ops[i]))
	}
	return out
}

const selectUser = "SELECT id, name FROM users WHERE id = $1"

// TestInferMissAndFill: a read is a miss when the next op on its key in its
// unit is a set with a source read of the unit between them, or when the
// hit attribute says so; a set after a miss is a fill.
func TestInferMissAndFill(t *testing.T) {
	miss := a("cache.hit", "false")
	hit := a("cache.hit", "true")
	tests := []struct {
		name string
		s    *scenario
		want []string
	}{
		{"miss, select, set", new(scenario).request("R").goRedis("get k").pgx(selectUser, "users").goRedis("setex k 60 v"),
			[]string{"read miss k GET @R", "source-read users SELECT @R", "fill k SETEX @R"}},
		{"no source read between", new(scenario).request("R").goRedis("get k").goRedis("set k v"),
			[]string{"read hit k GET @R", "write k SET @R"}},
		{"source read before the read", new(scenario).request("R").pgx(selectUser, "users").goRedis("get k").goRedis("set k v"),
			[]string{"source-read users SELECT @R", "read hit k GET @R", "write k SET @R"}},
		{"source write between", new(scenario).request("R").goRedis("get k").pgx("UPDATE users SET name = $1", "users").goRedis("set k v"),
			[]string{"read hit k GET @R", "source-write users UPDATE @R", "write k SET @R"}},
		{"attribute miss", new(scenario).request("R").goRedis("get k", miss).goRedis("set k v"),
			[]string{"read miss k GET @R", "fill k SET @R"}},
		{"attribute hit wins", new(scenario).request("R").goRedis("get k", hit).pgx(selectUser, "users").goRedis("set k v"),
			[]string{"read hit k GET @R", "source-read users SELECT @R", "write k SET @R"}},
		{"next op a read", new(scenario).request("R").goRedis("get k").pgx(selectUser, "users").goRedis("get k").goRedis("set k v"),
			[]string{"read hit k GET @R", "source-read users SELECT @R", "read hit k GET @R", "write k SET @R"}},
		{"next op an invalidation", new(scenario).request("R").goRedis("get k").pgx(selectUser, "users").goRedis("del k").goRedis("set k v"),
			[]string{"read hit k GET @R", "source-read users SELECT @R", "invalidate k DEL @R", "write k SET @R"}},
		{"next op atomic", new(scenario).request("R").goRedis("get k").pgx(selectUser, "users").goRedis("incr k"),
			[]string{"read hit k GET @R", "source-read users SELECT @R", "atomic k INCR @R"}},
		{"other keys between", new(scenario).request("R").goRedis("get k").pgx(selectUser, "users").goRedis("get j").goRedis("set k v"),
			[]string{"read miss k GET @R", "source-read users SELECT @R", "read hit j GET @R", "fill k SET @R"}},
		{"fill then write", new(scenario).request("R").goRedis("get k", miss).goRedis("set k v").goRedis("set k w"),
			[]string{"read miss k GET @R", "fill k SET @R", "write k SET @R"}},
		{"mget then mset", new(scenario).request("R").goRedis("mget a b").pgx(selectUser, "users").goRedis("mset a 1 b 2"),
			[]string{"read miss a MGET @R", "read miss b MGET @R", "source-read users SELECT @R", "fill a MSET @R", "fill b MSET @R"}},
		{"one span pipeline", new(scenario).request("R").goRedisPipeline("get k", "set k v"),
			[]string{"read hit k GET @R", "write k SET @R"}},
		{"keyless ops", new(scenario).request("R").pyRedis("GET", 1).pgx(selectUser, "users").pyRedis("SET", 2),
			[]string{"read hit - GET @R", "source-read users SELECT @R", "write - SET @R"}},
		{"memcached", new(scenario).request("R").nodeMemcached("get", "k").pgx(selectUser, "users").nodeMemcached("set", "k"),
			[]string{"read miss k GET @R", "source-read users SELECT @R", "fill k SET @R"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops, _ := tt.s.derive(Options{})
			if diff := cmp.Diff(tt.want, unitLines(ops)); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInferUnits: only ops of the same unit count; a job nested in a
// request is its own unit.
func TestInferUnits(t *testing.T) {
	tests := []struct {
		name string
		s    *scenario
		want []string
	}{
		{"set in another unit", new(scenario).request("R").goRedis("get k").pgx(selectUser, "users").
			nested(trace.KindConsumer, "J").goRedis("set k v"),
			[]string{"read hit k GET @R", "source-read users SELECT @R", "write k SET @J"}},
		{"source read in another unit", new(scenario).request("R").goRedis("get k").
			nested(trace.KindConsumer, "J").pgx(selectUser, "users").in(1).goRedis("set k v"),
			[]string{"read hit k GET @R", "source-read users SELECT @J", "write k SET @R"}},
		{"miss in another unit", new(scenario).request("R").goRedis("get k", a("cache.hit", "false")).
			nested(trace.KindConsumer, "J").goRedis("set k v"),
			[]string{"read miss k GET @R", "write k SET @J"}},
		{"each unit its own chain", new(scenario).request("R").goRedis("get k").
			nested(trace.KindConsumer, "J").goRedis("get k").pgx(selectUser, "users").goRedis("set k v").
			in(1).goRedis("set k v"),
			[]string{"read hit k GET @R", "read miss k GET @J", "source-read users SELECT @J", "fill k SET @J", "write k SET @R"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops, _ := tt.s.derive(Options{})
			if diff := cmp.Diff(tt.want, unitLines(ops)); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInferHashFields: ops naming different fields of a hash are not on
// the same key; an op naming no field is on every field.
func TestInferHashFields(t *testing.T) {
	tests := []struct {
		name string
		s    *scenario
		want []string
	}{
		{"other field", new(scenario).request("R").goRedis("hget h f1").pgx(selectUser, "users").goRedis("hset h f2 v"),
			[]string{"read hit h#f1 HGET @R", "source-read users SELECT @R", "write h#f2 HSET @R"}},
		{"same field", new(scenario).request("R").goRedis("hget h f1").pgx(selectUser, "users").goRedis("hset h f1 v"),
			[]string{"read miss h#f1 HGET @R", "source-read users SELECT @R", "fill h#f1 HSET @R"}},
		{"fields then whole", new(scenario).request("R").goRedis("hget h f1").goRedis("hget h f2").pgx(selectUser, "users").goRedis("hmset h f1 v f2 v"),
			[]string{"read miss h#f1 HGET @R", "read miss h#f2 HGET @R", "source-read users SELECT @R", "fill h HMSET @R"}},
		{"whole then field", new(scenario).request("R").goRedis("hgetall h").pgx(selectUser, "users").goRedis("hset h f1 v"),
			[]string{"read miss h HGETALL @R", "source-read users SELECT @R", "fill h#f1 HSET @R"}},
		{"whole read followed once", new(scenario).request("R").goRedis("hgetall h").goRedis("hset h f1 v").pgx(selectUser, "users").goRedis("hset h f2 v"),
			[]string{"read hit h HGETALL @R", "write h#f1 HSET @R", "source-read users SELECT @R", "write h#f2 HSET @R"}},
		{"field read superseded by whole read", new(scenario).request("R").goRedis("hget h f1").goRedis("hgetall h").pgx(selectUser, "users").goRedis("hset h f1 v"),
			[]string{"read hit h#f1 HGET @R", "read miss h HGETALL @R", "source-read users SELECT @R", "fill h#f1 HSET @R"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops, _ := tt.s.derive(Options{})
			if diff := cmp.Diff(tt.want, unitLines(ops)); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}
