package ingest

import (
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/raceline/raceline/internal/trace"
)

// How otlpProtoDecoder reads one Span (IDs, name, kind, times, status, links)
// and decides whether it can be kept.

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
