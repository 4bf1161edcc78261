package gen

import (
	"fmt"
	"strings"
	"time"
)

// flavour is the instrumentation stack of a service: which semantic
// convention names its spans carry. Real dumps mix both.
type flavour uint8

const (
	goNew     flavour = iota // Go, recent semantic conventions
	pythonOld                // Python, the pre-1.21 HTTP and DB names
)

// serviceDef describes a service's code: its language and instrumentation
// libraries. Instances of it run on hosts.
type serviceDef struct {
	name    string
	version string
	flavour flavour
	port    int
	scopes  map[scopeKind]*scope
}

// scopeKind is what an instrumentation library instruments.
type scopeKind uint8

const (
	scopeHTTPServer scopeKind = iota
	scopeHTTPClient
	scopeRedis
	scopeSQL
	scopeMessaging
	scopeApp
)

// scope is an instrumentation scope: ScopeSpans group spans by it.
type scope struct{ name, version string }

var goScopes = map[scopeKind]*scope{
	scopeHTTPServer: {"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "0.63.0"},
	scopeHTTPClient: {"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "0.63.0"},
	scopeRedis:      {"github.com/redis/go-redis/extra/redisotel", "9.14.0"},
	scopeSQL:        {"github.com/XSAM/otelsql", "0.40.0"},
	scopeMessaging:  {"github.com/shop/platform/queue", "1.8.2"},
	scopeApp:        {"github.com/shop/platform/app", "1.8.2"},
}

var pythonScopes = map[scopeKind]*scope{
	scopeHTTPServer: {"opentelemetry.instrumentation.flask", "0.48b0"},
	scopeHTTPClient: {"opentelemetry.instrumentation.requests", "0.48b0"},
	scopeRedis:      {"opentelemetry.instrumentation.redis", "0.48b0"},
	scopeSQL:        {"opentelemetry.instrumentation.psycopg2", "0.48b0"},
	scopeMessaging:  {"shop.queue", "2.3.0"},
	scopeApp:        {"shop.pricing", "2.3.0"},
}

// services are the shop's services: a Go API and job worker, and a Python
// pricing service.
var services = map[string]*serviceDef{
	"api":     {name: "api", version: "1.42.0", flavour: goNew, port: 8080, scopes: goScopes},
	"worker":  {name: "worker", version: "1.42.0", flavour: goNew, port: 8081, scopes: goScopes},
	"pricing": {name: "pricing", version: "2.3.0", flavour: pythonOld, port: 8000, scopes: pythonScopes},
}

// instance is one running process of a service: one OTLP resource. It
// also carries its SDK's batch processor state.
type instance struct {
	svc   *serviceDef
	host  HostSpec
	index int // position in the topology: the tie-break between instances
	id    string
	addr  string // its IP address, as peers see it
	attrs []attr

	queue    []*span // spans ended but not yet exported
	nextTick int64   // when the SDK's schedule delay next fires
}

func newInstance(svc *serviceDef, h HostSpec, index int, g *rng) *instance {
	in := &instance{svc: svc, host: h, index: index, id: g.uuid()}
	in.addr = fmt.Sprintf("10.0.%d.%d", 1+index/4, 10+g.intn(240))
	if ip, ok := strings.CutPrefix(h.Name, "ip-"); ok { // an EC2-style host name spells its address
		in.addr = strings.ReplaceAll(ip, "-", ".")
	}
	in.attrs = resourceAttrs(in, g.between(1000, 60000))
	return in
}

func resourceAttrs(in *instance, pid int) []attr {
	a := []attr{
		str("service.name", in.svc.name),
		str("service.namespace", "shop"),
		str("service.version", in.svc.version),
		str("service.instance.id", in.id),
		str("deployment.environment.name", "production"),
		str("host.name", in.host.Name),
		str("host.arch", "amd64"),
		str("os.type", "linux"),
		num("process.pid", pid),
	}
	if in.svc.flavour == pythonOld {
		return append(a,
			str("process.runtime.name", "cpython"), str("process.runtime.version", "3.12.7"),
			str("telemetry.sdk.language", "python"), str("telemetry.sdk.name", "opentelemetry"),
			str("telemetry.sdk.version", "1.27.0"))
	}
	return append(a,
		str("process.runtime.name", "go"), str("process.runtime.version", "go1.25.4"),
		str("telemetry.sdk.language", "go"), str("telemetry.sdk.name", "opentelemetry"),
		str("telemetry.sdk.version", "1.38.0"))
}

// skew is the instance's host clock skew in nanoseconds.
func (in *instance) skew() int64 { return int64(in.host.Skew / time.Nanosecond) }
