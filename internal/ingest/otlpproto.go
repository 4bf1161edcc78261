package ingest

import (
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
