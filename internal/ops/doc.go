// Package ops derives state operations from spans (DESIGN §5): cache
// reads (hit or miss), fills, writes, invalidations and atomic commands on
// cache keys, and reads and writes of the source of truth. It only derives;
// stitch has already decided which request or job every span belongs to.
// Derivation is a pure function of one stitched trace.
package ops
