package infra

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// need skips (or, with RACELINE_REQUIRE_EXTERNAL=1, fails) when err says a
// server program is missing.
func need(t *testing.T, err error) {
	t.Helper()
	var m *MissingError
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

func TestRedisStartsAndStops(t *testing.T) {
	_, err := FindRedis()
	need(t, err)
	r, err := StartRedis(context.Background())
	need(t, err)
	t.Cleanup(func() { _ = r.Stop() })
	if err := ping(r.Addr); err != nil {
		t.Fatal(err)
	}
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := ping(r.Addr); err == nil {
		t.Fatal("redis still answers after Stop")
	}
	if _, err := os.Stat(r.dir); !os.IsNotExist(err) {
		t.Fatalf("directory %s left behind: %v", r.dir, err)
	}
}

func TestPostgresStartsAndStops(t *testing.T) {
	_, err := FindPostgres()
	need(t, err)
	pg, err := StartPostgres(context.Background())
	need(t, err)
	t.Cleanup(func() { _ = pg.Stop() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := c.QueryRow(ctx, "SELECT 1 + 1").Scan(&n); err != nil || n != 2 {
		t.Fatalf("SELECT 1 + 1 = %d, %v", n, err)
	}
	_ = c.Close(ctx)
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := pgx.Connect(ctx, pg.URL); err == nil {
		t.Fatal("postgres still accepts connections after Stop")
	}
}

func TestMissingErrorNamesThePackage(t *testing.T) {
	got := (&MissingError{Program: "redis-server", Package: "redis-server"}).Error()
	want := "redis-server not found: install the Debian package redis-server (CI installs it)"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestSortVersionDirs(t *testing.T) {
	dirs := []string{"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/9/bin", "/usr/lib/postgresql/16/bin"}
	sortVersionDirs(dirs)
	want := []string{"/usr/lib/postgresql/9/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin"}
	for i := range want {
		if dirs[i] != want[i] {
			t.Fatalf("got %v, want %v", dirs, want)
		}
	}
}
