package gen

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

var userAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
	"shop-ios/4.12.1 (iPhone15,2; iOS 18.1)",
	"shop-android/4.12.0 (Pixel 8; Android 15)",
}

// loadBalancer is the address every request to the api comes from.
const loadBalancer = "10.0.0.5"

// serveHTTP opens the SERVER span of an incoming request to inst. from is
// the caller's address; route is the route template in the service's own
// syntax, path the concrete path.
func (g *generator) serveHTTP(parent *op, inst *instance, from, ua, method, route, path string, start int64) *op {
	if inst.svc.flavour == pythonOld {
		route = flaskRoute(route)
	}
	name := method + " " + route
	var s *op
	if parent == nil {
		s = g.root(inst, scopeHTTPServer, ptrace.SpanKindServer, name, start)
	} else {
		s = parent.open(inst, scopeHTTPServer, ptrace.SpanKindServer, name)
	}
	port := g.rng.between(32768, 60999)
	if inst.svc.flavour == pythonOld {
		s.add(str("http.method", method), str("http.server_name", "0.0.0.0"), str("http.scheme", "http"),
			str("net.host.name", inst.svc.name), num("net.host.port", inst.svc.port),
			str("http.host", fmt.Sprintf("%s:%d", inst.svc.name, inst.svc.port)), str("http.target", path),
			str("net.peer.ip", from), num("net.peer.port", port), str("http.user_agent", ua),
			str("http.flavor", "1.1"), str("http.route", route))
		return s
	}
	s.add(str("http.request.method", method), str("url.scheme", "http"), str("url.path", path),
		str("http.route", route), str("server.address", inst.svc.name+".shop.internal"),
		num("server.port", inst.svc.port), str("network.protocol.version", "1.1"),
		str("network.peer.address", from), num("network.peer.port", port), str("user_agent.original", ua))
	return s
}

// respond records the response on a server span opened by serveHTTP.
func (s *op) respond(status, bodySize int) {
	if s.sp.inst.svc.flavour == pythonOld {
		s.add(num("http.status_code", status))
	} else {
		s.add(num("http.response.status_code", status), num("http.response.body.size", bodySize))
	}
	if status >= 500 {
		s.sp.status = ptrace.StatusCodeError
	}
}

// callHTTP makes an HTTP request from o to an instance of another service
// and runs handle there; handle returns the status it answered.
func (o *op) callHTTP(to *instance, method, route, path string, handle func(s *op) int) int {
	c := o.open(o.sp.inst, scopeHTTPClient, ptrace.SpanKindClient, method)
	url := fmt.Sprintf("http://%s:%d%s", to.svc.name, to.svc.port, path)
	c.add(str("http.request.method", method), str("url.full", url), str("server.address", to.svc.name),
		num("server.port", to.svc.port), str("network.protocol.version", "1.1"),
		str("network.peer.address", to.addr), num("network.peer.port", to.svc.port))
	if method != "GET" {
		c.add(num("http.request.body.size", o.g.rng.between(20, 400)))
	}
	c.wait(o.g.rng.dur(250*time.Microsecond, 0.4) + o.takeSlow()) // a slow call waits before the server sees it
	s := o.g.serveHTTP(c, to, o.sp.inst.addr, "Go-http-client/1.1", method, route, path, 0)
	status := handle(s)
	s.respond(status, o.g.rng.between(60, 900))
	c.close(s)
	c.wait(o.g.rng.dur(250*time.Microsecond, 0.4))
	c.add(num("http.response.status_code", status), num("http.response.body.size", o.g.rng.between(60, 900)))
	if status >= 400 {
		c.sp.status = ptrace.StatusCodeError
	}
	o.close(c)
	return status
}

// The search cluster, which is not instrumented: calls to it are CLIENT
// spans without a server side.
const (
	searchHost = "search"
	searchPort = 9200
)

// callSearch makes an HTTP call from o to the search cluster, waiting for
// the index to refresh: about 60 ms.
func (o *op) callSearch(method, path string) {
	c := o.open(o.sp.inst, scopeHTTPClient, ptrace.SpanKindClient, method)
	c.add(str("http.request.method", method),
		str("url.full", fmt.Sprintf("http://%s:%d%s?refresh=wait_for", searchHost, searchPort, path)),
		str("server.address", searchHost), num("server.port", searchPort), str("network.protocol.version", "1.1"),
		num("http.request.body.size", o.g.rng.between(300, 2000)))
	c.wait(o.g.rng.dur(60*time.Millisecond, 0.15))
	c.add(num("http.response.status_code", 200), num("http.response.body.size", o.g.rng.between(150, 250)))
	o.close(c)
}

// flaskRoute turns a route template /prices/{id} into Flask's syntax.
func flaskRoute(route string) string {
	return strings.ReplaceAll(route, "{id}", "<int:product_id>")
}

func itoa(n int) string { return strconv.Itoa(n) }
