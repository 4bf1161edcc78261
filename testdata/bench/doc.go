// Package bench holds raceline's ingest benchmarks against the
// OpenTelemetry Collector's pdata decoders, and the end-to-end check that
// raceline and pdata read the same spans from a generated dump. It is a
// nested module so that pdata stays out of raceline's own dependencies.
package bench
