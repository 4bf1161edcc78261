package ingest

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

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

// traceID decodes a trace ID, or says why it cannot be used.
func traceID(b []byte) (trace.TraceID, string) {
	if id, ok := trace.DecodeTraceID(b, false); ok {
		return id, ""
	}
	return trace.TraceID{}, idProblem("trace ID", b, 16, "32 hex digits or base64 of 16 bytes")
}

// spanID decodes a span ID, or says why it cannot be used.
func spanID(b []byte) (trace.SpanID, string) {
	if id, ok := trace.DecodeSpanID(b); ok {
		return id, ""
	}
	return trace.SpanID{}, idProblem("span ID", b, 8, "16 hex digits or base64 of 8 bytes")
}

// parentID decodes a parent span ID: empty or all zero means no parent.
func parentID(b []byte) (trace.SpanID, string) {
	id, ok := trace.DecodeSpanID(b)
	if ok || len(b) == 0 || isZeroID(b, 8) {
		return id, ""
	}
	return id, fmt.Sprintf("parent span ID %s is not 16 hex digits or base64 of 8 bytes", clip(b, true))
}

func idProblem(what string, b []byte, size int, forms string) string {
	switch {
	case len(b) == 0:
		return "no " + what
	case isZeroID(b, size):
		return fmt.Sprintf("%s %s is all zeros", what, clip(b, true))
	}
	return fmt.Sprintf("%s %s is not %s", what, clip(b, true), forms)
}

// isZeroID reports whether b is the hex or base64 form of size zero bytes.
func isZeroID(b []byte, size int) bool {
	if len(b) == 2*size {
		return len(bytes.Trim(b, "0")) == 0
	}
	if len(b) != base64.StdEncoding.EncodedLen(size) {
		return false
	}
	var buf [24]byte
	n, err := base64.StdEncoding.Decode(buf[:], b)
	return err == nil && n == size && bytes.Count(buf[:n], []byte{0}) == n
}

