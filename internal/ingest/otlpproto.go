package ingest

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/raceline/raceline/internal/trace"
)

// otlpProtoDecoder decodes one protobuf TracesData, which has the same wire
// format as ExportTraceServiceRequest. It walks the wire format by hand
// (field numbers from opentelemetry-proto trace/v1, common/v1, resource/v1)
// instead of unmarshalling into generated structs: only the fields a span
// keeps are read, the rest (events, scopes, dropped counts) are skipped by
// length without being parsed.
//
// Unknown fields are skipped. A known field with an unexpected wire type, a
// group anywhere (OTLP never uses them; proto.Unmarshal would skip an
// unknown one) or a truncated value makes the record malformed-protobuf.
// Strings are not checked for valid UTF-8.
type otlpProtoDecoder struct {
	env  decoderEnv
	keep keySet
	strs internMemo
	// Kept spans' Attrs and Links are carved out of the slabs (see carve).
	attrs, attrSlab []trace.Attr
	links, linkSlab []trace.Link
	res             trace.Resource
	num             []byte // scratch for formatting numbers
}

func newOTLPProtoDecoder(env decoderEnv) *otlpProtoDecoder {
	return &otlpProtoDecoder{env: env, keep: newKeySet(env), strs: newInternMemo(env.strs)}
}

// Field numbers of the messages walked, from opentelemetry-proto.
const (
	pbTracesResourceSpans  = 1    // TracesData.resource_spans
	pbRSResource           = 1    // ResourceSpans.resource
	pbRSScopeSpans         = 2    // ResourceSpans.scope_spans
	pbRSLegacyLibrarySpans = 1000 // ResourceSpans.instrumentation_library_spans (pre-1.0 OTLP)
	pbResourceAttributes   = 1    // Resource.attributes
	pbScopeSpansSpans      = 2    // ScopeSpans.spans (also InstrumentationLibrarySpans.spans)
	pbKeyValueKey          = 1    // KeyValue.key
	pbKeyValueValue        = 2    // KeyValue.value
	pbAnyString            = 1    // AnyValue.string_value
	pbAnyBool              = 2    // AnyValue.bool_value
	pbAnyInt               = 3    // AnyValue.int_value
	pbAnyDouble            = 4    // AnyValue.double_value
	pbLinkTraceID          = 1    // Span.Link.trace_id
	pbLinkSpanID           = 2    // Span.Link.span_id
	pbStatusCode           = 3    // Status.code
	pbSpanTraceID          = 1
	pbSpanSpanID           = 2
	pbSpanParentSpanID     = 4
	pbSpanName             = 5
	pbSpanKind             = 6
	pbSpanStart            = 7
	pbSpanEnd              = 8
	pbSpanAttributes       = 9
	pbSpanLinks            = 13
	pbSpanStatus           = 15
	pbMaxKind              = uint64(trace.KindConsumer)
	pbMaxStatus            = uint64(trace.StatusError)
	pbResourceServiceName  = "service.name"
)

// decode implements recordDecoder.
func (d *otlpProtoDecoder) decode(rec []byte, b *batch) error {
	// A previous record may have failed half-way through a span.
	d.attrs, d.links = d.attrs[:0], d.links[:0]
	r := pbReader{buf: rec, msg: "TracesData"}
	var f pbField
	for {
		ok, err := r.next(&f)
		if !ok || err != nil {
			return err
		}
		if f.num != pbTracesResourceSpans {
			continue
		}
		if err := f.want(protowire.BytesType, "resource_spans"); err != nil {
			return err
		}
		if err := d.resourceSpans(f.bytes, f.off, b); err != nil {
			return err
		}
	}
}

