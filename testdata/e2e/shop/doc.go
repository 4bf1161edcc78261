// Package shop is a small multi-service system instrumented the way
// production Go code is, with the libraries unmodified:
//
//   - api (host-a): the HTTP API, otelhttp server; Redis as the cache
//     (go-redis v9 with redisotel), PostgreSQL as the source of truth (pgx
//     v5 with otelpgx); calls pricing through an otelhttp client; enqueues
//     jobs.
//   - pricing (host-b): an HTTP service called by api and worker.
//   - worker (host-b): consumes the job queue, a Redis list (LPUSH/BRPOP).
//
// Each service has its own TracerProvider and resource (service.name and
// host.name) and exports through the OTLP/HTTP exporter. Jobs carry W3C
// trace context in their payload: enqueueing is a PRODUCER span "send
// jobs", processing a CONSUMER span "process jobs" that starts a new trace
// with a span link to the producer.
//
// Requests may carry debug headers (see debug.go) that insert deliberate
// delays, so that scenarios can time races precisely.
package shop
