// Package bench holds raceline's benchmarks on generated dumps: ingest
// against the OpenTelemetry Collector's pdata decoders, and the whole
// analysis beside ingest, with its scaling; the end-to-end check that
// raceline and pdata read the same spans; the checks that the generator's
// race patterns, and the bundled demo dump, give exactly the findings
// they are meant to; and the pdata side of it all (ReadRecords,
// DecodePdata), which cmd/rss shares. It is a nested module so that pdata
// stays out of raceline's own dependencies; see README.md for the
// commands.
package bench
