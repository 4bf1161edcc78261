package ingest

import (
	"fmt"
	"strconv"
	"strings"
)

// Reasons a record is skipped: the closed list of DESIGN §3, documented in
// the README. A skipped record loses all of its spans.
const (
	ReasonMalformedJSON     = "malformed-json"     // not valid JSON
	ReasonMalformedProtobuf = "malformed-protobuf" // not a valid protobuf TracesData
	ReasonMalformedZstd     = "malformed-zstd"     // a zstd-compressed frame that does not decompress
	ReasonSchemaMismatch    = "schema-mismatch"    // valid JSON, but not shaped like the file's trace format
	ReasonRecordTooLarge    = "record-too-large"   // longer than --max-record-size
	ReasonTruncatedRecord   = "truncated-record"   // a half-written last line or frame
	ReasonTruncatedStream   = "truncated-stream"   // a damaged compressed stream: the rest of the file
)

// Reasons a span inside a decoded record is dropped.
const (
	DropInvalidTraceID = "invalid-trace-id" // empty, malformed or all-zero trace ID
	DropInvalidSpanID  = "invalid-span-id"  // empty, malformed or all-zero span ID, or a malformed parent ID
	DropEndBeforeStart = "end-before-start" // end time earlier than start time
	DropNoTimestamp    = "no-timestamp"     // a Zipkin span without a timestamp (an incomplete half)
)

// Location says where a record is: the file, and the line (JSON lines, in
// the decompressed stream) or the frame (length-prefixed records), with the
// byte offset of its first byte in the decompressed stream. Line and Frame
// count from 1; 0 means "not applicable". Offset is -1 when unknown.
type Location struct {
	Path   string
	Line   int64
	Frame  int64
	Offset int64
}

// String formats the location as file:line, or file: frame N at byte M.
func (l Location) String() string {
	var b strings.Builder
	b.WriteString(l.Path)
	switch {
	case l.Line > 0:
		b.WriteString(":" + strconv.FormatInt(l.Line, 10))
	case l.Frame > 0:
		fmt.Fprintf(&b, ": frame %d", l.Frame)
		if l.Offset >= 0 {
			fmt.Fprintf(&b, " at byte %d", l.Offset)
		}
	case l.Offset >= 0:
		fmt.Fprintf(&b, ": byte %d", l.Offset)
	}
	return b.String()
}

// RecordError is a skipped record or a dropped span: where, which reason
// of the closed lists above, and a sentence saying what was expected and
// what was found. Under --strict the first one ends the run.
type RecordError struct {
	Loc     Location
	Reason  string
	Detail  string
	Dropped bool // a dropped span rather than a skipped record
}

func (e *RecordError) Error() string {
	what := "skipped record"
	if e.Dropped {
		what = "dropped span"
	}
	return fmt.Sprintf("%s: %s (%s): %s", e.Loc, what, e.Reason, e.Detail)
}

// decodeError is what a format decoder returns for a record it cannot
// decode: a reason from the list above, the byte offset inside the record
// where decoding stopped, and what was wrong there.
type decodeError struct {
	reason string
	off    int
	msg    string
}

func (e *decodeError) Error() string {
	return fmt.Sprintf("%s at byte %d of the record", e.msg, e.off)
}

func errorf(reason string, off int, format string, args ...any) *decodeError {
	return &decodeError{reason: reason, off: off, msg: fmt.Sprintf(format, args...)}
}
