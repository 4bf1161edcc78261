package ingest

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/trace"
)

// Run with:
//
//	go test -run='^$' -bench=OTLPJSON -benchmem ./internal/ingest/
//
// Both benchmarks decode the same generated Collector-shaped record (about
// 2 MB on one line), so their MB/s compare directly.

func BenchmarkOTLPJSONDecode(b *testing.B) {
	rec := genOTLPRecord(otlpGenOptions{services: 6, spansPerService: 250, seed: 1})
	d := newOTLPJSONDecoder(decoderEnv{strs: trace.NewInterner(), keep: trace.NewKeySet(config.SemconvAttributes...)})
	var bt batch
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	for b.Loop() {
		bt.spans, bt.drops = bt.spans[:0], bt.drops[:0]
		if err := d.decode(rec, &bt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(bt.spans)), "spans/op")
}

// BenchmarkOTLPJSONEncodingJSON is the baseline: encoding/json into a
// minimal struct holding the fields the decoder keeps (before filtering
// attributes or decoding IDs).
func BenchmarkOTLPJSONEncodingJSON(b *testing.B) {
	rec := genOTLPRecord(otlpGenOptions{services: 6, spansPerService: 250, seed: 1})
	b.SetBytes(int64(len(rec)))
	b.ReportAllocs()
	for b.Loop() {
		var v ejRecord
		if err := json.Unmarshal(rec, &v); err != nil {
			b.Fatal(err)
		}
	}
}

type ejRecord struct {
	ResourceSpans []struct {
		Resource struct {
			Attributes []ejKeyValue `json:"attributes"`
		} `json:"resource"`
		ScopeSpans []struct {
			Spans []ejSpan `json:"spans"`
		} `json:"scopeSpans"`
	} `json:"resourceSpans"`
}

type ejSpan struct {
	TraceID      string       `json:"traceId"`
	SpanID       string       `json:"spanId"`
	ParentSpanID string       `json:"parentSpanId"`
	Name         string       `json:"name"`
	Kind         int          `json:"kind"`
	Start        string       `json:"startTimeUnixNano"`
	End          string       `json:"endTimeUnixNano"`
	Attributes   []ejKeyValue `json:"attributes"`
	Links        []struct {
		TraceID string `json:"traceId"`
		SpanID  string `json:"spanId"`
	} `json:"links"`
	Status struct {
		Code int `json:"code"`
	} `json:"status"`
}

type ejKeyValue struct {
	Key   string `json:"key"`
	Value struct {
		StringValue string  `json:"stringValue"`
		IntValue    string  `json:"intValue"`
		BoolValue   bool    `json:"boolValue"`
		DoubleValue float64 `json:"doubleValue"`
	} `json:"value"`
}

// otlpGenOptions shape a generated record.
type otlpGenOptions struct {
	services        int  // one ResourceSpans each
	spansPerService int  // in traces of 5 spans: server, client, db, producer, consumer
	base64IDs       bool // write IDs as protojson does (base64) instead of the Collector's hex
	seed            uint64
}

// genOTLPRecord writes one OTLP JSON line as the Collector's file exporter
// does: compact, hex IDs, 64-bit integers as strings, kind and status code
// as numbers; about 14 attributes per span (a few of them semconv keys
// raceline keeps), exception events on some spans, and a link on every
// consumer span.
func genOTLPRecord(o otlpGenOptions) []byte {
	g := &otlpGen{rnd: rand.New(rand.NewPCG(o.seed, 7)), opts: o}
	g.w.WriteString(`{"resourceSpans":[`)
	for i := range o.services {
		if i > 0 {
			g.w.WriteByte(',')
		}
		g.resourceSpans(i)
	}
	g.w.WriteString("]}")
	return []byte(g.w.String())
}

type otlpGen struct {
	w    strings.Builder
	rnd  *rand.Rand
	opts otlpGenOptions
	now  int64
	// the last producer span, which the next consumer links to
	prodTrace [16]byte
	prodSpan  [8]byte
}

func (g *otlpGen) resourceSpans(svc int) {
	name := fmt.Sprintf("service-%d", svc)
	g.w.WriteString(`{"resource":{"attributes":[`)
	g.attrs(
		genStr("service.name", name), genStr("service.namespace", "shop"), genStr("service.version", "1.42.0"),
		genStr("service.instance.id", fmt.Sprintf("%s-7d9f8c6b5-x%dq", name, svc)),
		genStr("host.name", fmt.Sprintf("ip-10-0-%d-17.ec2.internal", svc)), genStr("host.arch", "amd64"),
		genStr("os.type", "linux"), genInt("process.pid", 4000+svc),
		genStr("process.runtime.name", "go"), genStr("telemetry.sdk.language", "go"),
		genStr("telemetry.sdk.name", "opentelemetry"), genStr("telemetry.sdk.version", "1.32.0"),
	)
	g.w.WriteString(`]},"scopeSpans":[{"scope":{"name":"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp","version":"0.57.0"},"spans":[`)
	g.now = 1_700_000_000_000_000_000 + int64(svc)*1_000_000_000
	for i := range g.opts.spansPerService {
		if i > 0 {
			g.w.WriteByte(',')
		}
		g.span(i % 5)
	}
	g.w.WriteString(`]}],"schemaUrl":"https://opentelemetry.io/schemas/1.26.0"}`)
}

