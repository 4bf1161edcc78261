package shop

import (
	"context"
	"fmt"

	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/trace"
)

// Seed sizes the data Migrate creates: users 1..Users, products
// 1..Products.
type Seed struct {
	Users, Products int
}

const schema = `
DROP TABLE IF EXISTS users, products, orders, audit, job_runs;
CREATE TABLE users (
	id bigint PRIMARY KEY,
	name text NOT NULL,
	email text NOT NULL,
	bio text NOT NULL DEFAULT '',
	version int NOT NULL DEFAULT 1,
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE products (
	id bigint PRIMARY KEY,
	title text NOT NULL,
	price_cents bigint NOT NULL,
	stock int NOT NULL
);
CREATE TABLE orders (
	id bigserial PRIMARY KEY,
	user_id bigint NOT NULL,
	total_cents bigint NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE audit (
	id bigserial PRIMARY KEY,
	subject text NOT NULL,
	note text NOT NULL,
	at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE job_runs (
	id text PRIMARY KEY,
	type text NOT NULL,
	finished_at timestamptz NOT NULL DEFAULT now()
);`

// Migrate creates the schema and the seed data. It is the harness, not
// the system: it runs untraced.
func Migrate(ctx context.Context, url string, s Seed) error {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, schema); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	if _, err := c.Exec(ctx, `INSERT INTO users (id, name, email, bio)
		SELECT i, 'User ' || i, 'user' || i || '@example.com', 'Hello, I am user ' || i FROM generate_series(1, $1::int) AS i`, s.Users); err != nil {
		return fmt.Errorf("seed users: %w", err)
	}
	if _, err := c.Exec(ctx, `INSERT INTO products (id, title, price_cents, stock)
		SELECT i, 'Enamel mug no. ' || i, 500 + i * 7, 1000 FROM generate_series(1, $1::int) AS i`, s.Products); err != nil {
		return fmt.Errorf("seed products: %w", err)
	}
	return nil
}

// openPool returns a pgx pool whose queries are traced by otelpgx with tp.
func openPool(ctx context.Context, url string, tp trace.TracerProvider) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 8
	cfg.ConnConfig.Tracer = otelpgx.NewTracer(otelpgx.WithTracerProvider(tp))
	return pgxpool.NewWithConfig(ctx, cfg)
}
