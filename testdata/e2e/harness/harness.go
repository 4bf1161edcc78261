// Package harness runs the shop end to end: the backends, the receiver,
// the three services and the scenarios, and leaves a dump and its ground
// truth on disk. The e2e test and cmd/shopdump share it.
package harness

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/raceline/raceline/testdata/e2e/infra"
	"github.com/raceline/raceline/testdata/e2e/otlpsink"
	"github.com/raceline/raceline/testdata/e2e/scenario"
	"github.com/raceline/raceline/testdata/e2e/shop"
	"github.com/raceline/raceline/testdata/e2e/truth"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Backends are the running redis-server and PostgreSQL.
type Backends struct {
	Redis    *infra.Redis
	Postgres *infra.Postgres
}

// StartBackends starts both servers. On error nothing is left running.
// The error is an *infra.MissingError when a program is not installed.
func StartBackends(ctx context.Context) (*Backends, error) {
	if _, err := infra.FindRedis(); err != nil {
		return nil, err
	}
	if _, err := infra.FindPostgres(); err != nil {
		return nil, err
	}
	r, err := infra.StartRedis(ctx)
	if err != nil {
		return nil, err
	}
	pg, err := infra.StartPostgres(ctx)
	if err != nil {
		_ = r.Stop()
		return nil, err
	}
	return &Backends{Redis: r, Postgres: pg}, nil
}

// Stop stops both servers; it is safe to call more than once.
func (b *Backends) Stop() error {
	return errors.Join(b.Redis.Stop(), b.Postgres.Stop())
}

// Result is what a run left on disk.
type Result struct {
	Paths   otlpsink.Paths // the dump, three ways
	Truth   string         // the ground truth (JSON)
	Set     *truth.Set
	Spans   int
	Elapsed time.Duration
}

// Run seeds the database, starts the receiver and the shop, runs the
// scenarios, shuts everything down (exporting every span) and writes
// <dir>/<base>.* and <dir>/<base>.truth.json.
func Run(ctx context.Context, b *Backends, dir, base string, o scenario.Options) (*Result, error) {
	start := time.Now()
	if err := shop.Migrate(ctx, b.Postgres.URL, scenario.SeedSize(o)); err != nil {
		return nil, err
	}
	sink, err := otlpsink.Start(otlpsink.PathsIn(dir, base))
	if err != nil {
		return nil, err
	}
	rec := scenario.NewRecorder()
	sys, err := shop.Start(ctx, shop.Config{RedisAddr: b.Redis.Addr, PostgresURL: b.Postgres.URL,
		Endpoint: sink.Endpoint(), Extra: []sdktrace.SpanProcessor{rec}})
	if err != nil {
		return nil, errors.Join(err, sink.Close(ctx))
	}
	set, runErr := scenario.Run(ctx, scenario.NewDriver(sys.APIURL), rec, o)
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	closeErr := errors.Join(sys.Close(cctx), sink.Close(cctx))
	if err := errors.Join(runErr, closeErr); err != nil {
		return nil, err
	}
	res := &Result{Paths: sink.Paths(), Truth: filepath.Join(dir, base+".truth.json"), Set: set, Elapsed: time.Since(start)}
	_, res.Spans = sink.Counts()
	if res.Spans == 0 {
		return nil, fmt.Errorf("no spans reached the receiver")
	}
	return res, set.Save(res.Truth)
}
