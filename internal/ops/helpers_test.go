package ops

import (
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// Test spans are compact prototypes: small integer trace and span IDs,
// millisecond times. The client spans carry the attributes the real
// instrumentations write (see statement.go for what each one records).

const ms = int64(1e6)

func tid(n uint64) trace.TraceID {
	var id trace.TraceID
	binary.BigEndian.PutUint64(id[8:], n)
	return id
}

func sid(n uint64) trace.SpanID {
	var id trace.SpanID
	binary.BigEndian.PutUint64(id[:], n)
	return id
}

// scenario builds the spans of several traces: each request or job root,
// then its client spans one after another, 1 ms apart.
type scenario struct {
	spans []trace.Span
	trace uint64
	root  uint64 // span ID of the current root
	next  uint64 // next span ID
	now   int64  // ms
}

// request starts a new trace whose root is a SERVER span named name.
func (s *scenario) request(name string, attrs ...trace.Attr) *scenario {
	return s.root0(trace.KindServer, name, attrs)
}

// job starts a new trace whose root is a CONSUMER span.
func (s *scenario) job(name string, attrs ...trace.Attr) *scenario {
	return s.root0(trace.KindConsumer, name, attrs)
}

// epoch is when scenarios start, in ms: 2023-11-14, so that EXPIREAT
// tests have a past and a future.
const epoch = 1_700_000_000_000

func (s *scenario) root0(k trace.Kind, name string, attrs []trace.Attr) *scenario {
	s.trace++
	s.root, s.next = 1, 2
	s.now = max(s.now, epoch) + 100
	s.spans = append(s.spans, trace.Span{
		TraceID: tid(s.trace), SpanID: sid(1), Kind: k, Name: name,
		Start: s.now * ms, End: (s.now + 99) * ms, Service: "svc", Host: "host", Attrs: attrs,
	})
	return s
}

// nested adds a span of kind k under the current root and makes it the
// root of the client spans that follow.
func (s *scenario) nested(k trace.Kind, name string) *scenario {
	s.client(name)
	s.spans[len(s.spans)-1].Kind = k
	s.root = s.next - 1
	return s
}

// in makes span id of the current trace the root of the client spans that
// follow.
func (s *scenario) in(id uint64) *scenario {
	s.root = id
	return s
}

// client adds a CLIENT span under the current root.
func (s *scenario) client(name string, attrs ...trace.Attr) *scenario {
	s.now++
	s.spans = append(s.spans, trace.Span{
		TraceID: tid(s.trace), SpanID: sid(s.next), ParentID: sid(s.root), Kind: trace.KindClient,
		Name: name, Start: s.now * ms, End: s.now*ms + ms/2, Service: "svc", Host: "host", Attrs: attrs,
	})
	s.next++
	return s
}

func a(k, v string) trace.Attr { return trace.Attr{Key: k, Value: v} }

// goRedis adds a go-redis (redisotel) command span: named by the command,
// the statement as the client sent it.
func (s *scenario) goRedis(stmt string, extra ...trace.Attr) *scenario {
	return s.client(strings.ToLower(firstWord(stmt)), append([]trace.Attr{a("db.system", "redis"), a("db.statement", stmt)}, extra...)...)
}

// goRedisPipeline adds a redisotel pipeline span: "redis.pipeline" and the
// distinct command names, one command per statement line. A transaction is
// a pipeline whose first and last lines are multi and exec.
func (s *scenario) goRedisPipeline(lines ...string) *scenario {
	var names []string
	for _, l := range lines {
		if n := strings.ToLower(firstWord(l)); !contains(names, n) {
			names = append(names, n)
		}
	}
	return s.client("redis.pipeline "+strings.Join(names, " "),
		a("db.system", "redis"), a("db.statement", strings.Join(lines, "\n")), a("db.redis.num_cmd", fmt.Sprint(len(lines))))
}

// pyRedis adds an OpenTelemetry Python redis span: the command name and a
// "?" for each of nargs arguments.
func (s *scenario) pyRedis(cmd string, nargs int, extra ...trace.Attr) *scenario {
	stmt := cmd + strings.Repeat(" ?", nargs)
	return s.client(cmd, append([]trace.Attr{a("db.system", "redis"), a("db.statement", stmt)}, extra...)...)
}

// pgx adds an otelpgx query span (recent semantic conventions).
func (s *scenario) pgx(sql, table string) *scenario {
	attrs := []trace.Attr{a("db.system.name", "postgresql"), a("db.query.text", sql), a("db.operation.name", strings.ToUpper(firstWord(sql)))}
	if table != "" {
		attrs = append(attrs, a("db.collection.name", table))
	}
	return s.client("query "+sql, attrs...)
}

// nodeMemcached adds an OpenTelemetry JS memcached span: operation and key
// attributes, no statement.
func (s *scenario) nodeMemcached(op, key string) *scenario {
	return s.client("memcached "+op, a("db.system", "memcached"), a("db.operation", op), a("db.memcached.key", key))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *scenario) store() *trace.Store {
	st := trace.NewStore()
	for _, sp := range s.spans {
		st.Add(sp)
	}
	return st
}

// derive stitches the scenario and derives every trace's ops.
func (s *scenario) derive(opts Options) ([]Op, Stats) {
	return deriveStore(s.store(), opts)
}

func deriveStore(st *trace.Store, opts Options) ([]Op, Stats) {
	g := stitch.Stitch(st, stitch.Options{})
	var all []Op
	var stats Stats
	for _, t := range g.Trees {
		ops, s := Derive(t, opts)
		all = append(all, ops...)
		stats.Add(s)
	}
	return all, stats
}

// describe renders an op on one line: trace/span, seq, kind (with hit or
// miss for reads), key (#field), command and the unit's root.
func describe(o *Op) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s.%d %s", shortID(o.Span.TraceID[:]), shortID(o.Span.SpanID[:]), o.Seq, o.Kind)
	if o.Kind == Read {
		b.WriteString(map[bool]string{true: " hit", false: " miss"}[o.Hit])
	}
	key := o.Key
	if key == "" {
		key = "-"
	}
	fmt.Fprintf(&b, " %s", key)
	if o.Field != "" {
		fmt.Fprintf(&b, "#%s", o.Field)
	}
	fmt.Fprintf(&b, " %s", o.Command)
	if o.Unit != nil {
		fmt.Fprintf(&b, " @%s", o.Unit.RootSpan().Name)
	}
	return b.String()
}

// shortID writes a small test ID in decimal, a real one as its first 8
// hex digits.
func shortID(id []byte) string {
	hi, lo := id[:len(id)-8], binary.BigEndian.Uint64(id[len(id)-8:])
	if strings.Trim(string(hi), "\x00") == "" && lo < 1e6 {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%x", id[:4])
}

func describeAll(ops []Op) []string {
	out := make([]string, len(ops))
	for i := range ops {
		out[i] = describe(&ops[i])
	}
	return out
}

func mustCompile(t testing.TB, pattern string) *regexp.Regexp {
	t.Helper()
	re, err := regexp.Compile(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return re
}
