package shop

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/redis/go-redis/v9"
)

// CartItem is one line of a cart.
type CartItem struct {
	ProductID int64 `json:"product_id"`
	Qty       int64 `json:"qty"`
}

// readCart returns the cart cached under key; a missing cart is empty.
func (a *api) readCart(r *http.Request, key string) ([]CartItem, error) {
	var items []CartItem
	b, err := a.rdb.Get(r.Context(), key).Bytes()
	if errors.Is(err, redis.Nil) {
		return items, nil
	} else if err != nil {
		return nil, err
	}
	return items, json.Unmarshal(b, &items)
}

// addToCart reads the cart, appends an item and writes the cart back: a
// read-modify-write that loses a concurrent update.
func (a *api) addToCart(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var item CartItem
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil || item.ProductID <= 0 || item.Qty <= 0 {
		return &httpError{http.StatusBadRequest, "bad item"}
	}
	items, err := a.readCart(r, cartKey(id))
	if err != nil {
		return err
	}
	items = append(items, item)
	b, _ := json.Marshal(items)
	pause(ctx, r, "write")
	if err := a.rdb.Set(ctx, cartKey(id), b, cartTTL).Err(); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"items": len(items)})
	return nil
}

// checkout prices the cart, records the order, empties the cart and
// enqueues the order confirmation.
func (a *api) checkout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	items, err := a.readCart(r, cartKey(id))
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return &httpError{http.StatusConflict, "cart is empty"}
	}
	total, err := a.pricing.quote(ctx, items, r.Header.Get(FailOnceHeader))
	if err != nil {
		return err
	}
	var order int64
	if err := a.db.QueryRow(ctx, "INSERT INTO orders (user_id, total_cents) VALUES ($1, $2) RETURNING id", id, total).Scan(&order); err != nil {
		return err
	}
	if err := a.rdb.Del(ctx, cartKey(id)).Err(); err != nil {
		return err
	}
	j := &Job{Type: "confirm-order", UserID: id, OrderID: order}
	if err := a.enqueueFrom(r, j); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"order": order, "total_cents": total, "job": j.ID})
	return nil
}
