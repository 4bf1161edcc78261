// Package scenario drives the shop like its users would, with timing
// controlled to the millisecond: the races each raceline rule must
// report, the near-misses it must not, and ordinary traffic around them.
//
// Ground truth is taken as the scenarios run: trace IDs from the
// traceresponse header (the server span's own context) and from a span
// processor (Recorder) that sees every span the SDK records. The same
// spans give the margins actually achieved: an instance whose real timing
// missed a planned margin is marked invalid rather than silently scored.
package scenario
