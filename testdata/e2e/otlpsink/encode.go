package otlpsink

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// encodeAll returns req as a protojson line, a Collector-style JSON line
// and a length-prefixed protobuf frame, in that order.
func encodeAll(req *coltrace.ExportTraceServiceRequest) ([3][]byte, error) {
	var out [3][]byte
	line, err := protojson.Marshal(req)
	if err != nil {
		return out, err
	}
	hexLine, err := CollectorJSON(line)
	if err != nil {
		return out, err
	}
	pb, err := proto.Marshal(req)
	if err != nil {
		return out, err
	}
	out[0] = append(line, '\n')
	out[1] = append(hexLine, '\n')
	out[2] = Frame(pb)
	return out, nil
}

// Frame prefixes a record with its length as 4 bytes, big-endian, as the
// Collector's file exporter does in its protobuf format.
func Frame(rec []byte) []byte {
	b := make([]byte, 4, 4+len(rec))
	binary.BigEndian.PutUint32(b, uint32(len(rec)))
	return append(b, rec...)
}

// CollectorJSON rewrites one protojson-encoded ExportTraceServiceRequest
// (or TracesData) the way the Collector's JSON marshaler writes it: trace
// and span IDs (of spans, parents and links) as lowercase hex instead of
// base64, span kinds and status codes as numbers instead of names. Object
// keys come out sorted.
func CollectorJSON(line []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	for _, rs := range objects(doc["resourceSpans"]) {
		for _, ss := range objects(rs["scopeSpans"]) {
			for _, sp := range objects(ss["spans"]) {
				if err := collectorSpan(sp); err != nil {
					return nil, err
				}
			}
		}
	}
	return json.Marshal(doc)
}

// collectorSpan rewrites one span object in place.
func collectorSpan(sp map[string]any) error {
	for _, k := range []string{"traceId", "spanId", "parentSpanId"} {
		if err := hexID(sp, k); err != nil {
			return err
		}
	}
	for _, l := range objects(sp["links"]) {
		if err := hexID(l, "traceId"); err != nil {
			return err
		}
		if err := hexID(l, "spanId"); err != nil {
			return err
		}
	}
	if k, ok := sp["kind"].(string); ok {
		sp["kind"] = tracepb.Span_SpanKind_value[k]
	}
	if st, ok := sp["status"].(map[string]any); ok {
		if c, ok := st["code"].(string); ok {
			st["code"] = tracepb.Status_StatusCode_value[c]
		}
	}
	return nil
}

// hexID replaces the base64 string m[k], if present, by its hex form.
func hexID(m map[string]any, k string) error {
	s, ok := m[k].(string)
	if !ok {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return fmt.Errorf("%s %q: %w", k, s, err)
	}
	m[k] = hex.EncodeToString(b)
	return nil
}

// objects returns v's elements that are JSON objects, or nil when v is not
// an array.
func objects(v any) []map[string]any {
	arr, _ := v.([]any)
	res := make([]map[string]any, 0, len(arr))
	for _, e := range arr {
		if m, ok := e.(map[string]any); ok {
			res = append(res, m)
		}
	}
	return res
}
