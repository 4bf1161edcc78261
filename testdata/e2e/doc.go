// Package e2e proves raceline on a real instrumented system: its test
// runs the shop (package shop) on a real redis-server and PostgreSQL,
// plants every race raceline must report and the near-misses it must
// not, runs the raceline binary on the dump the OTLP/HTTP exporter
// delivered, and scores the findings against the ground truth — also
// after shifting one host's clock and after head sampling. See README.md.
package e2e
