package shop

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/trace"
)

// pricingClient calls the pricing service through an otelhttp transport,
// retrying 503 answers.
type pricingClient struct {
	base string
	http *http.Client
}

func newPricingClient(base string, tp trace.TracerProvider) *pricingClient {
	tr := otelhttp.NewTransport(http.DefaultTransport.(*http.Transport).Clone(),
		otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagator))
	return &pricingClient{base: base, http: &http.Client{Transport: tr, Timeout: 5 * time.Second}}
}

// price returns a product's price in cents. failToken is passed on as
// FailOnceHeader.
func (c *pricingClient) price(ctx context.Context, id int64, failToken string) (int64, error) {
	var res struct {
		Cents int64 `json:"cents"`
	}
	err := c.call(ctx, http.MethodGet, fmt.Sprintf("/prices/%d", id), nil, failToken, &res)
	return res.Cents, err
}

// quote returns the total of items in cents.
func (c *pricingClient) quote(ctx context.Context, items []CartItem, failToken string) (int64, error) {
	var res struct {
		Total int64 `json:"total_cents"`
	}
	err := c.call(ctx, http.MethodPost, "/quotes", map[string]any{"items": items}, failToken, &res)
	return res.Total, err
}

// call makes up to three attempts, 10 ms apart, while pricing answers 503.
func (c *pricingClient) call(ctx context.Context, method, path string, body any, failToken string, out any) error {
	var err error
	for attempt := range 3 {
		if attempt > 0 {
			sleep(ctx, 10*time.Millisecond)
		}
		var retry bool
		retry, err = c.once(ctx, method, path, body, failToken, out)
		if !retry {
			return err
		}
	}
	return &httpError{http.StatusBadGateway, fmt.Sprintf("pricing: %v", err)}
}

// once makes one attempt; retry says whether another may help.
func (c *pricingClient) once(ctx context.Context, method, path string, body any, failToken string, out any) (retry bool, err error) {
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return false, err
	}
	if failToken != "" {
		req.Header.Set(FailOnceHeader, failToken)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusServiceUnavailable:
		return true, fmt.Errorf("%s %s: %s", method, path, resp.Status)
	case resp.StatusCode == http.StatusNotFound:
		return false, errNotFound
	case resp.StatusCode != http.StatusOK:
		return false, fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	return false, json.NewDecoder(resp.Body).Decode(out)
}
