package shop

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// Product is a product's details, as cached (the price is cached apart).
type Product struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Stock int64  `json:"stock"`
}

// loadProduct reads a product's details from the source of truth.
func loadProduct(ctx context.Context, db *pgxpool.Pool, id int64) ([]byte, error) {
	p := Product{ID: id}
	err := db.QueryRow(ctx, "SELECT title, stock FROM products WHERE id = $1", id).Scan(&p.Title, &p.Stock)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNotFound
	} else if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

// getProduct reads details and price with one MGET; on any miss it reads
// PostgreSQL and asks pricing, then fills both keys in one pipeline.
func (a *api) getProduct(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	vals, err := a.rdb.MGet(ctx, productKey(id), priceKey(id)).Result()
	if err != nil {
		return err
	}
	details, _ := vals[0].(string)
	price, _ := vals[1].(string)
	if vals[0] == nil || vals[1] == nil {
		if details, price, err = a.fillProduct(r, id); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"product": json.RawMessage(details), "price_cents": json.Number(price)})
	return nil
}

// fillProduct loads details and price after a miss and caches both.
func (a *api) fillProduct(r *http.Request, id int64) (details, price string, err error) {
	ctx := r.Context()
	b, err := loadProduct(ctx, a.db, id)
	if err != nil {
		return "", "", err
	}
	cents, err := a.pricing.price(ctx, id, r.Header.Get(FailOnceHeader))
	if err != nil {
		return "", "", err
	}
	pause(ctx, r, "fill")
	details, price = string(b), strconv.FormatInt(cents, 10)
	_, err = a.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, productKey(id), details, productTTL)
		p.Set(ctx, priceKey(id), price, productTTL)
		return nil
	})
	return details, price, err
}

// putPrice changes a price in PostgreSQL; a reprice job rewrites both
// cached keys, details first, price last.
func (a *api) putPrice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body struct {
		Cents int64 `json:"cents"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return &httpError{http.StatusBadRequest, err.Error()}
	}
	tag, err := a.db.Exec(r.Context(), "UPDATE products SET price_cents = $2 WHERE id = $1", id, body.Cents)
	if err != nil {
		return err
	} else if tag.RowsAffected() == 0 {
		return errNotFound
	}
	j := &Job{Type: "reprice", ProductID: id}
	if err := a.enqueueFrom(r, j); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"job": j.ID})
	return nil
}

// restock sets the stock in PostgreSQL and the stock counter in Redis.
func (a *api) restock(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var body struct {
		Stock int64 `json:"stock"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return &httpError{http.StatusBadRequest, err.Error()}
	}
	if _, err := a.db.Exec(ctx, "UPDATE products SET stock = $2 WHERE id = $1", id, body.Stock); err != nil {
		return err
	}
	if err := a.rdb.Set(ctx, stockKey(id), body.Stock, 0).Err(); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int64{"stock": body.Stock})
	return nil
}

// reserve checks the stock counter, then takes one with DECRBY: atomic,
// so a concurrent reservation is never lost.
func (a *api) reserve(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := a.rdb.Get(ctx, stockKey(id)).Int64()
	if err != nil && !errors.Is(err, redis.Nil) {
		return err
	}
	if n <= 0 {
		return &httpError{http.StatusConflict, "out of stock"}
	}
	pause(ctx, r, "write")
	left, err := a.rdb.DecrBy(ctx, stockKey(id), 1).Result()
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int64{"left": left})
	return nil
}
