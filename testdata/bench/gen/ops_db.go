package gen

import (
	"fmt"
	"strings"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

const (
	redisHost = "redis-cache"
	redisAddr = "10.0.9.4"
	pgHost    = "postgres-primary"
	pgAddr    = "10.0.9.12"
)

// redis runs one Redis command line such as "get user:42:profile" from o
// and returns its span. Values never appear: instrumentation is configured
// to replace them with "?".
func (o *op) redis(line string) *span {
	cmd, _, _ := strings.Cut(line, " ")
	return o.redisSpan(cmd, line, o.g.rng.dur(300*time.Microsecond, 0.5))
}

// redisPipeline sends several command lines in one round trip: one span
// whose statement has one command per line.
func (o *op) redisPipeline(lines ...string) *span {
	cmds := make([]string, len(lines))
	for i, l := range lines {
		cmds[i], _, _ = strings.Cut(l, " ")
	}
	return o.redisSpan("pipeline "+strings.Join(cmds, " "), strings.Join(lines, "\n"),
		o.g.rng.dur(450*time.Microsecond, 0.5))
}

func (o *op) redisSpan(cmd, stmt string, d int64) *span {
	if o.sp.inst.svc.flavour == pythonOld {
		cmd = strings.ToUpper(cmd)
		sp := o.leaf(scopeRedis, ptrace.SpanKindClient, cmd, d)
		sp.attrs = append(sp.attrs, str("db.system", "redis"), str("db.statement", strings.ToUpper(stmt[:len(cmd)])+stmt[len(cmd):]),
			num("db.redis.database_index", 0), num("db.redis.args_length", len(strings.Fields(stmt))),
			str("net.peer.name", redisHost), num("net.peer.port", 6379), str("net.transport", "ip_tcp"))
		return sp
	}
	sp := o.leaf(scopeRedis, ptrace.SpanKindClient, cmd, d)
	fn := strings.ReplaceAll(cmd, " ", "_")
	sp.attrs = append(sp.attrs,
		str("code.function", fmt.Sprintf("github.com/shop/%s/internal/cache.(*Store).%s", o.sp.inst.svc.name, fn)),
		str("code.filepath", "/src/internal/cache/store.go"), num("code.lineno", 40+3*len(fn)),
		str("db.system", "redis"), str("db.statement", stmt), str("db.operation", cmd),
		num("db.redis.database_index", 0), str("net.peer.name", redisHost), num("net.peer.port", 6379),
		str("server.address", redisHost), num("server.port", 6379),
		str("network.peer.address", redisAddr), num("network.peer.port", 6379))
	return sp
}

// sql runs a parametrised query on the shop database. verb is the SQL
// operation (SELECT, INSERT, UPDATE, DELETE) and table the main table.
func (o *op) sql(verb, table, query string, rows int) *span {
	median := 1500 * time.Microsecond
	if verb != "SELECT" {
		median = 3 * time.Millisecond
	}
	return o.sqlSpan(verb, table, query, rows, o.g.rng.dur(median, 0.6)+o.takeSlow())
}

func (o *op) sqlSpan(verb, table, query string, rows int, d int64) *span {
	if o.sp.inst.svc.flavour == pythonOld {
		// psycopg2 names the span after the verb and writes %s placeholders.
		sp := o.leaf(scopeSQL, ptrace.SpanKindClient, verb, d)
		sp.attrs = append(sp.attrs, str("db.system", "postgresql"), str("db.name", "shop"),
			str("db.statement", pyPlaceholders(query)), str("db.user", o.sp.inst.svc.name),
			str("net.peer.name", pgHost), num("net.peer.port", 5432))
		return sp
	}
	sp := o.leaf(scopeSQL, ptrace.SpanKindClient, verb+" "+table, d)
	sp.attrs = append(sp.attrs, str("db.system", "postgresql"), str("db.namespace", "shop"),
		str("db.collection.name", table), str("db.operation.name", verb), str("db.query.text", query),
		str("server.address", pgHost), num("server.port", 5432),
		str("network.peer.address", pgAddr), num("network.peer.port", 5432),
		num("db.response.returned_rows", rows),
		str("code.function", fmt.Sprintf("github.com/shop/%s/internal/store.(*DB).%s", o.sp.inst.svc.name, strings.ToLower(verb))),
		str("code.filepath", "/src/internal/store/db.go"))
	return sp
}

// pyPlaceholders rewrites $1, $2 … as psycopg2's %s.
func pyPlaceholders(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		if q[i] == '$' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9' {
			b.WriteString("%s")
			for i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9' {
				i++
			}
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
