package gen

import "time"

// Races are the patterns -races can inject, by name: one per raceline
// rule, then near misses that must stay silent, then load patterns for
// benchmarks. Each leaves margins of several milliseconds around every
// ordering it relies on, far above the clock uncertainty between two
// hosts that exchange RPCs, so that raceline judges it certain.
var Races = []Race{
	{Name: "stale-read", Rule: "stale-read-pending-job", Plan: planStaleRead,
		Doc: "user B reads user A's cached profile while the job A's update enqueued is pending"},
	{Name: "ryw", Rule: "read-your-writes", Plan: planReadYourWrites,
		Doc: "a user updates their profile, gets the answer, then reads the old cached profile"},
	{Name: "partial", Rule: "partial-read", Plan: planPartial,
		Doc: "a product page reads the details a staff edit's job already rewrote, and the price it has not yet"},
	{Name: "stale-fill", Rule: "stale-cache-fill", Plan: planStaleFill,
		Doc: "a slow profile read fills the cache with what it read before an avatar change invalidated it"},
	{Name: "lost-update", Rule: "lost-update", Plan: planLostUpdate,
		Doc: "two cart updates of one user read, then write the cart; the slower one drops the other's item"},
	{Name: "late-read", Plan: planLateRead,
		Doc: "near miss: profile reads before an update and after its job rewrote the cache"},
	{Name: "incr", Plan: planIncr,
		Doc: "near miss: two likes read a counter, then INCR it, interleaved (INCR is atomic)"},
	{Name: "stampede", Plan: planStampede,
		Doc: "near miss: two profile reads miss and fill the same key, interleaved"},
	{Name: "hot-key", Rule: "stale-read-pending-job", Load: true, Plan: planHotKey,
		Doc: "load: 2,000 requests read a product's price during a flash sale while its reprice job is pending"},
}

// raceUser is the k-th user set aside for race patterns: beyond
// Topology.Users, so that random traffic never touches their keys.
func raceUser(t Topology, k int) int { return t.Users + k }

const ms = time.Millisecond

// planStaleRead: A's profile job waits 80 ms in the queue; B reads A's
// profile 30 ms after A's update arrived.
func planStaleRead(t Topology, at time.Duration) []Visit {
	a, b := raceUser(t, 1), raceUser(t, 2)
	return []Visit{
		{At: at, Route: "PUT /users/{id}/profile", User: a, Product: 1, JobDelay: 80 * ms},
		{At: at + 30*ms, Route: "GET /users/{id}/profile", User: b, Subject: a, Product: 1, Cache: Hit},
	}
}

// planReadYourWrites: the same, but the reader is A, after A's update
// answered.
func planReadYourWrites(t Topology, at time.Duration) []Visit {
	a := raceUser(t, 3)
	return []Visit{
		{At: at, Route: "PUT /users/{id}/profile", User: a, Product: 1, JobDelay: 80 * ms},
		{At: at + 30*ms, Route: "GET /users/{id}/profile", User: a, Product: 1, Cache: Hit},
	}
}

// planPartial: the sync-product job rewrites product:P about 40 ms after
// the edit, then product:P:price some 60 ms later (after the search
// index); the product page reads both in between.
func planPartial(t Topology, at time.Duration) []Visit {
	p := t.Products
	return []Visit{
		{At: at, Route: "PUT /products/{id}", User: 3, Product: p, JobDelay: 30 * ms},
		{At: at + 60*ms, Route: "GET /products/{id}", User: raceUser(t, 4), Product: p, Cache: Hit, Price: Hit},
	}
}

// planStaleFill: R misses, and its SELECT takes 30 ms longer than usual;
// 8 ms in, W updates the avatar and deletes the key. R's fill lands last.
func planStaleFill(t Topology, at time.Duration) []Visit {
	w := raceUser(t, 5)
	return []Visit{
		{At: at, Route: "GET /users/{id}/profile", User: raceUser(t, 6), Subject: w, Product: 1, Cache: Miss, Slow: 30 * ms},
		{At: at + 8*ms, Route: "PUT /users/{id}/avatar", User: w, Product: 1},
	}
}

// planLostUpdate: B reads the cart, then waits 30 ms on the pricing
// service; X reads and writes the cart meanwhile; B writes last.
func planLostUpdate(t Topology, at time.Duration) []Visit {
	u, p := raceUser(t, 7), t.Products-1
	return []Visit{
		{At: at, Route: "POST /cart/items", User: u, Product: p, Cache: Hit, Price: Hit, Slow: 30 * ms},
		{At: at + 8*ms, Route: "POST /cart/items", User: u, Product: p, Cache: Hit, Price: Hit},
	}
}
