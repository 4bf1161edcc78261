package ingest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/raceline/raceline/internal/trace"
)

// Trace and span IDs in OTLP JSON, why one cannot be used, and how input
// text is shown in messages.

// traceID decodes a trace ID, or says why it cannot be used.
func traceID(b []byte) (trace.TraceID, string) {
	if id, ok := trace.DecodeTraceID(b, false); ok {
		return id, ""
	}
	return trace.TraceID{}, idProblem("trace ID", b, 16, "32 hex digits or base64 of 16 bytes")
}

// spanID decodes a span ID, or says why it cannot be used.
func spanID(b []byte) (trace.SpanID, string) {
	if id, ok := trace.DecodeSpanID(b); ok {
		return id, ""
	}
	return trace.SpanID{}, idProblem("span ID", b, 8, "16 hex digits or base64 of 8 bytes")
}

// parentID decodes a parent span ID: empty or all zero means no parent.
func parentID(b []byte) (trace.SpanID, string) {
	id, ok := trace.DecodeSpanID(b)
	if ok || len(b) == 0 || isZeroID(b, 8) {
		return id, ""
	}
	return id, fmt.Sprintf("parent span ID %s is not 16 hex digits or base64 of 8 bytes", clip(b, true))
}

func idProblem(what string, b []byte, size int, forms string) string {
	switch {
	case len(b) == 0:
		return "no " + what
	case isZeroID(b, size):
		return fmt.Sprintf("%s %s is all zeros", what, clip(b, true))
	}
	return fmt.Sprintf("%s %s is not %s", what, clip(b, true), forms)
}

// isZeroID reports whether b is the hex or base64 form of size zero bytes.
func isZeroID(b []byte, size int) bool {
	if len(b) == 2*size {
		return len(bytes.Trim(b, "0")) == 0
	}
	if len(b) != base64.StdEncoding.EncodedLen(size) {
		return false
	}
	var buf [24]byte
	n, err := base64.StdEncoding.Decode(buf[:], b)
	return err == nil && n == size && bytes.Count(buf[:n], []byte{0}) == n
}

// clip formats input text for a message: quoted if asked (else with
// invalid UTF-8 replaced), and cut short at a character boundary.
func clip(b []byte, quote bool) string {
	const limit = 64
	cut := ""
	if len(b) > limit {
		n := limit
		for n > 0 && !utf8.RuneStart(b[n]) {
			n--
		}
		b, cut = b[:n], "…"
	}
	if quote {
		return strconv.Quote(string(b)) + cut
	}
	return strings.ToValidUTF8(string(b), "\uFFFD") + cut
}
