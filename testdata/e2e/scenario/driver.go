package scenario

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/raceline/raceline/testdata/e2e/shop"
	"go.opentelemetry.io/otel/trace"
)

// Driver calls the API as the shop's users' browsers would: plain HTTP,
// no tracing of its own.
type Driver struct {
	base   string
	client *http.Client
}

// NewDriver returns a Driver for the API at base (e.g. http://127.0.0.1:8080).
func NewDriver(base string) *Driver {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32
	return &Driver{base: base, client: &http.Client{Transport: tr, Timeout: 15 * time.Second}}
}

// Call is one request.
type Call struct {
	Method, Path string
	Actor        int64  // the signed-in user; 0 is anonymous
	Device       string // tells apart sessions of one user
	Body         any    // sent as JSON when not nil
	Headers      map[string]string
	// Unsampled sends a traceparent whose sampled flag is off: head
	// sampling drops the request's whole trace, including the enqueue.
	Unsampled bool
}

// Reply is the answer to a Call.
type Reply struct {
	Status int
	Trace  trace.TraceID // from the traceresponse header
	Body   []byte
	Job    string // the "job" field of a JSON body, if any
}

// Do makes the call. An error means no usable answer (transport error,
// or no traceresponse header); any status is an answer.
func (d *Driver) Do(ctx context.Context, c Call) (Reply, error) {
	req, err := d.request(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return Reply{}, err
	}
	defer resp.Body.Close()
	r := Reply{Status: resp.StatusCode}
	if r.Body, err = io.ReadAll(resp.Body); err != nil {
		return r, err
	}
	if r.Trace, err = parseTraceResponse(resp.Header.Get("Traceresponse")); err != nil {
		return r, fmt.Errorf("%s %s: %w", c.Method, c.Path, err)
	}
	var body struct {
		Job string `json:"job"`
	}
	if json.Unmarshal(r.Body, &body) == nil {
		r.Job = body.Job
	}
	return r, nil
}

func (d *Driver) request(ctx context.Context, c Call) (*http.Request, error) {
	var body io.Reader
	if c.Body != nil {
		b, err := json.Marshal(c.Body)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, c.Method, d.base+c.Path, body)
	if err != nil {
		return nil, err
	}
	if c.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Actor != 0 {
		req.Header.Set(shop.UserHeader, fmt.Sprintf("Bearer user-%d", c.Actor))
		req.Header.Set(shop.SessionHeader, fmt.Sprintf("sess-%d-%s", c.Actor, c.Device))
	}
	for k, v := range c.Headers {
		req.Header.Set(k, v)
	}
	if c.Unsampled {
		req.Header.Set("Traceparent", "00-"+randomHex(16)+"-"+randomHex(8)+"-00")
	}
	return req, nil
}

// parseTraceResponse reads the trace ID of a traceresponse header,
// "00-<trace>-<span>-<flags>".
func parseTraceResponse(h string) (trace.TraceID, error) {
	parts := strings.Split(h, "-")
	if len(parts) != 4 {
		return trace.TraceID{}, fmt.Errorf("bad traceresponse header %q", h)
	}
	return trace.TraceIDFromHex(parts[1])
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
