package gen

import "fmt"

// The handlers of the routes only scripts visit (weight 0 in routes): the
// race patterns of races.go need them.

// putAvatar stores a new avatar and invalidates the cached profile itself
// (cache-aside), where putProfile leaves the cache to a job.
func putAvatar(v *visit) int {
	v.srv.sql("UPDATE", "users", "UPDATE users SET avatar_url = $1, updated_at = now() WHERE id = $2", 1)
	v.srv.redis(fmt.Sprintf("del user:%d:profile", v.subject()))
	return 204
}

// putProduct is a staff edit of a product's details and price; a job
// brings the caches and the search index up to date.
func putProduct(v *visit) int {
	v.srv.sql("UPDATE", "products", "UPDATE products SET name = $1, description = $2, updated_at = now() WHERE id = $3", 1)
	v.srv.sql("UPDATE", "prices", "UPDATE prices SET amount_cents = $1, updated_at = now() WHERE product_id = $2", 1)
	v.enqueue(job{typ: "sync-product", product: v.Product})
	return 202
}

// likeProduct records a like and bumps the product's like counter, which
// it read first. INCR is atomic: concurrent likes never lose one.
func likeProduct(v *visit) int {
	key := fmt.Sprintf("likes:product:%d", v.Product)
	v.srv.redis("get " + key)
	v.srv.sql("INSERT", "product_likes", "INSERT INTO product_likes (product_id, user_id, created_at) VALUES ($1, $2, now())", 1)
	v.srv.redis("incr " + key)
	return 201
}
