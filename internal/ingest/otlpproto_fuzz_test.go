package ingest

import (
	"errors"
	"reflect"
	"testing"

	commonv1 "go.opentelemetry.io/proto/otlp/common/v1"
	tracev1 "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/trace"
)

// go test ./internal/ingest -run '^$' -fuzz FuzzOTLPProto -fuzztime 60s
func FuzzOTLPProto(f *testing.F) {
	f.Add(pbMarshal(f, pbTraces(pbAPIRes, pbSpan(nil))))
	f.Add(pbMarshal(f, pbTraces(pbAPIRes, pbSpan(func(s *tracev1.Span) {
		s.Attributes = []*commonv1.KeyValue{pbKV("db.statement", "GET k"), pbKVAny("http.response.status_code", pbInt(200))}
		s.Links = []*tracev1.Span_Link{{TraceId: pbTID(9), SpanId: pbSID(8)}}
		s.Status = &tracev1.Status{Code: tracev1.Status_STATUS_CODE_ERROR}
	}), pbSpan(func(s *tracev1.Span) { s.EndTimeUnixNano = 1 }))))
	f.Add(xfProtoFromJSON(f, xfFile(f, "traces.otlp.json")))
	f.Add([]byte{0x0a, 0x05, 0x01})
	f.Add(pbCat(pbLen(1, pbLen(1000, pbLen(2, pbVarint(6, 9), pbLen(1, pbTID(1)))))))
	xfFuzz(f, func() recordDecoder { return newOTLPProtoDecoder(xfEnv(config.SemconvAttributes...)) })
}

// xfFuzz runs a decoder fuzz target: decoding must not panic; an error
// must be a *decodeError with a reason of the closed list and an offset
// inside the record; without an error every span must be usable (non-zero
// IDs, end not before start, a service and a host); and a decoder that has
// already decoded other records (the previous inputs) must give the same
// result as a new one.
func xfFuzz(f *testing.F, newDec func() recordDecoder) {
	warm := newDec()
	f.Fuzz(func(t *testing.T, data []byte) {
		var b batch
		err := newDec().decode(data, &b)
		var b2 batch
		err2 := warm.decode(data, &b2)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("new decoder: %v; used decoder: %v", err, err2)
		}
		if err != nil {
			xfCheckError(t, err, len(data))
			return
		}
		for i := range b.spans {
			xfCheckSpan(t, &b.spans[i])
		}
		if !reflect.DeepEqual(b, b2) {
			t.Fatalf("a used decoder decodes differently:\n%+v\n%+v", b, b2)
		}
	})
}

var xfReasons = map[string]bool{
	ReasonMalformedJSON: true, ReasonMalformedProtobuf: true, ReasonSchemaMismatch: true,
}

func xfCheckError(t *testing.T, err error, n int) {
	var de *decodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T) is not a *decodeError", err, err)
	}
	if !xfReasons[de.reason] || de.off < 0 || de.off > n || de.msg == "" {
		t.Fatalf("bad error %q: reason %q, offset %d in a record of %d bytes", de.Error(), de.reason, de.off, n)
	}
}

func xfCheckSpan(t *testing.T, sp *trace.Span) {
	if sp.TraceID.IsZero() || sp.SpanID.IsZero() || sp.End < sp.Start || sp.Service == "" || sp.Host == "" {
		t.Fatalf("unusable span kept: %s", xfSummary(sp))
	}
	for _, l := range sp.Links {
		if l.TraceID.IsZero() || l.SpanID.IsZero() {
			t.Fatalf("link to a zero ID kept: %s", xfSummary(sp))
		}
	}
}
