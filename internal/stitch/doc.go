// Package stitch turns the spans of a trace.Store into what the later steps
// reason about: span trees (built iteratively, whatever the depth), counted
// anomalies and orphans, the units of DESIGN §5 (requests, jobs, and the
// trace unit of a cron or script), the producer → consumer joins that tie a
// job to the request that enqueued it, and per-request timelines.
//
// The work is split along the partitions of DESIGN §1: BuildTree is a pure
// function of one trace (tree, anomalies, units); the join of jobs to their
// enqueues is a separate step over all trees; Stitch composes the two in
// memory. Output never depends on map iteration order or on the number of
// workers.
package stitch
