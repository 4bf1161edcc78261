// Package bench holds raceline's ingest benchmarks against the
// OpenTelemetry Collector's pdata decoders, the end-to-end check that
// raceline and pdata read the same spans from a generated dump, and the
// pdata side of both (ReadRecords, DecodePdata), which cmd/rss shares. It
// is a nested module so that pdata stays out of raceline's own
// dependencies; see README.md for the commands.
package bench
