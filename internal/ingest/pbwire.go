package ingest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
)

// The protobuf wire reader under otlpProtoDecoder: fields, tags, wire types
// and the exact messages for malformed input.

// pbField is one field of a message being walked: its number and wire type,
// and its value (val for varint and fixed, bytes for length-delimited). tag
// is the offset of the field in the record, off that of bytes.
type pbField struct {
	num   protowire.Number
	typ   protowire.Type
	val   uint64
	bytes []byte
	tag   int
	off   int
	msg   string
}

// pbReader walks the fields of one message; base is the message's offset in
// the record, for error locations.
type pbReader struct {
	buf  []byte
	pos  int
	base int
	msg  string
}

// next reads the next field into f; it reports false at the end of the
// message. bytes alias the record. One-byte tags and lengths, by far the
// most common, take a short path.
func (r *pbReader) next(f *pbField) (bool, error) {
	buf, pos := r.buf, r.pos
	if pos >= len(buf) {
		return false, nil
	}
	if c := buf[pos]; c < 0x80 && c >= 8 {
		f.num, f.typ = protowire.Number(c>>3), protowire.Type(c&7)
		pos++
	} else {
		num, typ, n := protowire.ConsumeTag(buf[pos:])
		if n < 0 {
			return false, errorf(ReasonMalformedProtobuf, r.base+pos, "%s: expected a field tag, found %s", r.msg, pbWireProblem(n))
		}
		f.num, f.typ = num, typ
		pos += n
	}
	f.tag, f.msg = r.base+r.pos, r.msg
	n := r.value(f, buf, pos)
	if n < 0 {
		return false, r.valueError(f, pos, n)
	}
	r.pos = pos + n
	return true, nil
}

// pbTruncated is value's error code for a length beyond the message.
const pbTruncated = -1

// value reads f's value at buf[pos:], returning its length or a protowire
// error code.
func (r *pbReader) value(f *pbField, buf []byte, pos int) int {
	rest := buf[pos:]
	switch f.typ {
	case protowire.BytesType:
		l, n := uint64(0), 1
		if len(rest) > 0 && rest[0] < 0x80 {
			l = uint64(rest[0])
		} else if l, n = protowire.ConsumeVarint(rest); n < 0 {
			return n
		}
		if l > uint64(len(rest)-n) {
			return pbTruncated
		}
		f.bytes, f.off, f.val = rest[n:n+int(l)], r.base+pos+n, 0
		return n + int(l)
	case protowire.VarintType:
		f.bytes = nil
		if len(rest) > 0 && rest[0] < 0x80 {
			f.val = uint64(rest[0])
			return 1
		}
		var n int
		f.val, n = protowire.ConsumeVarint(rest)
		return n
	case protowire.Fixed64Type:
		f.bytes = nil
		if len(rest) < 8 {
			return pbTruncated
		}
		f.val = binary.LittleEndian.Uint64(rest)
		return 8
	case protowire.Fixed32Type:
		f.bytes = nil
		if len(rest) < 4 {
			return pbTruncated
		}
		f.val = uint64(binary.LittleEndian.Uint32(rest))
		return 4
	}
	return pbGroup
}

// pbGroup is value's error code for a group: deprecated, absent from OTLP,
// and refusing them spares skipping nested groups recursively.
const pbGroup = -1000

func (r *pbReader) valueError(f *pbField, pos, n int) error {
	if n == pbGroup {
		return errorf(ReasonMalformedProtobuf, f.tag, "%s field %d: expected wire type varint, fixed64, bytes or fixed32, found %s", r.msg, f.num, pbTypeName(f.typ))
	}
	return errorf(ReasonMalformedProtobuf, r.base+pos, "%s field %d: expected a %s value, found %s", r.msg, f.num, pbTypeName(f.typ), pbWireProblem(n))
}

// pbWireProblem describes a protowire error code. protowire's own errors
// carry a prefix that varies from build to build, which the exact, tested
// messages cannot have.
func pbWireProblem(n int) string {
	err := protowire.ParseError(n)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "truncated data"
	}
	return strings.TrimLeft(strings.TrimPrefix(err.Error(), "proto:"), " \u00a0")
}

// want checks the wire type of a known field.
func (f *pbField) want(typ protowire.Type, name string) error {
	if f.typ == typ {
		return nil
	}
	return errorf(ReasonMalformedProtobuf, f.tag, "%s.%s (field %d): expected wire type %s, found %s", f.msg, name, f.num, pbTypeName(typ), pbTypeName(f.typ))
}

func pbTypeName(t protowire.Type) string {
	switch t {
	case protowire.VarintType:
		return "varint"
	case protowire.Fixed64Type:
		return "fixed64"
	case protowire.BytesType:
		return "bytes"
	case protowire.StartGroupType:
		return "start-group"
	case protowire.EndGroupType:
		return "end-group"
	case protowire.Fixed32Type:
		return "fixed32"
	}
	return fmt.Sprintf("unknown (%d)", t)
}
