// Command shopdump runs the e2e shop — a real redis-server and PostgreSQL,
// the api, pricing and worker services instrumented with OpenTelemetry —
// through every scenario, and writes a fresh trace dump with its ground
// truth:
//
//	DIR/shop.otlp.jsonl       OTLP JSON lines (protojson: base64 IDs)
//	DIR/shop.hex.otlp.jsonl   OTLP JSON lines as the Collector writes them (hex IDs)
//	DIR/shop.otlp.pb          length-prefixed protobuf (the file exporter's framing)
//	DIR/shop.truth.json       which request each planted race must flag
//
// Usage:
//
//	go run ./cmd/shopdump [-o DIR] [-seed N] [-reps N] [-parallel N] [-traffic N] [-v]
//
// It needs the Debian packages redis-server and postgresql.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/raceline/raceline/testdata/e2e/harness"
	"github.com/raceline/raceline/testdata/e2e/scenario"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("shopdump: ")
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	dir := flag.String("o", ".", "directory to write the dump into")
	o := scenario.Options{}
	flag.Int64Var(&o.Seed, "seed", 1, "seed of every random choice")
	flag.IntVar(&o.Reps, "reps", 3, "instances of each scenario")
	flag.IntVar(&o.Parallel, "parallel", 3, "instances running at once")
	flag.IntVar(&o.Traffic, "traffic", 2, "workers of ordinary traffic")
	verbose := flag.Bool("v", false, "log each scenario instance")
	flag.Parse()
	if flag.NArg() != 0 || o.Reps < 1 || o.Parallel < 1 || o.Traffic < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if *verbose {
		o.Logf = log.Printf
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b, err := harness.StartBackends(ctx)
	if err != nil {
		return err
	}
	defer b.Stop()
	res, err := harness.Run(ctx, b, *dir, "shop", o)
	if err != nil {
		return err
	}
	valid := 0
	for _, c := range res.Set.Cases {
		if c.Valid {
			valid++
		}
	}
	fmt.Printf("%d spans in %s (%.1fs); %d of %d scenario instances valid; truth in %s\n",
		res.Spans, res.Paths.JSON, res.Elapsed.Seconds(), valid, len(res.Set.Cases), res.Truth)
	return nil
}
