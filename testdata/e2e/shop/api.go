package shop

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// api is the HTTP API service.
type api struct {
	rdb     *redis.Client
	db      *pgxpool.Pool
	pricing *pricingClient
	queue   *queue
}

// Cache keys.
func profileKey(user int64) string    { return fmt.Sprintf("user:%d:profile", user) }
func productKey(product int64) string { return fmt.Sprintf("product:%d", product) }
func priceKey(product int64) string   { return fmt.Sprintf("product:%d:price", product) }
func stockKey(product int64) string   { return fmt.Sprintf("stock:%d", product) }
func cartKey(user int64) string       { return fmt.Sprintf("cart:%d", user) }

// Cache lifetimes.
const (
	profileTTL = time.Hour
	productTTL = 10 * time.Minute
	cartTTL    = time.Hour
)

func (a *api) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.Handle("GET /users/{id}/profile", handler(a.getProfile))
	mux.Handle("PUT /users/{id}/profile", handler(a.putProfile))
	mux.Handle("PUT /users/{id}/email", handler(a.putEmail))
	mux.Handle("POST /users/{id}/sync", handler(a.postJob("sync-profile")))
	mux.Handle("POST /users/{id}/audit", handler(a.postJob("audit-profile")))
	mux.Handle("GET /products/{id}", handler(a.getProduct))
	mux.Handle("PUT /products/{id}/price", handler(a.putPrice))
	mux.Handle("POST /products/{id}/restock", handler(a.restock))
	mux.Handle("POST /products/{id}/reserve", handler(a.reserve))
	mux.Handle("POST /cart/{id}/items", handler(a.addToCart))
	mux.Handle("POST /cart/{id}/checkout", handler(a.checkout))
	mux.Handle("GET /jobs/{id}", handler(a.getJob))
	return mux
}

// enqueueFrom enqueues j with the timing the request's job headers ask
// for (defaults: 20 ms delay, no step, 30 ms tail).
func (a *api) enqueueFrom(r *http.Request, j *Job) error {
	jobDelays(j, headerDuration(r, JobDelayHeader, 20*time.Millisecond),
		headerDuration(r, JobStepHeader, 0), headerDuration(r, JobTailHeader, 30*time.Millisecond))
	return a.queue.enqueue(r.Context(), j)
}

// jobDone reports whether the worker has recorded job id as finished.
func jobDone(ctx context.Context, db *pgxpool.Pool, id string) (bool, error) {
	var done bool
	err := db.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM job_runs WHERE id = $1)", id).Scan(&done)
	return done, err
}

func (a *api) getJob(w http.ResponseWriter, r *http.Request) error {
	done, err := jobDone(r.Context(), a.db, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"done": done})
	return nil
}

// waitJob polls the job table every 25 ms until job id is done, for at
// most 5 seconds.
func (a *api) waitJob(ctx context.Context, id string) error {
	deadline := time.Now().Add(5 * time.Second)
	for {
		done, err := jobDone(ctx, a.db, id)
		if err != nil || done {
			return err
		}
		if time.Now().After(deadline) {
			return &httpError{http.StatusGatewayTimeout, "job " + id + " not done"}
		}
		sleep(ctx, 25*time.Millisecond)
	}
}
