package detect

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// Scenarios are written as timelines, the way real instrumentation writes
// spans: a SERVER span per request (with enduser.id), a CLIENT span per
// Redis command (db.system.name, db.query.text), a PRODUCER span for an
// enqueue and a CONSUMER job root linking it, SQL spans for the source of
// truth, on named hosts. Times are in milliseconds from base (use us for
// finer ones). Detection then runs the real pipeline: trace.Store →
// stitch.Stitch → ops.Derive → Detect.

const (
	ms   = int64(1e6)
	us   = int64(1e3)
	base = int64(1_790_000_000) * 1e9
)

type scenario struct {
	spans       []trace.Span
	traces, ids uint64
}

// unitB builds one unit: its root span and children.
type unitB struct {
	s     *scenario
	trace trace.TraceID
	root  trace.SpanID
	host  string
	svc   string
}

// ref names a span, for links.
type ref struct {
	trace trace.TraceID
	span  trace.SpanID
}

func (s *scenario) newTrace() trace.TraceID {
	s.traces++
	var id trace.TraceID
	binary.BigEndian.PutUint64(id[:8], 0xa0a0_0000_0000_0000|s.traces)
	binary.BigEndian.PutUint64(id[8:], s.traces*0x9e3779b97f4a7c15)
	return id
}

func (s *scenario) newSpan() trace.SpanID {
	s.ids++
	var id trace.SpanID
	binary.BigEndian.PutUint64(id[:], s.ids*0xbf58476d1ce4e5b9|1)
	return id
}

func (s *scenario) add(sp trace.Span) ref {
	s.spans = append(s.spans, sp)
	return ref{sp.TraceID, sp.SpanID}
}

func at(t int64) int64 { return base + t }

// request starts a request: a SERVER span named name on host, from start
// to end (ms), for the user (enduser.id) when user is not "".
func (s *scenario) request(name, host, user string, start, end int64) *unitB {
	u := &unitB{s: s, trace: s.newTrace(), root: s.newSpan(), host: host, svc: "api"}
	sp := trace.Span{TraceID: u.trace, SpanID: u.root, Kind: trace.KindServer, Name: name, Service: u.svc,
		Host: host, Start: at(start * ms), End: at(end * ms)}
	if user != "" {
		sp.Attrs = append(sp.Attrs, trace.Attr{Key: "enduser.id", Value: user})
	}
	s.add(sp)
	return u
}

// job starts a job: a CONSUMER root span linking the producers (none: the
// producer was never seen).
func (s *scenario) job(name, host string, start, end int64, from ...ref) *unitB {
	u := &unitB{s: s, trace: s.newTrace(), root: s.newSpan(), host: host, svc: "worker"}
	sp := trace.Span{TraceID: u.trace, SpanID: u.root, Kind: trace.KindConsumer, Name: name, Service: u.svc,
		Host: host, Start: at(start * ms), End: at(end * ms),
		Attrs: []trace.Attr{{Key: "messaging.system", Value: "rabbitmq"}, {Key: "messaging.operation.type", Value: "process"}}}
	for _, r := range from {
		sp.Links = append(sp.Links, trace.Link{TraceID: r.trace, SpanID: r.span})
	}
	s.add(sp)
	return u
}

// script starts a trace unit: an INTERNAL root (a cron).
func (s *scenario) script(name, host string, start, end int64) *unitB {
	u := &unitB{s: s, trace: s.newTrace(), root: s.newSpan(), host: host, svc: "cron"}
	s.add(trace.Span{TraceID: u.trace, SpanID: u.root, Kind: trace.KindInternal, Name: name, Service: u.svc,
		Host: host, Start: at(start * ms), End: at(end * ms)})
	return u
}

// sampledAway is a producer that is not in the input.
func (s *scenario) sampledAway() ref { return ref{s.newTrace(), s.newSpan()} }

// child adds a span under the unit's root, on the unit's host.
func (u *unitB) child(kind trace.Kind, name string, start, end int64, attrs ...trace.Attr) ref {
	return u.s.add(trace.Span{TraceID: u.trace, SpanID: u.s.newSpan(), ParentID: u.root, Kind: kind, Name: name,
		Service: u.svc, Host: u.host, Start: at(start), End: at(end), Attrs: attrs})
}

