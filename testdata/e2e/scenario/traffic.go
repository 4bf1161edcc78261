package scenario

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"
)

// traffic is one worker of ordinary use around the scenarios: reads,
// writes, errors and retries. It never races with itself or with the
// scenarios: it writes only users and products it owns, one action at a
// time, and waits for the jobs it enqueues before reading again; what
// others read (shared users and products) no one writes.
type traffic struct {
	d                   *Driver
	rng                 *rand.Rand
	name                string
	own, ownProducts    []int64
	shared, sharedProds []int64
	calls               int
}

// run acts until ctx is done, pausing 5–30 ms between actions.
func (t *traffic) run(ctx context.Context) error {
	for ctx.Err() == nil {
		if err := t.act(context.WithoutCancel(ctx)); err != nil {
			return fmt.Errorf("traffic %s: %w", t.name, err)
		}
		time.Sleep(time.Duration(5+t.rng.IntN(26)) * time.Millisecond)
	}
	return nil
}

func (t *traffic) pick(ids []int64) int64 { return ids[t.rng.IntN(len(ids))] }

// act performs one random action.
func (t *traffic) act(ctx context.Context) error {
	u, p := t.pick(t.own), t.pick(t.ownProducts)
	switch x := t.rng.IntN(100); {
	case x < 22:
		return t.call(ctx, Call{Method: http.MethodGet, Path: profilePath(t.pick(t.shared)), Actor: u}, http.StatusOK)
	case x < 34:
		return t.call(ctx, Call{Method: http.MethodGet, Path: profilePath(u), Actor: u}, http.StatusOK)
	case x < 42:
		return t.withJob(ctx, Call{Method: http.MethodPut, Path: profilePath(u), Actor: u,
			Body: map[string]string{"bio": fmt.Sprintf("bio %d", t.rng.IntN(1e6))}})
	case x < 56:
		return t.call(ctx, Call{Method: http.MethodGet, Path: productPath(t.pick(t.sharedProds)), Actor: u}, http.StatusOK)
	case x < 64:
		return t.call(ctx, Call{Method: http.MethodPost, Path: cartPath(u), Actor: u,
			Body: map[string]int64{"product_id": t.pick(t.sharedProds), "qty": int64(1 + t.rng.IntN(3))}}, http.StatusOK)
	case x < 73:
		return t.checkout(ctx, u, x < 70)
	case x < 77:
		return t.call(ctx, Call{Method: http.MethodGet, Path: profilePath(9_000_000 + int64(t.rng.IntN(1000))), Actor: u}, http.StatusNotFound)
	case x < 82:
		return t.reserve(ctx, u, p)
	case x < 87:
		return t.withJob(ctx, Call{Method: http.MethodPut, Path: productPath(p) + "/price", Actor: u,
			Body: map[string]int64{"cents": int64(500 + t.rng.IntN(1000))}})
	case x < 93:
		return t.call(ctx, Call{Method: http.MethodGet, Path: productPath(p), Actor: u}, http.StatusOK)
	default:
		return t.call(ctx, Call{Method: http.MethodGet, Path: "/healthz"}, http.StatusOK)
	}
}

// call makes a call and accepts any of the statuses want.
func (t *traffic) call(ctx context.Context, c Call, want ...int) error {
	t.calls++
	r, err := t.d.Do(ctx, c)
	if err != nil {
		return err
	}
	if !slices.Contains(want, r.Status) {
		return fmt.Errorf("%s %s: status %d (%s), want %v", c.Method, c.Path, r.Status, r.Body, want)
	}
	return nil
}

// checkout checks the cart out; when ok, pricing fails once and the API
// retries, otherwise pricing keeps failing and the checkout fails (502).
// An empty cart is a 409.
func (t *traffic) checkout(ctx context.Context, u int64, ok bool) error {
	token, want := fmt.Sprintf("retry-%s-%d", t.name, t.calls), http.StatusCreated
	if !ok {
		token, want = "always", http.StatusBadGateway
	}
	return t.call(ctx, Call{Method: http.MethodPost, Path: fmt.Sprintf("/cart/%d/checkout", u), Actor: u,
		Headers: map[string]string{"X-Fail-Once": token}}, want, http.StatusConflict)
}

// reserve restocks a product now and then and reserves one.
func (t *traffic) reserve(ctx context.Context, u, p int64) error {
	if t.rng.IntN(3) == 0 {
		if err := t.call(ctx, Call{Method: http.MethodPost, Path: productPath(p) + "/restock", Actor: u,
			Body: map[string]int64{"stock": 20}}, http.StatusOK); err != nil {
			return err
		}
	}
	return t.call(ctx, Call{Method: http.MethodPost, Path: productPath(p) + "/reserve", Actor: u}, http.StatusOK, http.StatusConflict)
}

// withJob makes a call that enqueues a job, then polls GET /jobs/{id}
// every 30 ms until the job is done, and waits 30 ms more: like a user
// whose page waits for the change to apply.
func (t *traffic) withJob(ctx context.Context, c Call) error {
	t.calls++
	r, err := t.d.Do(ctx, c)
	if err != nil {
		return err
	}
	if r.Status != http.StatusAccepted || r.Job == "" {
		return fmt.Errorf("%s %s: status %d (%s), want 202 with a job", c.Method, c.Path, r.Status, r.Body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(30 * time.Millisecond)
		st, err := t.d.Do(ctx, Call{Method: http.MethodGet, Path: "/jobs/" + r.Job, Actor: c.Actor})
		if err != nil {
			return err
		}
		if string(st.Body) == "{\"done\":true}\n" {
			time.Sleep(30 * time.Millisecond)
			return nil
		}
	}
	return fmt.Errorf("job %s not done after 10 s", r.Job)
}