// resourceSpans decodes the spans of one ResourceSpans, then stamps them
// with the resource's service and host: the resource may come after the
// spans on the wire.
func (d *otlpProtoDecoder) resourceSpans(buf []byte, base int, b *batch) error {
	first := len(b.spans)
	d.res = trace.Resource{}
	r := pbReader{buf: buf, base: base, msg: "ResourceSpans"}
	var f pbField
	for {
		ok, err := r.next(&f)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch f.num {
		case pbRSResource:
			err = f.want(protowire.BytesType, "resource")
			if err == nil {
				err = d.resource(f.bytes, f.off)
			}
		case pbRSScopeSpans:
			err = f.want(protowire.BytesType, "scope_spans")
			if err == nil {
				err = d.scopeSpans(f.bytes, f.off, b)
			}
		case pbRSLegacyLibrarySpans:
			err = f.want(protowire.BytesType, "instrumentation_library_spans")
			if err == nil {
				err = d.scopeSpans(f.bytes, f.off, b)
			}
		}
		if err != nil {
			return err
		}
	}
	service := d.strs.string(d.res.ServiceName())
	host := d.strs.string(d.res.Host())
	for i := first; i < len(b.spans); i++ {
		b.spans[i].Service, b.spans[i].Host = service, host
	}
	return nil
}

// resource reads the resource attributes that name the service and host.
func (d *otlpProtoDecoder) resource(buf []byte, base int) error {
	r := pbReader{buf: buf, base: base, msg: "Resource"}
	var f pbField
	for {
		ok, err := r.next(&f)
		if !ok || err != nil {
			return err
		}
		if f.num != pbResourceAttributes {
			continue
		}
		if err := f.want(protowire.BytesType, "attributes"); err != nil {
			return err
		}
		if err := d.resourceAttr(f.bytes, f.off); err != nil {
			return err
		}
	}
}

func (d *otlpProtoDecoder) resourceAttr(buf []byte, base int) error {
	key, val, valOff, err := pbKeyValue(buf, base)
	if err != nil {
		return err
	}
	dst := resourceTagField(&d.res, string(key), false)
	if string(key) == pbResourceServiceName {
		dst = &d.res.Service
	}
	if dst == nil {
		return nil
	}
	text, _, err := d.anyValue(val, valOff)
	*dst = text
	return err
}

func (d *otlpProtoDecoder) scopeSpans(buf []byte, base int, b *batch) error {
	r := pbReader{buf: buf, base: base, msg: "ScopeSpans"}
	var f pbField
	for {
		ok, err := r.next(&f)
		if !ok || err != nil {
			return err
		}
		if f.num != pbScopeSpansSpans {
			continue
		}
		if err := f.want(protowire.BytesType, "spans"); err != nil {
			return err
		}
		if err := d.span(f.bytes, f.off, b); err != nil {
			return err
		}
	}
}

// pbSpanIDs are a span's IDs as found on the wire, checked once the whole
// span has been read.
type pbSpanIDs struct {
	trace, span, parent []byte
}

func (d *otlpProtoDecoder) span(buf []byte, base int, b *batch) error {
	var sp trace.Span
	var ids pbSpanIDs
	r := pbReader{buf: buf, base: base, msg: "Span"}
	var f pbField
	for {
		ok, err := r.next(&f)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if err := d.spanField(&f, &sp, &ids); err != nil {
			return err
		}
	}
	if reason, detail := pbCheckIDs(&sp, &ids); reason != "" {
		d.dropSpan(b, reason, detail)
		return nil
	}
	if checkTimes(&sp) != "" {
		d.dropSpan(b, DropEndBeforeStart, endBeforeStartDetail(&sp))
		return nil
	}
	sp.Attrs = carve(&d.attrSlab, d.attrs)
	sp.Links = carve(&d.linkSlab, d.links)
	d.attrs, d.links = d.attrs[:0], d.links[:0]
	b.spans = append(b.spans, sp)
	return nil
}

func (d *otlpProtoDecoder) dropSpan(b *batch, reason, detail string) {
	d.attrs, d.links = d.attrs[:0], d.links[:0]
	b.drops = append(b.drops, drop{reason: reason, detail: detail})
}