// clip formats input text for a message: quoted if asked (else with
// invalid UTF-8 replaced), and cut short at a character boundary.
func clip(b []byte, quote bool) string {
	const limit = 64
	cut := ""
	if len(b) > limit {
		n := limit
		for n > 0 && !utf8.RuneStart(b[n]) {
			n--
		}
		b, cut = b[:n], "…"
	}
	if quote {
		return strconv.Quote(string(b)) + cut
	}
	return strings.ToValidUTF8(string(b), "\uFFFD") + cut
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

// enum reads an enum field: a number, or a name (returned non-nil). Unknown
// names and numbers are the caller's to map to the zero value, as OTLP
// readers keep spans with kinds and codes they do not know.
func (d *otlpJSONDecoder) enum(name string) (int64, []byte, error) {
	d.s.ws()
	switch c := d.s.peek(); {
	case c == '"':
		b, err := d.s.str(&d.s.strs) // never nil without error
		return 0, b, err
	case c != 'n' && c != '-' && !isDigit(c):
		return 0, nil, d.s.mismatch(name, false, "an enum number or name")
	}
	n, _, err := d.integer(name, true)
	return n, nil, err
}

// integer reads a 64-bit integer written as a JSON number or string; null
// reads as absent. Unsigned values (times) must fit an int64.
func (d *otlpJSONDecoder) integer(name string, signed bool) (int64, bool, error) {
	s := &d.s
	s.ws()
	at := s.pos
	var tok []byte
	var err error
	switch c := s.peek(); {
	case c == '"':
		tok, err = s.str(&s.strs)
	case c == '-' || isDigit(c):
		tok, err = s.number()
	case c == 'n':
		return 0, false, s.literal("null")
	default:
		return 0, false, s.mismatch(name, false, "an integer")
	}
	if err != nil {
		return 0, false, err
	}
	n, ok := parseInt(tok, signed)
	if !ok {
		want := "a 64-bit decimal integer"
		if !signed {
			want = "a decimal integer from 0 to 2^63-1"
		}
		return 0, false, errorf(ReasonSchemaMismatch, at, "%q is %s, expected %s", name, clip(s.data[at:s.pos], false), want)
	}
	return n, true, nil
}

// parseInt parses optional '-' (when signed) and decimal digits.
func parseInt(b []byte, signed bool) (int64, bool) {
	neg := signed && len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	for len(b) > 1 && b[0] == '0' {
		b = b[1:]
	}
	if len(b) > 19 { // 19 digits cannot overflow a uint64
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return int64(-n), true // wraps to MinInt64 for 2^63, as intended
	case !neg && n <= math.MaxInt64:
		return int64(n), true
	}
	return 0, false
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

// attributes reads a list of KeyValue: into d.attrs those whose key is in
// the keep set, or, for a resource (res not nil), the keys of trace.Resource.
func (d *otlpJSONDecoder) attributes(res *trace.Resource) error {
	return d.s.array("attributes", func(list string) error { return d.attribute(list, res) })
}

// keyValue is an attribute being read. Its key usually comes first, and
// the value of a key that is not wanted is skipped unread; a value that
// comes first is skipped too, and read once its key is known to be wanted.
type keyValue struct {
	key, val      []byte
	kept          string // the interned key of a kept span attribute
	keyed, wanted bool
	valued        bool // val holds a scalar's text
	later         int  // offset of a value that came before its key, or 0
}

func (d *otlpJSONDecoder) attribute(list string, res *trace.Resource) error {
	var kv keyValue
	d.s.strs = d.s.strs[:0] // no string read before is still in use
	var more bool
	fast, err := d.attributeFast(&kv, res)
	switch {
	case !fast:
		more, err = d.s.open('{', list, true)
	case err == nil:
		more, err = d.s.next('}')
	}
	err = d.s.members(more, err, func(key []byte) error { return d.attributeMember(key, &kv, res) })
	if err == nil && kv.wanted && kv.later > 0 {
		end := d.s.pos
		d.s.pos = kv.later
		kv.val, kv.valued, err = d.anyValue()
		d.s.pos = end
	}
	if err != nil || !kv.wanted || !kv.valued {
		return err
	}
	val := d.strs.bytes(kv.val)
	if res != nil {
		*resourceField(res, kv.key) = val
		return nil
	}
	d.attrs = append(d.attrs, trace.Attr{Key: kv.kept, Value: val})
	return nil
}

// attributeFast reads an attribute laid out as the Collector writes it,
// {"key":"plain key","value":…, up to the end of the value. For any other
// layout it consumes nothing and reports false, and the caller reads the
// attribute member by member. Most of the input is attributes, most of them
// not kept: this is the decoder's hottest path.
func (d *otlpJSONDecoder) attributeFast(kv *keyValue, res *trace.Resource) (bool, error) {
	s := &d.s
	s.ws()
	const open, value = `{"key":"`, `","value":`
	if !s.at(s.pos, open) {
		return false, nil
	}
	start := s.pos + len(open)
	end := plainRun(s.data, start)
	if !s.at(end, value) {
		return false, nil
	}
	s.pos = end + len(value)
	kv.key, kv.keyed = s.data[start:end], true
	kv.kept, kv.wanted = d.wanted(kv.key, res)
	if !kv.wanted {
		return true, d.skipAnyValue()
	}
	var err error
	kv.val, kv.valued, err = d.anyValue()
	return true, err
}

// skipAnyValue skips an AnyValue, taking a short cut for the usual
// {"stringValue":"plain text"} and other one-scalar objects.
func (d *otlpJSONDecoder) skipAnyValue() error {
	if d.s.skipScalarObject() {
		return nil
	}
	return d.s.skipValue()
}

func (d *otlpJSONDecoder) attributeMember(key []byte, kv *keyValue, res *trace.Resource) error {
	var err error
	switch string(key) {
	case "key":
		kv.key, _, err = d.s.stringField("key")
		kv.keyed = true
		kv.kept, kv.wanted = d.wanted(kv.key, res)
		return err
	case "value":
		switch {
		case !kv.keyed:
			d.s.ws()
			kv.later = d.s.pos
			return d.s.skipValue()
		case !kv.wanted:
			return d.skipAnyValue()
		}
		kv.later = 0
		kv.val, kv.valued, err = d.anyValue()
		return err
	}
	return d.s.skipValue()
}

// wanted reports whether the attribute key is kept: for a span (res nil),
// the keep set says so and gives the interned key; for a resource, it must
// be one of trace.Resource's keys.
func (d *otlpJSONDecoder) wanted(key []byte, res *trace.Resource) (string, bool) {
	if res != nil {
		return "", resourceField(res, key) != nil
	}
	return d.keep.get(key)
}

// resourceField is the field of res that the resource attribute key fills,
// or nil.
func resourceField(res *trace.Resource, key []byte) *string {
	switch string(key) {
	case "service.name":
		return &res.Service
	case "host.id":
		return &res.HostID
	case "host.name":
		return &res.HostName
	case "service.instance.id":
		return &res.InstanceID
	}
	return nil
}

// anyValue reads an AnyValue and returns its text as trace.Attr documents
// it, or false for arrays, maps, bytes and empty values, which are never
// kept (they are skipped without recursion).
func (d *otlpJSONDecoder) anyValue() ([]byte, bool, error) {
	var text []byte
	var ok bool
	err := d.s.object("value", false, func(key []byte) error {
		var err error
		switch string(key) {
		case "stringValue", "string_value":
			text, ok, err = d.s.stringField("stringValue")
		case "intValue", "int_value":
			text, ok, err = d.intText()
		case "boolValue", "bool_value":
			text, ok, err = d.boolean()
		case "doubleValue", "double_value":
			text, ok, err = d.double()
		case "arrayValue", "array_value", "kvlistValue", "kvlist_value", "bytesValue", "bytes_value":
			ok, err = false, d.s.skipValue()
		default:
			err = d.s.skipValue()
		}
		return err
	})
	return text, ok, err
}

// intText reads an intValue and returns it in decimal.
func (d *otlpJSONDecoder) intText() ([]byte, bool, error) {
	n, ok, err := d.integer("intValue", true)
	if !ok {
		return nil, false, err
	}
	at := len(d.s.strs)
	d.s.strs = strconv.AppendInt(d.s.strs, n, 10)
	return d.s.strs[at:], true, nil
}

var textTrue, textFalse = []byte("true"), []byte("false")

func (d *otlpJSONDecoder) boolean() ([]byte, bool, error) {
	d.s.ws()
	switch d.s.peek() {
	case 't':
		return textTrue, true, d.s.literal("true")
	case 'f':
		return textFalse, true, d.s.literal("false")
	case 'n':
		return nil, false, d.s.literal("null")
	}
	return nil, false, d.s.mismatch("boolValue", false, "a boolean")
}

// double reads a doubleValue: a number, a string holding one, or "NaN",
// "Infinity", "-Infinity"; it returns Go's shortest text for it.
func (d *otlpJSONDecoder) double() ([]byte, bool, error) {
	s := &d.s
	s.ws()
	at := s.pos
	var f float64
	var ok bool
	switch c := s.peek(); {
	case c == '"':
		tok, err := s.str(&s.strs)
		if err != nil {
			return nil, false, err
		}
		f, ok = parseDoubleString(tok)
	case c == '-' || isDigit(c):
		tok, err := s.number()
		if err != nil {
			return nil, false, err
		}
		f, err = strconv.ParseFloat(string(tok), 64)
		ok = err == nil
	case c == 'n':
		return nil, false, s.literal("null")
	default:
		return nil, false, s.mismatch("doubleValue", false, "a number")
	}
	if !ok {
		return nil, false, errorf(ReasonSchemaMismatch, at, "%q is %s, expected a 64-bit floating-point number", "doubleValue", clip(s.data[at:s.pos], false))
	}
	n := len(s.strs)
	s.strs = strconv.AppendFloat(s.strs, f, 'g', -1, 64)
	return s.strs[n:], true, nil
}

// parseDoubleString reads the string forms protojson writes for a double.
func parseDoubleString(b []byte) (float64, bool) {
	switch string(b) {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	if end, expect := scanNumber(b, 0); expect != "" || end != len(b) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(b), 64)
	return f, err == nil
}
