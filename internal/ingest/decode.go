package ingest

import "github.com/raceline/raceline/internal/trace"

// batch collects what one worker decoded from one record, or from several
// records in order. The pipeline appends it to the store in input order.
type batch struct {
	spans []trace.Span
	drops []drop
}

// drop is a span that a decoder could not use.
type drop struct {
	reason string // DropInvalidTraceID, DropInvalidSpanID or DropEndBeforeStart
	detail string // what was wrong, e.g. `trace ID "abc" is not 32 hex digits or base64 of 16 bytes`
}

// recordDecoder decodes one record of one format: it appends the spans it
// could use to b.spans and the ones it could not to b.drops. On error the
// caller discards whatever the call appended (the whole record is skipped).
//
// rec is only valid during the call; a decoder must copy what it keeps
// (strings through the Interner). A recordDecoder is used by one goroutine
// at a time; each worker makes its own.
type recordDecoder interface {
	decode(rec []byte, b *batch) error
}

// decoderEnv is what every format decoder is built from.
type decoderEnv struct {
	strs *trace.Interner // intern every kept string through this
	keep trace.KeySet    // attribute keys to keep; others are skipped unread
}

// checkSpan applies the drop rules every format shares, returning the drop
// reason or "" when the span is usable. IDs are checked by the decoders,
// which know what the input looked like.
func checkTimes(sp *trace.Span) string {
	if sp.End < sp.Start {
		return DropEndBeforeStart
	}
	return ""
}
