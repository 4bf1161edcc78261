package gen

import (
	"fmt"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// routes are the api's endpoints with their share of the traffic. To add
// one, append it here: Routes and random traffic pick it up. A route of
// weight 0 is only visited by scripts (the race patterns); appending
// routes, and giving new ones weight 0, leaves every existing dump as it
// was.
var routes = []route{
	{method: "GET", tmpl: "/users/{id}/profile", weight: 25, path: userPath("/profile"), handle: getProfile},
	{method: "PUT", tmpl: "/users/{id}/profile", weight: 4, path: userPath("/profile"), handle: putProfile},
	{method: "GET", tmpl: "/products/{id}", weight: 24, path: productPath(""), handle: getProduct},
	{method: "GET", tmpl: "/cart", weight: 16, path: fixed("/cart"), handle: getCart},
	{method: "POST", tmpl: "/cart/items", weight: 10, path: fixed("/cart/items"), handle: addCartItem},
	{method: "POST", tmpl: "/checkout", weight: 5, path: fixed("/checkout"), handle: checkout},
	{method: "PUT", tmpl: "/products/{id}/price", weight: 2, staff: true, path: productPath("/price"), handle: putPrice},
	{method: "GET", tmpl: "/healthz", weight: 4, anon: true, path: fixed("/healthz"), handle: func(*visit) int { return 200 }},
	{method: "PUT", tmpl: "/users/{id}/avatar", path: userPath("/avatar"), handle: putAvatar},
	{method: "PUT", tmpl: "/products/{id}", staff: true, path: productPath(""), handle: putProduct},
	{method: "POST", tmpl: "/products/{id}/like", path: productPath("/like"), handle: likeProduct},
}

func userPath(suffix string) func(v *visit) string {
	return func(v *visit) string { return fmt.Sprintf("/users/%d%s", v.subject(), suffix) }
}

func productPath(suffix string) func(v *visit) string {
	return func(v *visit) string { return fmt.Sprintf("/products/%d%s", v.Product, suffix) }
}

func fixed(p string) func(v *visit) string { return func(*visit) string { return p } }

func getProfile(v *visit) int {
	key := fmt.Sprintf("user:%d:profile", v.subject())
	if !v.get(key, 0.85) {
		v.srv.sql("SELECT", "users", "SELECT id, name, email, avatar_url, updated_at FROM users WHERE id = $1", 1)
		v.srv.redis("setex " + key + " 300 ?")
	}
	return 200
}

// putProfile updates the database and leaves the cache to a job: the
// classic window in which readers see the old profile.
func putProfile(v *visit) int {
	v.srv.sql("UPDATE", "users", "UPDATE users SET name = $1, email = $2, updated_at = now() WHERE id = $3", 1)
	v.enqueue(job{typ: "refresh-profile", user: v.subject()})
	return 204
}

func getProduct(v *visit) int {
	key := fmt.Sprintf("product:%d", v.Product)
	if !v.get(key, 0.9) {
		v.srv.sql("SELECT", "products", "SELECT id, name, description, image_url FROM products WHERE id = $1", 1)
		v.srv.redis("set " + key + " ? ex 3600")
	}
	return v.price()
}

func getCart(v *visit) int {
	v.get(fmt.Sprintf("cart:%d", v.User), 0.7) // a miss is an empty cart
	return 200
}

func addCartItem(v *visit) int {
	key := fmt.Sprintf("cart:%d", v.User)
	v.get(key, 0.7)
	if st := v.price(); st != 200 {
		return 502
	}
	v.srv.redis("set " + key + " ? ex 86400")
	return 201
}

func checkout(v *visit) int {
	key := fmt.Sprintf("cart:%d", v.User)
	if !v.get(key, 0.8) {
		return 409 // nothing to check out
	}
	items := v.g.rng.between(1, 6)
	val := v.srv.leaf(scopeApp, ptrace.SpanKindInternal, "checkout.validate", v.g.rng.dur(120*time.Microsecond, 0.5))
	val.attrs = append(val.attrs, num("cart.items", items), str("code.function", "github.com/shop/api/internal/checkout.Validate"))
	v.srv.sql("INSERT", "orders", "INSERT INTO orders (user_id, total_cents, status) VALUES ($1, $2, 'pending') RETURNING id", 1)
	v.srv.sql("INSERT", "order_items", "INSERT INTO order_items (order_id, product_id, quantity, price_cents) VALUES ($1, $2, $3, $4)", 0)
	v.srv.redis("del " + key)
	v.enqueue(job{typ: "order-confirmation", user: v.User, order: v.g.nextOrder()})
	return 201
}

func putPrice(v *visit) int {
	v.srv.sql("UPDATE", "prices", "UPDATE prices SET amount_cents = $1, updated_at = now() WHERE product_id = $2", 1)
	v.enqueue(job{typ: "reprice", product: v.Product})
	return 202
}

// getPrice is the pricing service's GET /prices/{id}; o forces its cache
// read's outcome.
func getPrice(s *op, product int, o Outcome) int {
	key := fmt.Sprintf("product:%d:price", product)
	s.redis("get " + key)
	if s.g.rng.outcome(o, 0.8) {
		return 200
	}
	return refreshPrice(s, product)
}

// refreshPrice is the pricing service's POST /prices/{id}/refresh, and a
// miss of GET /prices/{id}: read the source, fill the cache.
func refreshPrice(s *op, product int) int {
	s.sql("SELECT", "prices", "SELECT amount_cents, currency FROM prices WHERE product_id = $1", 1)
	s.redis(fmt.Sprintf("setex product:%d:price 600 ?", product))
	return 200
}