// spanField stores one field of a Span.
func (d *otlpProtoDecoder) spanField(f *pbField, sp *trace.Span, ids *pbSpanIDs) error {
	var err error
	switch f.num {
	case pbSpanTraceID:
		err = f.want(protowire.BytesType, "trace_id")
		ids.trace = f.bytes
	case pbSpanSpanID:
		err = f.want(protowire.BytesType, "span_id")
		ids.span = f.bytes
	case pbSpanParentSpanID:
		err = f.want(protowire.BytesType, "parent_span_id")
		ids.parent = f.bytes
	case pbSpanName:
		err = f.want(protowire.BytesType, "name")
		sp.Name = d.strs.bytes(f.bytes)
	case pbSpanKind:
		err = f.want(protowire.VarintType, "kind")
		sp.Kind = trace.Kind(pbEnum(f.val, pbMaxKind))
	case pbSpanStart:
		err = f.want(protowire.Fixed64Type, "start_time_unix_nano")
		sp.Start = int64(f.val)
	case pbSpanEnd:
		err = f.want(protowire.Fixed64Type, "end_time_unix_nano")
		sp.End = int64(f.val)
	case pbSpanAttributes:
		err = f.want(protowire.BytesType, "attributes")
		if err == nil {
			err = d.spanAttr(f.bytes, f.off)
		}
	case pbSpanLinks:
		err = f.want(protowire.BytesType, "links")
		if err == nil {
			err = d.link(f.bytes, f.off)
		}
	case pbSpanStatus:
		err = f.want(protowire.BytesType, "status")
		if err == nil {
			sp.Status, err = pbStatus(f.bytes, f.off)
		}
	}
	return err
}

// One-byte tags of KeyValue.key and KeyValue.value (wire type bytes).
const (
	pbKeyTag   = pbKeyValueKey<<3 | byte(protowire.BytesType)
	pbValueTag = pbKeyValueValue<<3 | byte(protowire.BytesType)
)

// pbEnum maps an enum value this decoder does not know to 0 (unspecified).
func pbEnum(v, maxKnown uint64) uint8 {
	if v > maxKnown {
		return 0
	}
	return uint8(v)
}

// pbCheckIDs applies the ID drop rules of DESIGN §3 to binary IDs and fills
// sp's IDs. An empty or all-zero parent means a root.
func pbCheckIDs(sp *trace.Span, ids *pbSpanIDs) (reason, detail string) {
	var ok bool
	if sp.TraceID, ok = trace.TraceIDFromBytes(ids.trace); !ok {
		return DropInvalidTraceID, binaryIDDetail("trace ID", ids.trace, len(sp.TraceID))
	}
	if sp.SpanID, ok = trace.SpanIDFromBytes(ids.span); !ok {
		return DropInvalidSpanID, binaryIDDetail("span ID", ids.span, len(sp.SpanID))
	}
	if len(ids.parent) == 0 {
		return "", ""
	}
	if len(ids.parent) != len(sp.ParentID) {
		return DropInvalidSpanID, binaryIDDetail("parent span ID", ids.parent, len(sp.ParentID))
	}
	sp.ParentID, _ = trace.SpanIDFromBytes(ids.parent)
	return "", ""
}

// binaryIDDetail says why a binary ID of the wanted length is unusable.
func binaryIDDetail(what string, id []byte, want int) string {
	switch {
	case len(id) == 0:
		return "span has no " + what
	case len(id) != want:
		return what + " is " + strconv.Itoa(len(id)) + " bytes, expected " + strconv.Itoa(want)
	}
	return what + " is all zero"
}

// endBeforeStartDetail is the drop detail shared by every format.
func endBeforeStartDetail(sp *trace.Span) string {
	return "span " + sp.SpanID.String() + " ends at " + strconv.FormatInt(sp.End, 10) +
		" ns, before its start at " + strconv.FormatInt(sp.Start, 10) + " ns"
}

// spanAttr keeps one span attribute when its key is in the keep set and its
// value is a scalar.
func (d *otlpProtoDecoder) spanAttr(buf []byte, base int) error {
	key, val, valOff, err := pbKeyValue(buf, base)
	if err != nil {
		return err
	}
	kept, ok := d.keep.get(key)
	if !ok {
		return nil
	}
	text, ok, err := d.anyValue(val, valOff)
	if ok {
		d.attrs = append(d.attrs, trace.Attr{Key: kept, Value: text})
	}
	return err
}

