package ingest

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/raceline/raceline/internal/trace"
)

// zipkinDecoder decodes Zipkin v2 JSON: one span object (the pipeline hands
// over the elements of a top-level array one at a time), or a whole array
// of them, in which case one bad span skips the whole array, the record.
//
// Besides the Zipkin fields it reads what the OpenTelemetry Collector's
// Zipkin exporter (contrib pkg/translator/zipkin/zipkinv2) writes as tags:
// resource attributes naming the host, "span.kind": "internal" on a span
// without a kind, "otel.status_code", and span links as
// "otlp.link.N": "<trace hex>|<span hex>|<trace state>|<attributes JSON>|<dropped count>".
type zipkinDecoder struct {
	env  decoderEnv
	strs internMemo
}

func newZipkinDecoder(env decoderEnv) *zipkinDecoder {
	return &zipkinDecoder{env: env, strs: newInternMemo(env.strs)}
}

type zipkinSpan struct {
	TraceID       string            `json:"traceId"`
	ID            string            `json:"id"`
	ParentID      string            `json:"parentId"`
	Name          string            `json:"name"`
	Kind          string            `json:"kind"`
	Timestamp     *int64            `json:"timestamp"` // µs
	Duration      int64             `json:"duration"`  // µs; absent for an unfinished span
	LocalEndpoint *zipkinEndpoint   `json:"localEndpoint"`
	Tags          map[string]string `json:"tags"`
	Shared        bool              `json:"shared"`
}

type zipkinEndpoint struct {
	ServiceName string `json:"serviceName"`
	IPv4        string `json:"ipv4"`
	IPv6        string `json:"ipv6"`
}

// zipkinLinkTag is the prefix of the Collector's link tags.
const zipkinLinkTag = "otlp.link."

// decode implements recordDecoder.
func (d *zipkinDecoder) decode(rec []byte, b *batch) error {
	body := bytes.TrimPrefix(rec, []byte(byteOrderMark))
	if i := firstNonSpace(body); i < len(body) && body[i] == '[' {
		var spans []zipkinSpan
		if err := unmarshalRecord(rec, &spans); err != nil {
			return err
		}
		for i := range spans {
			if err := d.span(&spans[i], "span "+strconv.Itoa(i)+" of the array: ", b); err != nil {
				return err
			}
		}
		return nil
	}
	var s zipkinSpan
	if err := unmarshalRecord(rec, &s); err != nil {
		return err
	}
	return d.span(&s, "", b)
}

