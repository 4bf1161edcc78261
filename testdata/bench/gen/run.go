package gen

import (
	"fmt"
	"time"
)

// assumedSpanBytes estimates a span's encoded size before the first line
// is written.
const assumedSpanBytes = 1200

// run generates visits in time order, random traffic merged with the
// script, until the limits are reached, then drains the pipeline.
func (g *generator) run() error {
	mean := float64(time.Second) / g.topo.Rate
	next := time.Duration(g.rng.expo(mean))
	random := 0
	for {
		more := !g.full(random)
		scripted := len(g.script) > 0 && (!more || g.script[0].At <= next)
		if !more && !scripted {
			break
		}
		var v Visit
		if scripted {
			v, g.script = g.script[0], g.script[1:]
		} else {
			v, next = g.randomVisit(next), next+time.Duration(g.rng.expo(mean))
			random++
		}
		if err := g.drain(g.base + int64(v.At)); err != nil {
			return err
		}
		if err := g.visit(v); err != nil {
			return err
		}
	}
	return g.finish()
}

// full reports whether random traffic must stop: the visits are done, or
// what was written plus what is still in flight reaches the size.
func (g *generator) full(visits int) bool {
	if g.cfg.Visits > 0 && visits >= g.cfg.Visits {
		return true
	}
	if g.cfg.Size <= 0 {
		return g.cfg.Visits <= 0 // script only
	}
	per := int64(assumedSpanBytes)
	if g.spansWritten > 0 {
		per = g.written / int64(g.spansWritten)
	}
	inFlight := int64(g.stats.Spans - g.spansWritten)
	return g.written+inFlight*per >= g.cfg.Size
}

// routeWeights are the routes' weights, in routes order.
var routeWeights = func() []int {
	w := make([]int, len(routes))
	for i := range routes {
		w[i] = routes[i].weight
	}
	return w
}()

// randomVisit draws a visit at time at.
func (g *generator) randomVisit(at time.Duration) Visit {
	r := &routes[g.rng.pick(routeWeights)]
	v := Visit{At: at, Route: r.Name(), User: 1 + g.rng.intn(g.topo.Users), Product: g.product()}
	if r.staff {
		v.User = 1 + g.rng.intn(3)
	}
	v.Fail = !r.anon && g.rng.chance(0.01)
	return v
}

// product draws a product, popular ones more often.
func (g *generator) product() int {
	u := g.rng.r.Float64()
	return 1 + int(u*u*float64(g.topo.Products))
}

// visit generates the trace of one request to the api.
func (g *generator) visit(v Visit) error {
	r, err := routeByName(v.Route)
	if err != nil {
		return err
	}
	vv := &visit{Visit: v, g: g, r: r}
	ua := userAgents[v.User%len(userAgents)]
	vv.srv = g.serveHTTP(nil, g.pickInstance("api"), loadBalancer, ua, r.method, r.tmpl, r.path(vv), g.base+int64(v.At))
	vv.srv.add(str("client.address", fmt.Sprintf("198.51.100.%d", 1+v.User%254)))
	vv.srv.slow = int64(v.Slow)
	status := 0
	if v.Fail {
		status = vv.fail()
	} else {
		status = r.handle(vv)
	}
	vv.srv.respond(status, g.rng.between(40, 4000))
	switch {
	case r.staff:
		vv.srv.add(str("enduser.id", fmt.Sprintf("staff-%d", v.User)))
	case !r.anon:
		vv.srv.add(str("enduser.id", itoa(v.User)))
	}
	vv.srv.finish()
	return nil
}
