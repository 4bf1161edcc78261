package shop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/raceline/raceline/testdata/e2e/infra"
	"github.com/raceline/raceline/testdata/e2e/otlpsink"
)

// need skips (or, with RACELINE_REQUIRE_EXTERNAL=1, fails) when err says a
// server program is missing.
func need(t *testing.T, err error) {
	t.Helper()
	var m *infra.MissingError
	if errors.As(err, &m) {
		if os.Getenv("RACELINE_REQUIRE_EXTERNAL") == "1" {
			t.Fatalf("%v (RACELINE_REQUIRE_EXTERNAL=1)", err)
		}
		t.Skipf("SKIPPED: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestSystemServesAndExports starts the whole shop, makes a few calls and
// checks what reached the receiver.
func TestSystemServesAndExports(t *testing.T) {
	ctx := context.Background()
	rd, err := infra.StartRedis(ctx)
	need(t, err)
	t.Cleanup(func() { _ = rd.Stop() })
	pg, err := infra.StartPostgres(ctx)
	need(t, err)
	t.Cleanup(func() { _ = pg.Stop() })
	if err := Migrate(ctx, pg.URL, Seed{Users: 10, Products: 5}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if d := os.Getenv("SHOP_SMOKE_DIR"); d != "" {
		dir = d
	}
	sink, err := otlpsink.Start(otlpsink.PathsIn(dir, "smoke"))
	if err != nil {
		t.Fatal(err)
	}
	sys, err := Start(ctx, Config{RedisAddr: rd.Addr, PostgresURL: pg.URL, Endpoint: sink.Endpoint()})
	if err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		method, path, body string
		want               int
	}{
		{"GET", "/users/1/profile", "", 200},
		{"GET", "/users/1/profile", "", 200},
		{"GET", "/users/99/profile", "", 404},
		{"PUT", "/users/1/profile", `{"bio":"new bio"}`, 202},
		{"GET", "/products/2", "", 200},
		{"GET", "/products/2", "", 200},
		{"POST", "/products/2/restock", `{"stock":3}`, 200},
		{"POST", "/products/2/reserve", ``, 200},
		{"POST", "/cart/1/items", `{"product_id":2,"qty":1}`, 200},
		{"POST", "/cart/1/checkout", ``, 201},
		{"GET", "/healthz", "", 200},
	}
	for _, c := range calls {
		req, _ := http.NewRequest(c.method, sys.APIURL+c.path, strings.NewReader(c.body))
		req.Header.Set(UserHeader, "Bearer user-1")
		req.Header.Set(SessionHeader, "s-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s %s: %d %s, want %d", c.method, c.path, resp.StatusCode, b, c.want)
		}
		if resp.Header.Get("Traceresponse") == "" {
			t.Errorf("%s %s: no traceresponse header", c.method, c.path)
		}
	}
	time.Sleep(300 * time.Millisecond) // let the jobs run
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := sys.Close(cctx); err != nil {
		t.Fatal(err)
	}
	if err := sink.Close(cctx); err != nil {
		t.Fatal(err)
	}
	dump, err := os.ReadFile(sink.Paths().HexJSON)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"host-a"`, `"host-b"`, `"send jobs"`, `"process jobs"`, `"GET /users/{id}/profile"`,
		`get user:1:profile`, `"db.query.text"`, `"enduser.id"`, `"session.id"`, `"messaging.message.id"`} {
		if !bytes.Contains(dump, []byte(want)) {
			t.Errorf("dump lacks %s", want)
		}
	}
	_, spans := sink.Counts()
	fmt.Fprintf(os.Stderr, "smoke: %d spans\n", spans)
}