func (g *otlpGen) span(role int) {
	var tid [16]byte
	var sid, pid [8]byte
	g.fill(tid[:])
	g.fill(sid[:])
	if role != 0 {
		g.fill(pid[:])
	}
	start := g.now + g.rnd.Int64N(1e9)
	end := start + 1000 + g.rnd.Int64N(5e8)
	kinds := [...]int{2, 3, 3, 4, 5}
	names := [...]string{"GET /api/v1/users/{id}/profile", "HTTP GET", "redis GET", "orders publish", "orders process"}
	fmt.Fprintf(&g.w, `{"traceId":%s,"spanId":%s,"parentSpanId":%s,"flags":257,"name":%q,"kind":%d,"startTimeUnixNano":"%d","endTimeUnixNano":"%d","attributes":[`,
		g.id(tid[:]), g.id(sid[:]), g.id(pid[:]), names[role], kinds[role], start, end)
	g.attrs(g.spanAttrs(role)...)
	g.w.WriteByte(']')
	if role == 1 && g.rnd.IntN(4) == 0 {
		g.w.WriteString(`,"events":[{"timeUnixNano":"` + strconv.FormatInt(end-10, 10) + `","name":"exception","attributes":[`)
		g.attrs(genStr("exception.type", "*net.OpError"), genStr("exception.message", "dial tcp 10.0.3.7:8080: connect: connection refused"),
			genStr("exception.stacktrace", "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:42 +0x1d\n"))
		g.w.WriteString(`]}]`)
	}
	switch role {
	case 3:
		g.prodTrace, g.prodSpan = tid, sid
	case 4:
		fmt.Fprintf(&g.w, `,"links":[{"traceId":%s,"spanId":%s,"flags":257,"attributes":[]}]`, g.id(g.prodTrace[:]), g.id(g.prodSpan[:]))
	}
	code := 0
	if g.rnd.IntN(20) == 0 {
		code = 2
	}
	fmt.Fprintf(&g.w, `,"status":{"code":%d}}`, code)
}

// spanAttrs returns about 14 attributes, of which 2 to 4 are semconv keys.
func (g *otlpGen) spanAttrs(role int) []string {
	common := []string{
		genStr("thread.name", "worker-"+strconv.Itoa(g.rnd.IntN(64))), genInt("thread.id", g.rnd.IntN(10000)),
		genStr("code.function", "github.com/acme/shop/internal/users.(*Service).Profile"),
		genStr("code.filepath", "/src/internal/users/service.go"), genInt("code.lineno", 100+g.rnd.IntN(400)),
		genBool("sampled.debug", g.rnd.IntN(2) == 0), genDouble("sample.rate", 0.25),
	}
	switch role {
	case 0:
		return append(common, genStr("http.request.method", "GET"), genStr("http.route", "/api/v1/users/{id}/profile"),
			genStr("url.scheme", "https"), genStr("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Safari/537.36"),
			genStr("client.address", "10.0.7.31"), genInt("http.response.status_code", 200), genStr("enduser.id", "user-"+strconv.Itoa(g.rnd.IntN(1000))))
	case 1:
		return append(common, genStr("http.request.method", "GET"), genStr("server.address", "inventory.shop.svc.cluster.local"),
			genInt("server.port", 8080), genStr("url.full", "http://inventory.shop.svc.cluster.local:8080/v2/items?sku=A-1234"),
			genStr("network.protocol.version", "1.1"), genInt("http.response.status_code", 200), genStr("network.peer.address", "10.0.3.7"))
	case 2:
		return append(common, genStr("db.system", "redis"), genStr("db.statement", "GET user:"+strconv.Itoa(g.rnd.IntN(1000))+":profile"),
			genStr("net.peer.name", "redis-master.shop.svc.cluster.local"), genInt("net.peer.port", 6379),
			genInt("db.redis.database_index", 0), genStr("network.transport", "tcp"), genStr("network.type", "ipv4"))
	}
	return append(common, genStr("messaging.system", "kafka"), genStr("messaging.destination.name", "orders"),
		genStr("messaging.operation.type", [...]string{"publish", "process"}[role-3]),
		genStr("messaging.kafka.message.key", "order-"+strconv.Itoa(g.rnd.IntN(1e6))), genInt("messaging.kafka.destination.partition", g.rnd.IntN(12)),
		genStr("messaging.client_id", "shop-orders-consumer"), genStr("network.transport", "tcp"))
}

func (g *otlpGen) attrs(kvs ...string) {
	g.w.WriteString(strings.Join(kvs, ","))
}

func (g *otlpGen) fill(b []byte) {
	for i := range b {
		b[i] = byte(g.rnd.IntN(256))
	}
	b[0] |= 1 // never all zero
}

// id writes an ID as a JSON string; an all-zero ID is written empty, as
// the Collector does for a root's parent.
func (g *otlpGen) id(b []byte) string {
	if strings.Trim(string(b), "\x00") == "" {
		return `""`
	}
	if g.opts.base64IDs {
		return `"` + base64.StdEncoding.EncodeToString(b) + `"`
	}
	return `"` + hex.EncodeToString(b) + `"`
}

func genStr(k, v string) string {
	return fmt.Sprintf(`{"key":%q,"value":{"stringValue":%q}}`, k, v)
}

func genInt(k string, v int) string {
	return fmt.Sprintf(`{"key":%q,"value":{"intValue":"%d"}}`, k, v)
}

func genBool(k string, v bool) string {
	return fmt.Sprintf(`{"key":%q,"value":{"boolValue":%t}}`, k, v)
}

func genDouble(k string, v float64) string {
	return fmt.Sprintf(`{"key":%q,"value":{"doubleValue":%v}}`, k, v)
}