func firstNonSpace(b []byte) int {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// span decodes one span; where prefixes error messages with the span's
// place in an array. A span without a timestamp is valid Zipkin (an
// incomplete half reported late) but cannot be placed in time: it is
// dropped, and the rest of the record is kept.
func (d *zipkinDecoder) span(s *zipkinSpan, where string, b *batch) error {
	if s.Timestamp == nil || *s.Timestamp == 0 {
		found := "none"
		if s.Timestamp != nil {
			found = "0"
		}
		b.drops = append(b.drops, drop{reason: DropNoTimestamp, detail: fmt.Sprintf(`%sexpected "timestamp" in microseconds since the epoch, found %s`, where, found)})
		return nil
	}
	sp := trace.Span{Name: d.strs.string(s.Name), Shared: s.Shared}
	var err *decodeError
	if sp.Start, sp.End, err = microsToNanos(*s.Timestamp, s.Duration, "timestamp"); err != nil {
		return err
	}
	if s.Kind != "" {
		var ok bool
		if sp.Kind, ok = trace.ParseKind(s.Kind); !ok {
			return errorf(ReasonSchemaMismatch, 0, `%sexpected "kind" CLIENT, SERVER, PRODUCER or CONSUMER, found %q`, where, s.Kind)
		}
	}
	d.tags(&sp, s)
	if reason, detail := zipkinIDs(&sp, s); reason != "" {
		b.drops = append(b.drops, drop{reason: reason, detail: detail})
		return nil
	}
	if checkTimes(&sp) != "" {
		b.drops = append(b.drops, drop{reason: DropEndBeforeStart, detail: negativeDurationDetail(&sp, s.Duration)})
		return nil
	}
	b.spans = append(b.spans, sp)
	return nil
}

func zipkinIDs(sp *trace.Span, s *zipkinSpan) (reason, detail string) {
	var ok bool
	if sp.TraceID, ok = trace.DecodeTraceID([]byte(s.TraceID), true); !ok {
		return DropInvalidTraceID, textIDDetail("trace ID", s.TraceID, jzTraceIDForms)
	}
	if sp.SpanID, ok = trace.DecodeSpanID([]byte(s.ID)); !ok {
		return DropInvalidSpanID, textIDDetail("span ID", s.ID, jzSpanIDForms)
	}
	if sp.ParentID, ok = textParentID(s.ParentID); !ok {
		return DropInvalidSpanID, textIDDetail("parent span ID", s.ParentID, jzSpanIDForms)
	}
	return "", ""
}

// zipkinLink is a link read from tag otlp.link.N, ordered by N (then by
// key: "otlp.link.01" and "otlp.link.1" may both be there).
type zipkinLink struct {
	n    int
	key  string
	link trace.Link
}

// tags reads the tags: status, kind, resource, links, and the attributes
// to keep. Tags are a JSON map, so the kept attributes are sorted by key
// and the links by N, for output that does not depend on map order.
func (d *zipkinDecoder) tags(sp *trace.Span, s *zipkinSpan) {
	res := trace.Resource{}
	if e := s.LocalEndpoint; e != nil {
		res = trace.Resource{Service: e.ServiceName, IPv4: e.IPv4, IPv6: e.IPv6}
	}
	var st spanStatusTags
	var links []zipkinLink
	for k, v := range s.Tags {
		switch {
		case k == tagError:
			st.err = !strings.EqualFold(v, "false") // Zipkin's error tag holds a message
		case k == tagOtelStatusCode:
			st.code = v
		case k == tagSpanKind:
			if s.Kind == "" && strings.EqualFold(v, "internal") {
				sp.Kind = trace.KindInternal
			}
		case strings.HasPrefix(k, zipkinLinkTag):
			links = appendZipkinLink(links, k, v)
		case d.env.keep.Has(k):
			sp.Attrs = append(sp.Attrs, trace.Attr{Key: d.strs.string(k), Value: d.strs.string(v)})
		}
		if dst := resourceTagField(&res, k, false); dst != nil {
			*dst = v
		}
	}
	sp.Status = st.status()
	sp.Service = d.strs.string(res.ServiceName())
	sp.Host = d.strs.string(res.Host())
	slices.SortFunc(sp.Attrs, func(a, b trace.Attr) int { return cmp.Compare(a.Key, b.Key) })
	slices.SortFunc(links, func(a, b zipkinLink) int { return cmp.Or(cmp.Compare(a.n, b.n), cmp.Compare(a.key, b.key)) })
	for _, l := range links {
		sp.Links = append(sp.Links, l.link)
	}
}

// appendZipkinLink parses one otlp.link.N tag; a tag that does not parse,
// or names an unusable ID, is left out.
func appendZipkinLink(links []zipkinLink, key, val string) []zipkinLink {
	n, err := strconv.Atoi(key[len(zipkinLinkTag):])
	if err != nil || n < 0 {
		return links
	}
	tid, rest, ok := strings.Cut(val, "|")
	if !ok {
		return links
	}
	sid, _, _ := strings.Cut(rest, "|")
	t, ok1 := trace.DecodeTraceID([]byte(tid), true)
	s, ok2 := trace.DecodeSpanID([]byte(sid))
	if !ok1 || !ok2 {
		return links
	}
	return append(links, zipkinLink{n: n, key: key, link: trace.Link{TraceID: t, SpanID: s}})
}
