// Package infra starts the real servers the e2e shop runs on — a
// redis-server and a PostgreSQL cluster — each on a free loopback port in
// a temporary directory, and stops them again.
//
// Every server runs in its own process group with a parent-death signal,
// so it dies with the test binary even when a deferred cleanup never runs
// (a test timeout). Stop kills the whole group.
package infra
