package shop

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// The hosts the services claim to run on (resource host.name).
const (
	HostA = "host-a" // api
	HostB = "host-b" // pricing, worker
)

// Config says where the system's backends and the trace receiver are.
type Config struct {
	RedisAddr   string // host:port of redis-server
	PostgresURL string // pgx connection string
	Endpoint    string // host:port of the OTLP/HTTP receiver
	// Extra span processors are added to every TracerProvider (e.g. a
	// test's recorder of ground truth).
	Extra []sdktrace.SpanProcessor
}

// System is the running shop. APIURL is the only address users need.
type System struct {
	APIURL string

	providers  []*sdktrace.TracerProvider
	apiSrv     *http.Server
	pricingSrv *http.Server
	worker     *worker
	pools      []*pgxpool.Pool
	clients    []*redis.Client
}

// Start starts pricing, the worker and the API on loopback ports. On
// error, whatever was started is closed again.
func Start(ctx context.Context, cfg Config) (sys *System, err error) {
	s := &System{}
	defer func() {
		if err != nil {
			_ = s.Close(context.Background())
		}
	}()
	pricingURL, err := s.startPricing(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := s.startWorker(ctx, cfg, pricingURL); err != nil {
		return nil, err
	}
	if s.APIURL, err = s.startAPI(ctx, cfg, pricingURL); err != nil {
		return nil, err
	}
	return s, nil
}

// backends opens a traced pool and a traced Redis client (when redis is
// true) for one service.
func (s *System) backends(ctx context.Context, cfg Config, service, host string, redis bool) (*sdktrace.TracerProvider, *pgxpool.Pool, *redis.Client, error) {
	tp, err := newProvider(ctx, service, host, cfg.Endpoint, cfg.Extra...)
	if err != nil {
		return nil, nil, nil, err
	}
	s.providers = append(s.providers, tp)
	db, err := openPool(ctx, cfg.PostgresURL, tp)
	if err != nil {
		return nil, nil, nil, err
	}
	s.pools = append(s.pools, db)
	if !redis {
		return tp, db, nil, nil
	}
	rdb, err := openRedis(cfg.RedisAddr, tp)
	if err != nil {
		return nil, nil, nil, err
	}
	s.clients = append(s.clients, rdb)
	return tp, db, rdb, nil
}

func (s *System) startPricing(ctx context.Context, cfg Config) (string, error) {
	tp, db, _, err := s.backends(ctx, cfg, "pricing", HostB, false)
	if err != nil {
		return "", err
	}
	p := &pricing{db: db, failed: map[string]bool{}}
	var url string
	s.pricingSrv, url, err = serve(otelhttp.NewHandler(traceResponse(p.routes()), "pricing",
		otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagator)))
	return url, err
}

func (s *System) startWorker(ctx context.Context, cfg Config, pricingURL string) error {
	tp, db, rdb, err := s.backends(ctx, cfg, "worker", HostB, true)
	if err != nil {
		return err
	}
	tracer := tp.Tracer("github.com/raceline/raceline/testdata/e2e/shop")
	s.worker = &worker{rdb: rdb, db: db, pricing: newPricingClient(pricingURL, tp),
		queue: &queue{rdb: rdb, tracer: tracer}, tracer: tracer,
		stop: make(chan struct{}), done: make(chan struct{})}
	go s.worker.run()
	return nil
}

func (s *System) startAPI(ctx context.Context, cfg Config, pricingURL string) (string, error) {
	tp, db, rdb, err := s.backends(ctx, cfg, "api", HostA, true)
	if err != nil {
		return "", err
	}
	tracer := tp.Tracer("github.com/raceline/raceline/testdata/e2e/shop")
	a := &api{rdb: rdb, db: db, pricing: newPricingClient(pricingURL, tp), queue: &queue{rdb: rdb, tracer: tracer}}
	var url string
	s.apiSrv, url, err = serve(otelhttp.NewHandler(traceResponse(identify(a.routes())), "api",
		otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagator)))
	return url, err
}

// serve serves h on a free loopback port and returns its base URL.
func serve(h http.Handler) (*http.Server, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv, "http://" + ln.Addr().String(), nil
}

// Close stops the API first (no new work), then the worker (waiting for
// jobs in progress), then pricing; closes the clients; and finally shuts
// the TracerProviders down, which exports every span still buffered.
func (s *System) Close(ctx context.Context) error {
	var errs []error
	shutdown := func(srv *http.Server) {
		if srv != nil {
			errs = append(errs, srv.Shutdown(ctx))
		}
	}
	shutdown(s.apiSrv)
	if s.worker != nil {
		s.worker.shutdown()
	}
	shutdown(s.pricingSrv)
	for _, c := range s.clients {
		errs = append(errs, c.Close())
	}
	for _, p := range s.pools {
		p.Close()
	}
	for _, tp := range s.providers {
		errs = append(errs, tp.Shutdown(ctx))
	}
	return errors.Join(errs...)
}
