package shop

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pricing is the pricing service: prices come from PostgreSQL.
type pricing struct {
	db *pgxpool.Pool

	mu     sync.Mutex
	failed map[string]bool // FailOnceHeader tokens already failed
}

func (p *pricing) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /prices/{id}", handler(p.getPrice))
	mux.Handle("POST /quotes", handler(p.postQuote))
	return mux
}

// failing reports whether to answer 503: the first time a token is seen,
// or always for the token "always".
func (p *pricing) failing(r *http.Request) bool {
	tok := r.Header.Get(FailOnceHeader)
	if tok == "" {
		return false
	}
	if tok == "always" {
		return true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed[tok] {
		return false
	}
	p.failed[tok] = true
	return true
}

func (p *pricing) getPrice(w http.ResponseWriter, r *http.Request) error {
	if p.failing(r) {
		return &httpError{http.StatusServiceUnavailable, "pricing overloaded"}
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var cents int64
	err = p.db.QueryRow(r.Context(), "SELECT price_cents FROM products WHERE id = $1", id).Scan(&cents)
	if errors.Is(err, pgx.ErrNoRows) {
		return errNotFound
	} else if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int64{"cents": cents})
	return nil
}

func (p *pricing) postQuote(w http.ResponseWriter, r *http.Request) error {
	if p.failing(r) {
		return &httpError{http.StatusServiceUnavailable, "pricing overloaded"}
	}
	var body struct {
		Items []CartItem `json:"items"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return &httpError{http.StatusBadRequest, err.Error()}
	}
	qty := map[int64]int64{}
	ids := make([]int64, 0, len(body.Items))
	for _, it := range body.Items {
		qty[it.ProductID] += it.Qty
		ids = append(ids, it.ProductID)
	}
	rows, err := p.db.Query(r.Context(), "SELECT id, price_cents FROM products WHERE id = ANY($1)", ids)
	if err != nil {
		return err
	}
	var id, cents, total int64
	_, err = pgx.ForEachRow(rows, []any{&id, &cents}, func() error {
		total += qty[id] * cents
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int64{"total_cents": total})
	return nil
}