// pbKeyValue splits a KeyValue into its key and its AnyValue message. The
// layout every encoder writes for short attributes (key, then value, with
// one-byte lengths) is recognised without walking the fields.
func pbKeyValue(buf []byte, base int) (key, val []byte, valOff int, err error) {
	if len(buf) >= 4 && buf[0] == pbKeyTag && buf[1] < 0x80 {
		v := 2 + int(buf[1])
		if v+2 <= len(buf) && buf[v] == pbValueTag && buf[v+1] < 0x80 && v+2+int(buf[v+1]) == len(buf) {
			return buf[2:v], buf[v+2:], base + v + 2, nil
		}
	}
	r := pbReader{buf: buf, base: base, msg: "KeyValue"}
	var f pbField
	for {
		ok, err := r.next(&f)
		if !ok || err != nil {
			return key, val, valOff, err
		}
		switch f.num {
		case pbKeyValueKey:
			err = f.want(protowire.BytesType, "key")
			key = f.bytes
		case pbKeyValueValue:
			err = f.want(protowire.BytesType, "value")
			val, valOff = f.bytes, f.off
		}
		if err != nil {
			return nil, nil, 0, err
		}
	}
}

// anyValue returns a scalar AnyValue as text (see trace.Attr), and false for
// an empty value, arrays, maps and bytes. Of several values (a oneof written
// twice), the last counts, as in protobuf.
func (d *otlpProtoDecoder) anyValue(buf []byte, base int) (string, bool, error) {
	r := pbReader{buf: buf, base: base, msg: "AnyValue"}
	var f pbField
	text, ok := "", false
	for {
		more, err := r.next(&f)
		if !more || err != nil {
			return text, ok, err
		}
		text, ok, err = d.anyScalar(&f)
		if err != nil {
			return "", false, err
		}
	}
}

func (d *otlpProtoDecoder) anyScalar(f *pbField) (string, bool, error) {
	switch f.num {
	case pbAnyString:
		return d.strs.bytes(f.bytes), true, f.want(protowire.BytesType, "string_value")
	case pbAnyBool:
		return strconv.FormatBool(f.val != 0), true, f.want(protowire.VarintType, "bool_value")
	case pbAnyInt:
		d.num = strconv.AppendInt(d.num[:0], int64(f.val), 10)
		return d.strs.bytes(d.num), true, f.want(protowire.VarintType, "int_value")
	case pbAnyDouble:
		d.num = appendAttrFloat(d.num[:0], math.Float64frombits(f.val))
		return d.strs.bytes(d.num), true, f.want(protowire.Fixed64Type, "double_value")
	}
	return "", false, nil
}

// link keeps a span link whose IDs are both valid; a link to an unusable ID
// points nowhere and is left out.
func (d *otlpProtoDecoder) link(buf []byte, base int) error {
	r := pbReader{buf: buf, base: base, msg: "Span.Link"}
	var f pbField
	var tid, sid []byte
	for {
		ok, err := r.next(&f)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch f.num {
		case pbLinkTraceID:
			err = f.want(protowire.BytesType, "trace_id")
			tid = f.bytes
		case pbLinkSpanID:
			err = f.want(protowire.BytesType, "span_id")
			sid = f.bytes
		}
		if err != nil {
			return err
		}
	}
	t, ok1 := trace.TraceIDFromBytes(tid)
	s, ok2 := trace.SpanIDFromBytes(sid)
	if ok1 && ok2 {
		d.links = append(d.links, trace.Link{TraceID: t, SpanID: s})
	}
	return nil
}

func pbStatus(buf []byte, base int) (trace.Status, error) {
	r := pbReader{buf: buf, base: base, msg: "Status"}
	var f pbField
	st := trace.StatusUnset
	for {
		ok, err := r.next(&f)
		if !ok || err != nil {
			return st, err
		}
		if f.num == pbStatusCode {
			if err := f.want(protowire.VarintType, "code"); err != nil {
				return trace.StatusUnset, err
			}
			st = trace.Status(pbEnum(f.val, pbMaxStatus))
		}
	}
}

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

// appendAttrFloat formats a double attribute as trace.Attr documents it:
// Go's shortest representation.
func appendAttrFloat(dst []byte, v float64) []byte {
	return strconv.AppendFloat(dst, v, 'g', -1, 64)
}
