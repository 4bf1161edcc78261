package gen

import (
	"fmt"
	"time"
)

// Visit is one request to the shop's api: which route, for whom, when.
// Random traffic is a stream of visits; a race pattern (script.go) is a
// list of visits placed at chosen times.
type Visit struct {
	// At is when the request arrives, from the start of the dump.
	At time.Duration
	// Route names one of Routes, e.g. "GET /users/{id}/profile".
	Route string
	// User is the signed-in user (staff member for staff routes), 1-based.
	User int
	// Product is the product the route is about, 1-based.
	Product int
	// JobDelay is the queue wait of the job the request enqueues, if any;
	// 0 draws a random one.
	JobDelay time.Duration
	// Subject is the user a /users/{id} route is about when it is not
	// User (someone viewing another user's profile); 0 means User.
	Subject int
	// Cache forces the outcome of the request's first cache read.
	Cache Outcome
	// Price forces the outcome of the pricing service's cache read of the
	// product's price, when the route asks for it.
	Price Outcome
	// Slow delays the request's first backend call, a database query or an
	// HTTP call to another service, by this much: a lock wait, a cold
	// connection, an overloaded service.
	Slow time.Duration
	// Fail makes the request fail with a 500 after a backend timeout.
	Fail bool
}

// Outcome is the outcome of a cache read.
type Outcome uint8

const (
	Draw Outcome = iota // random, at the route's usual hit rate
	Hit
	Miss
)

// route is one endpoint of the api.
type route struct {
	method, tmpl string
	weight       int
	anon         bool // no signed-in user (health checks)
	staff        bool // signed in as staff: enduser.id is staff-N
	path         func(v *visit) string
	handle       func(v *visit) int // runs the handler and returns the status
}

// Name is how Visit.Route names the route.
func (r *route) Name() string { return r.method + " " + r.tmpl }

// Routes lists the names of the api's routes, in a fixed order.
func Routes() []string {
	out := make([]string, len(routes))
	for i := range routes {
		out[i] = routes[i].Name()
	}
	return out
}

func routeByName(name string) (*route, error) {
	for i := range routes {
		if routes[i].Name() == name {
			return &routes[i], nil
		}
	}
	return nil, fmt.Errorf("unknown route %q", name)
}

// visit is a Visit being generated.
type visit struct {
	Visit
	g     *generator
	r     *route
	srv   *op
	reads int // cache reads so far: Cache applies to the first
}

// subject is the user a /users/{id} route is about.
func (v *visit) subject() int {
	if v.Subject > 0 {
		return v.Subject
	}
	return v.User
}

// get reads key from Redis and reports whether it was a hit, drawn at
// hitRate unless the visit forces its first read.
func (v *visit) get(key string, hitRate float64) bool {
	v.srv.redis("get " + key)
	v.reads++
	if v.reads == 1 {
		return v.g.rng.outcome(v.Cache, hitRate)
	}
	return v.g.rng.chance(hitRate)
}

// price asks the pricing service for the price of the visit's product.
func (v *visit) price() int {
	p := v.g.pickInstance("pricing")
	return v.srv.callHTTP(p, "GET", "/prices/{id}", fmt.Sprintf("/prices/%d", v.Product), func(s *op) int {
		return getPrice(s, v.Product, v.Price)
	})
}

func (v *visit) enqueue(j job) {
	j.delay = int64(v.JobDelay)
	v.srv.enqueue(j)
}

// fail is what a failing request does instead of its handler: one backend
// call times out and the api answers 500.
func (v *visit) fail() int {
	s := v.srv
	if v.g.rng.chance(0.5) {
		sp := s.redisSpan("get", fmt.Sprintf("get user:%d:profile", v.User), v.g.rng.dur(time.Second, 0.05))
		sp.fail(sp.end, "*net.OpError", "dial tcp "+redisAddr+":6379: i/o timeout")
	} else {
		sp := s.sqlSpan("SELECT", "users", "SELECT id, name, email FROM users WHERE id = $1", 0, v.g.rng.dur(2*time.Second, 0.02))
		sp.fail(sp.end, "*pgconn.PgError", "ERROR: canceling statement due to statement timeout (SQLSTATE 57014)")
	}
	s.wait(v.g.rng.dur(100*time.Microsecond, 0.3))
	s.sp.fail(s.cur, "*errors.errorString", "internal error: backend timeout")
	return 500
}
