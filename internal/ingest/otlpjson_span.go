package ingest

import (
	"cmp"
	"fmt"

	"github.com/raceline/raceline/internal/trace"
)

// How otlpJSONDecoder reads one Span (IDs, name, kind, times, status, links)
// and decides whether it can be kept.

// spanState is a span being read, with why each of its IDs is unusable
// ("" when it is fine or was not seen).
type spanState struct {
	sp                           trace.Span
	traceBad, spanBad, parentBad string
}

func (d *otlpJSONDecoder) span(list string) error {
	var st spanState
	d.s.strs = d.s.strs[:0] // no string read before is still in use
	d.attrs, d.links = d.attrs[:0], d.links[:0]
	err := d.s.object(list, true, func(key []byte) error { return d.spanMember(key, &st) })
	if err != nil {
		return err
	}
	d.finishSpan(&st)
	return nil
}

func (d *otlpJSONDecoder) spanMember(key []byte, st *spanState) error {
	var err error
	sp := &st.sp
	switch string(key) {
	case "traceId", "trace_id":
		return d.text("traceId", func(b []byte) { sp.TraceID, st.traceBad = traceID(b) })
	case "spanId", "span_id":
		return d.text("spanId", func(b []byte) { sp.SpanID, st.spanBad = spanID(b) })
	case "parentSpanId", "parent_span_id":
		return d.text("parentSpanId", func(b []byte) { sp.ParentID, st.parentBad = parentID(b) })
	case "name":
		return d.text("name", func(b []byte) { sp.Name = d.strs.bytes(b) })
	case "kind":
		sp.Kind, err = d.kind()
	case "startTimeUnixNano", "start_time_unix_nano":
		sp.Start, _, err = d.integer("startTimeUnixNano", false)
	case "endTimeUnixNano", "end_time_unix_nano":
		sp.End, _, err = d.integer("endTimeUnixNano", false)
	case "attributes":
		err = d.attributes(nil)
	case "links":
		err = d.s.array("links", d.link)
	case "status":
		sp.Status, err = d.status()
	default:
		err = d.s.skipValue()
	}
	return err
}

// text reads the string field name (null reads as "") and hands it to use.
func (d *otlpJSONDecoder) text(name string, use func([]byte)) error {
	b, _, err := d.s.stringField(name)
	if err == nil {
		use(b)
	}
	return err
}

// finishSpan appends the span to the batch, or the reason it cannot be used
// to its drops.
func (d *otlpJSONDecoder) finishSpan(st *spanState) {
	sp := &st.sp
	var reason, detail string
	switch {
	case sp.TraceID.IsZero():
		reason, detail = DropInvalidTraceID, cmp.Or(st.traceBad, "no trace ID")
	case sp.SpanID.IsZero():
		reason, detail = DropInvalidSpanID, cmp.Or(st.spanBad, "no span ID")
	case st.parentBad != "":
		reason, detail = DropInvalidSpanID, st.parentBad
	default:
		if reason = checkTimes(sp); reason != "" {
			detail = fmt.Sprintf("end time %d is before start time %d", sp.End, sp.Start)
		}
	}
	if reason != "" {
		d.b.drops = append(d.b.drops, drop{reason: reason, detail: detail})
		return
	}
	sp.Attrs = carve(&d.attrSlab, d.attrs)
	sp.Links = carve(&d.linkSlab, d.links)
	d.b.spans = append(d.b.spans, *sp)
}

func (d *otlpJSONDecoder) kind() (trace.Kind, error) {
	n, name, err := d.enum("kind")
	if name != nil {
		k, _ := trace.ParseKind(string(name))
		return k, err
	}
	if n < 0 || n > int64(trace.KindConsumer) {
		return trace.KindUnspecified, err
	}
	return trace.Kind(n), err
}

func (d *otlpJSONDecoder) status() (trace.Status, error) {
	var st trace.Status
	err := d.s.object("status", false, func(key []byte) error {
		if string(key) != "code" {
			return d.s.skipValue()
		}
		n, name, err := d.enum("code")
		switch {
		case name != nil:
			st, _ = trace.ParseStatus(string(name))
		case n >= 0 && n <= int64(trace.StatusError):
			st = trace.Status(n)
		default:
			st = trace.StatusUnset
		}
		return err
	})
	return st, err
}

// link reads one span link, keeping it only when both IDs are usable.
func (d *otlpJSONDecoder) link(list string) error {
	var l trace.Link
	var traceOK, spanOK bool
	err := d.s.object(list, true, func(key []byte) error {
		switch string(key) {
		case "traceId", "trace_id":
			return d.text("traceId", func(b []byte) { l.TraceID, traceOK = trace.DecodeTraceID(b, false) })
		case "spanId", "span_id":
			return d.text("spanId", func(b []byte) { l.SpanID, spanOK = trace.DecodeSpanID(b) })
		}
		return d.s.skipValue()
	})
	if err == nil && traceOK && spanOK {
		d.links = append(d.links, l)
	}
	return err
}
