package ingest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
)

// decoderKind picks the recordDecoder for a file's records.
type decoderKind uint8

const (
	decOTLPJSON decoderKind = iota
	decOTLPProto
	decJaeger
	decZipkin
	numDecoders
)

// framing is how a file's stream is cut into records.
type framing uint8

const (
	frameLines    framing = iota // JSON lines
	frameLength                  // 4-byte big-endian length, then the payload
	frameArray                   // the elements of one top-level JSON array (Jaeger data, Zipkin)
	frameDocument                // the whole stream is one record
)

// sniffed is what the first bytes of a decompressed stream say about it.
type sniffed struct {
	format  string // the name shown in stats
	dec     decoderKind
	framing framing
	// arrayKey is the key of the streamed array in a frameArray document
	// ("data" for Jaeger); empty for a top-level array.
	arrayKey string
}

var (
	bom       = []byte("\xef\xbb\xbf")
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
	gzipMagic = []byte{0x1f, 0x8b}
)

// errEmpty is a file with no bytes at all (after decompression).
var errEmpty = errors.New("empty file")

// sniffPeek is how much of a stream sniffing may look at.
const sniffPeek = 1 << 20

// sniffFormat decides the format of a decompressed stream from its first
// bytes, never from a file name. It consumes a leading UTF-8 BOM.
func sniffFormat(r *bufio.Reader) (sniffed, error) {
	if p, _ := r.Peek(len(bom)); bytes.Equal(p, bom) {
		r.Discard(len(bom))
	}
	p, err := r.Peek(sniffPeek)
	if err != nil && len(p) == 0 && !errors.Is(err, io.EOF) {
		return sniffed{}, err // a damaged stream with something to sniff fails later, at its place
	}
	t := bytes.TrimLeft(p, " \t\r\n")
	switch {
	case len(p) == 0:
		return sniffed{}, errEmpty
	case len(t) > 0 && (t[0] == '{' || t[0] == '['):
		return sniffJSON(p)
	case p[0] == 0x0a:
		return sniffed{format: "otlp-proto", dec: decOTLPProto, framing: frameDocument}, nil
	case looksFramed(p):
		return sniffed{format: "otlp-framed", dec: decOTLPProto, framing: frameLength}, nil
	}
	return sniffed{}, ErrNotTraceData
}

// looksFramed reports whether p starts with a plausible length-prefixed
// record: a non-zero length and a payload that starts like protobuf
// TracesData, a zstd frame or JSON.
func looksFramed(p []byte) bool {
	if len(p) < 5 || binary.BigEndian.Uint32(p) == 0 {
		return false
	}
	return p[4] == 0x0a || p[4] == '{' || bytes.HasPrefix(p[4:], zstdMagic)
}

// sniffJSON tells JSON lines from a single document: a stream whose first
// or second non-blank line is a complete JSON value is JSON lines.
func sniffJSON(p []byte) (sniffed, error) {
	lines := 0
	for rest := p; len(rest) > 0 && lines < 2; {
		line, tail, found := bytes.Cut(rest, []byte{'\n'})
		rest = tail
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		lines++
		if (found || len(p) < sniffPeek) && json.Valid(line) {
			dec, format, ok := shapeOf(line)
			if !ok {
				return sniffed{}, ErrNotTraceData
			}
			if dec == decOTLPJSON {
				format = "otlp-jsonl"
			}
			return sniffed{format: format, dec: dec, framing: frameLines}, nil
		}
	}
	return sniffDocument(p)
}

// sniffDocument looks at the start of a single JSON document: a top-level
// array (Zipkin) or a Jaeger {"data": [...]} is streamed element by element;
// anything else is read whole.
func sniffDocument(p []byte) (sniffed, error) {
	d := json.NewDecoder(bytes.NewReader(p))
	tok, err := d.Token()
	if err != nil {
		return sniffed{}, ErrNotTraceData
	}
	if tok == json.Delim('[') {
		return sniffed{format: "zipkin-json", dec: decZipkin, framing: frameArray}, nil
	}
	key, err := d.Token()
	if err != nil {
		return sniffed{}, ErrNotTraceData
	}
	if key == "data" {
		return sniffed{format: "jaeger-json", dec: decJaeger, framing: frameArray, arrayKey: "data"}, nil
	}
	if len(p) < sniffPeek { // the whole document is here: check its shape now
		dec, format, ok := shapeOf(bytes.TrimSpace(p))
		if !ok {
			return sniffed{}, ErrNotTraceData
		}
		return sniffed{format: format, dec: dec, framing: frameDocument}, nil
	}
	return sniffed{format: "otlp-json", dec: decOTLPJSON, framing: frameDocument}, nil
}

// shapeOf names the trace format of one JSON value from its top-level keys.
func shapeOf(v []byte) (decoderKind, string, bool) {
	if len(v) > 0 && v[0] == '[' {
		return decZipkin, "zipkin-json", true
	}
	keys := topLevelKeys(v)
	has := func(k string) bool { _, ok := keys[k]; return ok }
	switch {
	case has("resourceSpans") || has("resource_spans") || has("batches") || has("trace") || has("result"):
		return decOTLPJSON, "otlp-json", true
	case has("data") || (has("traceID") && has("spans")):
		return decJaeger, "jaeger-json", true
	case has("traceId") && has("id"):
		return decZipkin, "zipkin-json", true
	}
	return 0, "", false
}

// topLevelKeys lists the keys of a JSON object, skipping their values.
func topLevelKeys(v []byte) map[string]struct{} {
	keys := map[string]struct{}{}
	d := json.NewDecoder(bytes.NewReader(v))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return keys
	}
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return keys
		}
		if k, ok := tok.(string); ok {
			keys[k] = struct{}{}
		}
		var skip json.RawMessage
		if d.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}
