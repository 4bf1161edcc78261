// Package ingest reads trace dumps into a trace.Store: it walks files,
// directories and stdin, sniffs compression (magic bytes) and format
// (content, never the name), splits the stream into records, decodes them in
// parallel with one decoder per format, and appends the spans to the store in
// input order. Every record that cannot be decoded is skipped with its
// location and a reason from a closed list, and counted.
package ingest
