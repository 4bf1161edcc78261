// Package clock bounds the clock offsets between hosts (DESIGN §6) and
// judges orderings of events on different hosts with a confidence.
//
// Sign: offset(h) = clock(h) − clock(reference), so corrected time =
// raw − offset. Raw span times are never rewritten: the model only
// annotates them with offsets and bounds, and detection reasons over the
// bounds (intervals), never over one corrected number.
//
// The work follows the partitions of DESIGN §1: Pairs and LinkPairs are
// pure functions of one trace (the observations it gives); each host
// pair's observations are fitted on their own (offset a + b·t, a convex
// set of feasible (a, b), outliers set aside); Estimate then combines the
// host pairs as difference constraints over the host graph, per time
// bucket. A Model is immutable once built and safe for concurrent use.
package clock
