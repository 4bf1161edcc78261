package gen

import "fmt"

// runJob runs the worker's handler for j's type under the CONSUMER span
// c. To add a job type, add it here and enqueue it from a route. (A switch,
// not a map: a map literal would be an initialization cycle, since
// handlers enqueue jobs.)
func runJob(c *op, j job) {
	switch j.typ {
	case "refresh-profile":
		refreshProfile(c, j)
	case "order-confirmation":
		confirmOrder(c, j)
	case "notify":
		notify(c, j)
	case "reprice":
		reprice(c, j)
	case "sync-product":
		syncProduct(c, j)
	default:
		panic("gen: unknown job type " + j.typ) // a bug in the scenario code, not input
	}
}

// refreshProfile writes the new profile to the cache after putProfile.
func refreshProfile(c *op, j job) {
	c.sql("SELECT", "users", "SELECT id, name, email, avatar_url, updated_at FROM users WHERE id = $1", 1)
	c.redis(fmt.Sprintf("setex user:%d:profile 300 ?", j.user))
}

// confirmOrder confirms an order, counts it, and enqueues the customer's
// notification: a job enqueued by a job.
func confirmOrder(c *op, j job) {
	c.sql("SELECT", "orders", "SELECT id, user_id, total_cents, status FROM orders WHERE id = $1", 1)
	c.sql("UPDATE", "orders", "UPDATE orders SET status = 'confirmed', confirmed_at = now() WHERE id = $1", 1)
	day := "stats:orders:" + c.g.day
	c.redisPipeline("incr "+day, "expire "+day+" 172800")
	c.enqueue(job{typ: "notify", user: j.user, order: j.order})
}

func notify(c *op, j job) {
	c.sql("SELECT", "users", "SELECT email, name, locale FROM users WHERE id = $1", 1)
	c.sql("INSERT", "notifications", "INSERT INTO notifications (user_id, kind, order_id, created_at) VALUES ($1, $2, $3, now())", 1)
}

// syncProduct brings a product staff edited up to date: the cached
// details, the search index, then the price. Until the price is refilled,
// readers see the new details with the old price.
func syncProduct(c *op, j job) {
	c.sql("SELECT", "products", "SELECT id, name, description, image_url FROM products WHERE id = $1", 1)
	c.redis(fmt.Sprintf("set product:%d ? ex 3600", j.product))
	c.callSearch("PUT", fmt.Sprintf("/products/_doc/%d", j.product))
	reprice(c, j)
}

// reprice asks the pricing service to refill a product's price.
func reprice(c *op, j job) {
	p := c.g.pickInstance("pricing")
	c.callHTTP(p, "POST", "/prices/{id}/refresh", fmt.Sprintf("/prices/%d/refresh", j.product), func(s *op) int {
		return refreshPrice(s, j.product)
	})
}
