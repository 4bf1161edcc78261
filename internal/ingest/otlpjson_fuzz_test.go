package ingest

import (
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzOTLPJSON feeds records to the OTLP JSON decoder. Run it with:
//
//	go test -run='^$' -fuzz=FuzzOTLPJSON -fuzztime=120s ./internal/ingest/
//
// It must never panic; a record it accepts must be valid JSON and give only
// usable spans (non-zero IDs, end not before start); a record it rejects
// must leave the batch as it was, with an error of a known reason whose
// offset lies inside the record.
func FuzzOTLPJSON(f *testing.F) {
	for _, path := range otlpJSONFixtures(f) {
		for _, rec := range fixtureRecords(f, path) {
			f.Add(rec)
		}
	}
	f.Add(genOTLPRecord(otlpGenOptions{services: 1, spansPerService: 5, seed: 3}))
	f.Add(genOTLPRecord(otlpGenOptions{services: 1, spansPerService: 5, base64IDs: true, seed: 4}))
	f.Add([]byte(`{"trace":{"batches":[{"instrumentation_library_spans":[{"spans":[{"trace_id":"` + tidB64 + `","span_id":"` + sidB64 + `"}]}]}]}}`))
	f.Add([]byte(`{"result":{"resourceSpans":[]},"x":[[[{"a":[]}]]]}`))
	d := newTestOTLPJSON("k", "http.route", "db.system")
	f.Fuzz(func(t *testing.T, rec []byte) {
		b := batch{drops: []drop{{reason: "before"}}}
		err := d.decode(rec, &b)
		if err != nil {
			checkFuzzError(t, rec, err)
			if len(b.spans) != 0 || len(b.drops) != 1 {
				t.Fatalf("a rejected record changed the batch: %d spans, %d drops", len(b.spans), len(b.drops))
			}
			return
		}
		if !json.Valid(trimBOM(rec)) {
			t.Fatalf("accepted invalid JSON %q", rec)
		}
		for _, sp := range b.spans {
			if sp.TraceID.IsZero() || sp.SpanID.IsZero() || sp.End < sp.Start {
				t.Fatalf("unusable span kept: %+v", sp)
			}
			for _, l := range sp.Links {
				if l.TraceID.IsZero() || l.SpanID.IsZero() {
					t.Fatalf("unusable link kept: %+v", l)
				}
			}
		}
		for _, dr := range b.drops[1:] {
			if dr.reason != DropInvalidTraceID && dr.reason != DropInvalidSpanID && dr.reason != DropEndBeforeStart || !utf8.ValidString(dr.detail) {
				t.Fatalf("bad drop %+v", dr)
			}
		}
	})
}

func checkFuzzError(t *testing.T, rec []byte, err error) {
	var de *decodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *decodeError", err)
	}
	if de.reason != ReasonMalformedJSON && de.reason != ReasonSchemaMismatch {
		t.Fatalf("unexpected reason %q", de.reason)
	}
	if de.off < 0 || de.off > len(rec) || !utf8.ValidString(de.msg) {
		t.Fatalf("bad error %#v for %q", de, rec)
	}
	// A syntax error anywhere makes the record malformed, never mismatched.
	if valid := json.Valid(trimBOM(rec)); valid != (de.reason == ReasonSchemaMismatch) {
		t.Fatalf("reason %s for a record encoding/json finds valid=%t: %v", de.reason, valid, err)
	}
}

func trimBOM(rec []byte) []byte {
	if len(rec) >= 3 && string(rec[:3]) == "\uFEFF" {
		return rec[3:]
	}
	return rec
}
