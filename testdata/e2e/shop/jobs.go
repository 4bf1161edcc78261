package shop

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// refreshProfile rewrites the cached profile from PostgreSQL.
func (w *worker) refreshProfile(ctx context.Context, user int64) error {
	val, err := loadProfile(ctx, w.db, user)
	if err != nil {
		return err
	}
	return w.rdb.Set(ctx, profileKey(user), val, profileTTL).Err()
}

// syncProfile bumps the profile's version and invalidates the cache.
func (w *worker) syncProfile(ctx context.Context, user int64) error {
	if _, err := w.db.Exec(ctx, "UPDATE users SET version = version + 1, updated_at = now() WHERE id = $1", user); err != nil {
		return err
	}
	return w.rdb.Del(ctx, profileKey(user)).Err()
}

// auditProfile reads the cached profile (only reads it) and records that.
func (w *worker) auditProfile(ctx context.Context, user int64) error {
	val, err := w.rdb.Get(ctx, profileKey(user)).Bytes()
	if err != nil && err != redis.Nil {
		return err
	}
	return w.audit(ctx, "user", user, fmt.Sprintf("profile audited, %d bytes cached", len(val)))
}

// reprice rewrites the cached details, then (step later) the price it
// asks pricing for: between the two, the cache holds new details with
// the old price.
func (w *worker) reprice(ctx context.Context, product int64, step time.Duration) error {
	details, err := loadProduct(ctx, w.db, product)
	if err != nil {
		return err
	}
	if err := w.rdb.Set(ctx, productKey(product), details, productTTL).Err(); err != nil {
		return err
	}
	sleep(ctx, step)
	cents, err := w.pricing.price(ctx, product, "")
	if err != nil {
		return err
	}
	return w.rdb.Set(ctx, priceKey(product), strconv.FormatInt(cents, 10), productTTL).Err()
}

// confirmOrder records the confirmation and enqueues a notification: a
// job enqueued by a job.
func (w *worker) confirmOrder(ctx context.Context, j *Job) error {
	if err := w.audit(ctx, "order", j.OrderID, "confirmed"); err != nil {
		return err
	}
	n := &Job{Type: "notify-user", UserID: j.UserID}
	jobDelays(n, 10*time.Millisecond, 0, 0)
	return w.queue.enqueue(ctx, n)
}

// audit appends a row to the audit table.
func (w *worker) audit(ctx context.Context, kind string, id int64, note string) error {
	_, err := w.db.Exec(ctx, "INSERT INTO audit (subject, note) VALUES ($1, $2)", kind+":"+strconv.FormatInt(id, 10), note)
	return err
}
