package gen

import "time"

// planLateRead: B reads A's profile 20 ms before A's update, and both read
// it 130 ms after, long after the job (20 ms in the queue) rewrote it.
func planLateRead(t Topology, at time.Duration) []Visit {
	a, b := raceUser(t, 8), raceUser(t, 9)
	return []Visit{
		{At: at, Route: "GET /users/{id}/profile", User: b, Subject: a, Product: 1, Cache: Hit},
		{At: at + 20*ms, Route: "PUT /users/{id}/profile", User: a, Product: 1, JobDelay: 20 * ms},
		{At: at + 150*ms, Route: "GET /users/{id}/profile", User: b, Subject: a, Product: 1, Cache: Hit},
		{At: at + 160*ms, Route: "GET /users/{id}/profile", User: a, Product: 1, Cache: Hit},
	}
}

// planIncr: the first like's INSERT takes 30 ms longer; the second reads
// and increments the counter meanwhile.
func planIncr(t Topology, at time.Duration) []Visit {
	p := t.Products - 2
	return []Visit{
		{At: at, Route: "POST /products/{id}/like", User: raceUser(t, 10), Product: p, Slow: 30 * ms},
		{At: at + 8*ms, Route: "POST /products/{id}/like", User: raceUser(t, 11), Product: p},
	}
}

// planStampede: both reads miss; the first one's SELECT takes 30 ms
// longer, so the second fills first.
func planStampede(t Topology, at time.Duration) []Visit {
	a := raceUser(t, 12)
	return []Visit{
		{At: at, Route: "GET /users/{id}/profile", User: a, Product: 1, Cache: Miss, Slow: 30 * ms},
		{At: at + 8*ms, Route: "GET /users/{id}/profile", User: raceUser(t, 13), Subject: a, Product: 1, Cache: Miss},
	}
}

// hotKeyReaders is how many requests read the hot key.
const hotKeyReaders = 2000

// planHotKey: a staff member reprices the most popular product and the
// job waits 400 ms in a busy queue, while hotKeyReaders product pages
// (each its own user) read the old price, evenly over 360 ms.
func planHotKey(t Topology, at time.Duration) []Visit {
	out := []Visit{{At: at, Route: "PUT /products/{id}/price", User: 2, Product: 1, JobDelay: 400 * ms}}
	for i := range hotKeyReaders {
		out = append(out, Visit{At: at + 20*ms + time.Duration(i)*360*ms/hotKeyReaders, Route: "GET /products/{id}",
			User: raceUser(t, 100+i), Product: 1, Cache: Hit, Price: Hit})
	}
	return out
}
