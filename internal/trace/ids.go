package trace

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
)

// TraceID is a 16-byte trace identifier. The zero value means "no trace ID"
// and is never valid on a kept span.
type TraceID [16]byte

// SpanID is an 8-byte span identifier. The zero value means "no span", which
// is how a root span's parent is written.
type SpanID [8]byte

// IsZero reports whether id is all zero bytes.
func (id TraceID) IsZero() bool { return id == TraceID{} }

// IsZero reports whether id is all zero bytes.
func (id SpanID) IsZero() bool { return id == SpanID{} }

// String returns the ID as 32 lowercase hex digits.
func (id TraceID) String() string { return hex.EncodeToString(id[:]) }

// String returns the ID as 16 lowercase hex digits.
func (id SpanID) String() string { return hex.EncodeToString(id[:]) }

// MarshalText writes lowercase hex, so IDs are hex in every JSON output.
func (id TraceID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// MarshalText writes lowercase hex, so IDs are hex in every JSON output.
func (id SpanID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// ErrMalformedID is returned by ParseTraceID and ParseSpanID for anything
// that is not the hex form a user would type.
var ErrMalformedID = errors.New("malformed ID")

// ParseTraceID parses what a user types on the command line: 32 hex digits,
// or 16 (a Jaeger/Zipkin short ID, left-padded with zeros), any case.
// The all-zero ID is rejected.
func ParseTraceID(s string) (TraceID, error) {
	var id TraceID
	if (len(s) != 32 && len(s) != 16) || !decodeHex(id[16-len(s)/2:], []byte(s)) || id.IsZero() {
		return TraceID{}, fmt.Errorf("%w: %q is not 16 or 32 hex digits", ErrMalformedID, s)
	}
	return id, nil
}

// ParseSpanID parses 16 hex digits, any case. The all-zero ID is rejected.
func ParseSpanID(s string) (SpanID, error) {
	var id SpanID
	if len(s) != 16 || !decodeHex(id[:], []byte(s)) || id.IsZero() {
		return SpanID{}, fmt.Errorf("%w: %q is not 16 hex digits", ErrMalformedID, s)
	}
	return id, nil
}

// DecodeTraceID applies the input rule of DESIGN §3 to an ID string found in
// a trace file: exactly 32 hex digits are hex; 16 hex digits are hex
// left-padded with zeros only when short is set (Jaeger and Zipkin); anything
// else must be standard base64 of exactly 16 bytes. It reports false for
// anything else, including the all-zero ID.
//
// Unlike protojson, which decodes a 32-digit hex string as base64 into 24
// bytes, a hex ID is never read as base64.
func DecodeTraceID(s []byte, short bool) (TraceID, bool) {
	var id TraceID
	switch {
	case len(s) == 32 && decodeHex(id[:], s):
	case short && len(s) == 16 && decodeHex(id[8:], s):
	case decodeBase64(id[:], s):
	default:
		return TraceID{}, false
	}
	return id, !id.IsZero()
}

// DecodeSpanID is DecodeTraceID for span IDs: 16 hex digits, or base64 of
// exactly 8 bytes; never all zero.
func DecodeSpanID(s []byte) (SpanID, bool) {
	var id SpanID
	switch {
	case len(s) == 16 && decodeHex(id[:], s):
	case decodeBase64(id[:], s):
	default:
		return SpanID{}, false
	}
	return id, !id.IsZero()
}

// TraceIDFromBytes takes a raw binary ID (protobuf): exactly 16 bytes, not
// all zero.
func TraceIDFromBytes(b []byte) (TraceID, bool) {
	var id TraceID
	if len(b) != len(id) {
		return id, false
	}
	copy(id[:], b)
	return id, !id.IsZero()
}

// SpanIDFromBytes takes a raw binary ID (protobuf): exactly 8 bytes, not all
// zero.
func SpanIDFromBytes(b []byte) (SpanID, bool) {
	var id SpanID
	if len(b) != len(id) {
		return id, false
	}
	copy(id[:], b)
	return id, !id.IsZero()
}

func decodeHex(dst, src []byte) bool {
	if len(src) != 2*len(dst) {
		return false
	}
	for i := range dst {
		hi, ok1 := fromHex(src[2*i])
		lo, ok2 := fromHex(src[2*i+1])
		if !ok1 || !ok2 {
			return false
		}
		dst[i] = hi<<4 | lo
	}
	return true
}

// fromHex is a table lookup rather than range checks: the digits of random
// IDs make those branches mispredict, and decoders call this for every
// byte of every ID.
func fromHex(c byte) (byte, bool) {
	v := hexValues[c]
	return v, v != 0xff
}

// hexValues maps each hex digit to its value and every other byte to 0xff.
var hexValues = func() (t [256]byte) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9':
			t[c] = byte(c - '0')
		case 'a' <= c && c <= 'f':
			t[c] = byte(c - 'a' + 10)
		case 'A' <= c && c <= 'F':
			t[c] = byte(c - 'A' + 10)
		default:
			t[c] = 0xff
		}
	}
	return t
}()

// decodeBase64 decodes standard base64 (padded, as protojson writes it)
// into dst, which it must fill exactly.
func decodeBase64(dst, src []byte) bool {
	if base64.StdEncoding.EncodedLen(len(dst)) != len(src) {
		return false
	}
	var buf [24]byte
	n, err := base64.StdEncoding.Decode(buf[:], src)
	if err != nil || n != len(dst) {
		return false
	}
	copy(dst, buf[:n])
	return true
}
