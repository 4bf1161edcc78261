// Package cli is raceline's command line: cobra commands that turn flags
// into an options struct and call a run function with injected streams,
// the pipeline wiring the commands share (load → stitch → clock → ops →
// detect, in pipeline.go), and the one mapping from errors to stderr text
// and exit codes (DESIGN §2).
package cli
