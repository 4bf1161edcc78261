package ingest

import (
	"bytes"

	"github.com/raceline/raceline/internal/trace"
)

// otlpJSONDecoder decodes OTLP JSON records (DESIGN §3): TracesData and
// ExportTraceServiceRequest ("resourceSpans"), Tempo's {"batches": …} and
// {"trace": …}, Jaeger API v3's {"result": …}, and the legacy
// "instrumentationLibrarySpans". Field names may be camelCase or snake_case,
// as protojson accepts both.
//
// It reads the record in one pass with a scanner that does not allocate,
// keeps only the fields raceline uses, and skips (but still checks the
// syntax of) the rest. As in protojson, null reads as an absent field, and
// integers may be JSON numbers or strings. Unlike protojson, a kind or
// status code it does not know reads as unspecified or unset rather than
// failing the record. Error messages name fields by their camelCase JSON
// name.
//
// A decoder is used by one goroutine at a time; it keeps scratch buffers
// between records.
type otlpJSONDecoder struct {
	env   decoderEnv
	keep  keySet // env.keep, with interned keys
	strs  internMemo
	s     scanner
	b     *batch       // the batch of the record being decoded
	attrs []trace.Attr // kept attributes of the span being read
	links []trace.Link // usable links of the span being read
	// Kept spans' Attrs and Links are carved out of these, so that a span
	// costs no allocation of its own.
	attrSlab []trace.Attr
	linkSlab []trace.Link
}

func newOTLPJSONDecoder(env decoderEnv) *otlpJSONDecoder {
	return &otlpJSONDecoder{env: env, keep: newKeySet(env), strs: newInternMemo(env.strs), s: scanner{bits: make([]uint64, 4)}}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decode implements recordDecoder: rec is one whole JSON value, possibly
// after a UTF-8 BOM and before trailing whitespace. On error it removes
// what it appended to b.
func (d *otlpJSONDecoder) decode(rec []byte, b *batch) error {
	nSpans, nDrops := len(b.spans), len(b.drops)
	d.b = b
	err := d.record(rec)
	d.b = nil
	if err != nil {
		clear(b.spans[nSpans:])
		b.spans, b.drops = b.spans[:nSpans], b.drops[:nDrops]
		return d.classify(rec, err)
	}
	return nil
}

// start points the scanner at the record's first byte after any BOM.
func (d *otlpJSONDecoder) start(rec []byte) {
	d.s.reset(rec)
	if bytes.HasPrefix(rec, utf8BOM) {
		d.s.pos = len(utf8BOM)
	}
}

func (d *otlpJSONDecoder) record(rec []byte) error {
	d.start(rec)
	d.s.ws()
	if c := d.s.peek(); c != '{' {
		if kind := kindOf(c); kind != "" {
			return errorf(ReasonSchemaMismatch, d.s.pos, "the record is %s, expected an object", kind)
		}
		return d.s.syntaxf("expected value, found %s", d.s.found())
	}
	if err := d.container(""); err != nil {
		return err
	}
	return d.s.end()
}

// classify turns a schema mismatch into the syntax error that comes later
// in the record, if there is one: a record with a syntax error anywhere is
// malformed, whatever else is wrong with it.
func (d *otlpJSONDecoder) classify(rec []byte, err error) error {
	if de, ok := err.(*decodeError); !ok || de.reason != ReasonSchemaMismatch {
		return err
	}
	d.start(rec)
	if serr := d.s.skipValue(); serr != nil {
		return serr
	}
	if serr := d.s.end(); serr != nil {
		return serr
	}
	return err
}

// container reads the top-level object (wrapper "") or the object under a
// "trace" or "result" key; either must hold a list of resource spans.
func (d *otlpJSONDecoder) container(wrapper string) error {
	d.s.ws()
	at := d.s.pos
	found := false
	err := d.s.object(wrapper, false, func(key []byte) error {
		switch string(key) {
		case "resourceSpans", "resource_spans":
			found = true
			return d.s.array("resourceSpans", d.resourceSpans)
		case "batches":
			found = true
			return d.s.array("batches", d.resourceSpans)
		case "trace", "result":
			if wrapper == "" {
				found = true
				return d.container(wrapperName(key))
			}
		}
		return d.s.skipValue()
	})
	switch {
	case err != nil || found:
		return err
	case wrapper == "":
		return errorf(ReasonSchemaMismatch, at, `the record has no "resourceSpans", "batches", "trace" or "result" key`)
	}
	return errorf(ReasonSchemaMismatch, at, `%q has no "resourceSpans" or "batches" key`, wrapper)
}

// wrapperName returns "trace" or "result" without converting key to a
// string, which would allocate.
func wrapperName(key []byte) string {
	if string(key) == "trace" {
		return "trace"
	}
	return "result"
}

// resourceSpans reads one ResourceSpans and gives its spans the service and
// host of its resource, which may come before or after them.
func (d *otlpJSONDecoder) resourceSpans(list string) error {
	first := len(d.b.spans)
	var res trace.Resource
	err := d.s.object(list, true, func(key []byte) error {
		switch string(key) {
		case "resource":
			return d.s.object("resource", false, func(key []byte) error {
				if string(key) == "attributes" {
					return d.attributes(&res)
				}
				return d.s.skipValue()
			})
		case "scopeSpans", "scope_spans":
			return d.s.array("scopeSpans", d.scopeSpans)
		case "instrumentationLibrarySpans", "instrumentation_library_spans":
			return d.s.array("instrumentationLibrarySpans", d.scopeSpans)
		}
		return d.s.skipValue()
	})
	if err != nil {
		return err
	}
	service, host := res.ServiceName(), res.Host()
	for i := first; i < len(d.b.spans); i++ {
		d.b.spans[i].Service, d.b.spans[i].Host = service, host
	}
	return nil
}

func (d *otlpJSONDecoder) scopeSpans(list string) error {
	return d.s.object(list, true, func(key []byte) error {
		if string(key) == "spans" {
			return d.s.array("spans", d.span)
		}
		return d.s.skipValue()
	})
}
