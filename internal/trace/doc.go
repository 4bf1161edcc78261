// Package trace is the span model every raceline step shares: IDs as fixed
// arrays, raw int64 nanosecond times, interned strings, the host key of
// DESIGN §5 computed at decode time, and the Store that groups spans by trace.
//
// Nothing here reads input or writes output; ingest fills a Store, and every
// later step reads it.
package trace
