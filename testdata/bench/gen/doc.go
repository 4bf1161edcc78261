// Package gen generates realistic, Collector-shaped OTLP trace dumps for
// raceline's benchmarks and demo: the traffic of a small shop (an HTTP API,
// a pricing service and a job worker, with Redis, PostgreSQL and a job
// queue), batched and encoded exactly as the OpenTelemetry Collector's
// file exporter writes it.
//
// Output is a pure function of the Config: the same seed, topology and
// limits give the same bytes, on any machine.
//
// How a dump is made, in order:
//   - scenario code (shop.go, routes.go, scripted.go, jobs.go) turns each
//     visit into a trace, and each enqueued job into a new trace whose
//     CONSUMER root links back to its PRODUCER span; visits are random
//     traffic, merged with scripted ones: Config.Script, and the race
//     patterns of races.go and nearmiss.go that Config.Races names;
//   - finished spans wait in a heap until nothing earlier can still be
//     generated (pipeline.go), then go through a per-instance SDK batch
//     processor and a Collector batch processor, which is what spreads
//     traces over several lines;
//   - each Collector batch becomes one ptrace.Traces, encoded by a Sink.
//
// Everything is single-goroutine; a generator is not safe for concurrent
// use.
package gen