// enqueue publishes a message (a PRODUCER span) from start to end (ms).
func (u *unitB) enqueue(start, end int64) ref {
	return u.child(trace.KindProducer, "jobs publish", start*ms, end*ms,
		trace.Attr{Key: "messaging.system", Value: "rabbitmq"}, trace.Attr{Key: "messaging.destination.name", Value: "jobs"})
}

// redis runs one Redis command line (or a pipeline: lines joined by \n)
// from start to end, in ns from base (use ms and us).
func (u *unitB) redis(stmt string, start, end int64, attrs ...trace.Attr) ref {
	name, _, _ := strings.Cut(stmt, " ")
	attrs = append([]trace.Attr{{Key: "db.system.name", Value: "redis"}, {Key: "db.query.text", Value: stmt}}, attrs...)
	return u.child(trace.KindClient, name, start, end, attrs...)
}

// sql runs one SQL statement on table from start to end (ns from base).
func (u *unitB) sql(stmt, table string, start, end int64) ref {
	return u.child(trace.KindClient, strings.Fields(stmt)[0]+" "+table, start, end,
		trace.Attr{Key: "db.system.name", Value: "postgresql"}, trace.Attr{Key: "db.query.text", Value: stmt},
		trace.Attr{Key: "db.collection.name", Value: table})
}

// The usual commands, times in ms.
func (u *unitB) get(key string, start, end int64) { u.redis("GET "+key, start*ms, end*ms) }
func (u *unitB) set(key string, start, end int64) { u.redis("SET "+key+" v", start*ms, end*ms) }
func (u *unitB) del(key string, start, end int64) { u.redis("DEL "+key, start*ms, end*ms) }
func (u *unitB) selectFrom(table string, start, end int64) {
	u.sql("SELECT * FROM "+table+" WHERE id = $1", table, start*ms, end*ms)
}
func (u *unitB) update(table string, start, end int64) {
	u.sql("UPDATE "+table+" SET name = $1 WHERE id = $2", table, start*ms, end*ms)
}

// run detects on the scenario with judge j (nil: clock.Zero()).
func (s *scenario) run(j Judge, opts Options) Result {
	if j == nil {
		j = clock.Zero()
	}
	return Detect(s.derive(), j, opts)
}

// graph stitches the scenario's spans.
func (s *scenario) graph() *stitch.Graph {
	st := trace.NewStore()
	for _, sp := range s.spans {
		st.Add(sp)
	}
	return stitch.Stitch(st, stitch.Options{Workers: 1})
}

// derive returns the operations of every trace, as the pipeline does.
func (s *scenario) derive() [][]ops.Op {
	g := s.graph()
	out := make([][]ops.Op, len(g.Trees))
	for i, t := range g.Trees {
		out[i], _ = ops.Derive(t, ops.Options{})
	}
	return out
}

// line describes a finding compactly for table tests:
// "rule confidence key request→party margin".
func line(f Finding) string {
	party := f.Job
	if party == nil {
		party = f.Other
	}
	return fmt.Sprintf("%s %s %s %s→%s %s", f.Rule, f.Confidence, strings.Join(f.Keys, ","),
		f.Request.RootSpan().Name, party.RootSpan().Name, marginText(f.MarginNS))
}

func marginText(ns int64) string {
	if ns <= 0 {
		return "margin≤0"
	}
	return "margin=" + human(ns)
}

func lines(r Result) []string {
	if len(r.Findings) == 0 {
		return nil
	}
	out := make([]string, len(r.Findings))
	for i, f := range r.Findings {
		out[i] = line(f)
	}
	return out
}

// eventLines describes a finding's events: "op key host @ms".
func eventLines(f Finding) []string {
	out := make([]string, len(f.Events))
	for i, e := range f.Events {
		hit := ""
		if e.Hit != nil {
			hit = map[bool]string{true: " hit", false: " miss"}[*e.Hit]
		}
		out[i] = fmt.Sprintf("%s %s%s %s @%s", e.Op, e.Key, hit, e.Span.Host, relMS(e.Start))
	}
	return out
}

func relMS(t int64) string {
	return fmt.Sprintf("%g", float64(t-base)/float64(ms))
}

// everything keeps every confidence, for tests that look at hidden findings.
var everything = Options{MinConfidence: clock.Possible}

// likely is the CLI's default.
var likely = Options{MinConfidence: clock.Likely}

func attr(k, v string) trace.Attr { return trace.Attr{Key: k, Value: v} }
