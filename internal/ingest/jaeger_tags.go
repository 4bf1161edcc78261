package ingest

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/raceline/raceline/internal/trace"
)

// How jaegerDecoder reads span tags: kind, status, kept attributes, and tag
// values of each Jaeger type.

// tags reads the span tags: kind, status, and the attributes to keep.
func (d *jaegerDecoder) tags(sp *trace.Span, tags []jaegerTag) *decodeError {
	var st spanStatusTags
	for i := range tags {
		tg := &tags[i]
		if tg.Key != tagSpanKind && tg.Key != tagError && tg.Key != tagOtelStatusCode && !d.env.keep.Has(tg.Key) {
			continue
		}
		text, ok, err := jaegerTagText(tg)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		switch tg.Key {
		case tagSpanKind:
			sp.Kind, _ = trace.ParseKind(text)
		case tagError:
			st.err = text == "true"
		case tagOtelStatusCode:
			st.code = text
		default:
			sp.Attrs = append(sp.Attrs, trace.Attr{Key: d.strs.string(tg.Key), Value: d.strs.string(text)})
		}
	}
	sp.Status = st.status()
	return nil
}

// jaegerTagText returns a tag's value as text (see trace.Attr), and false
// for binary values, which are never kept. A tag without a type takes its
// value as it comes.
func jaegerTagText(tg *jaegerTag) (string, bool, *decodeError) {
	v := tg.Value
	var text string
	var ok bool
	switch tg.Type {
	case "string":
		text, ok = tagJSONString(v)
	case "bool":
		text, ok = tagJSONBool(v)
	case "int64":
		text, ok = tagJSONInt(v)
	case "float64":
		text, ok = tagJSONFloat(v)
	case "binary":
		return "", false, nil
	case "":
		text, ok = tagJSONScalar(v)
	default:
		return "", false, errorf(ReasonSchemaMismatch, 0, "tag %q: expected type string, bool, int64, float64 or binary, found %q", tg.Key, tg.Type)
	}
	if !ok {
		return "", false, errorf(ReasonSchemaMismatch, 0, "tag %q of type %s: expected %s, found %s", tg.Key, tg.Type, jaegerTypeWant[tg.Type], tagJSONSnippet(v))
	}
	return text, true, nil
}

var jaegerTypeWant = map[string]string{
	"string":  "a string",
	"bool":    "true or false",
	"int64":   "an integer (a number or a string of digits)",
	"float64": "a number",
	"":        "a string, number or boolean",
}

// tagJSONString is a JSON string's content.
func tagJSONString(v json.RawMessage) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), true
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err == nil
}

// tagJSONBool takes true/false, bare or quoted.
func tagJSONBool(v json.RawMessage) (string, bool) {
	switch string(v) {
	case "true", `"true"`:
		return "true", true
	case "false", `"false"`:
		return "false", true
	}
	return "", false
}

// tagJSONInt takes an integer, bare or quoted: Jaeger writes int64 values
// beyond 2^53 as strings so that JavaScript does not round them.
func tagJSONInt(v json.RawMessage) (string, bool) {
	s := string(v)
	if q, ok := tagJSONString(v); ok {
		s = q
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return "", false
	}
	return strconv.FormatInt(n, 10), true
}

// tagJSONFloat takes a number, bare or quoted ("NaN" and "Inf" quoted).
func tagJSONFloat(v json.RawMessage) (string, bool) {
	s := string(v)
	if q, ok := tagJSONString(v); ok {
		s = q
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "", false
	}
	return string(appendAttrFloat(nil, f)), true
}

// tagJSONScalar is the text of any scalar, for tags without a type.
func tagJSONScalar(v json.RawMessage) (string, bool) {
	if s, ok := tagJSONString(v); ok {
		return s, true
	}
	if s, ok := tagJSONBool(v); ok {
		return s, true
	}
	if s, ok := tagJSONInt(v); ok {
		return s, true
	}
	return tagJSONFloat(v)
}

// tagJSONSnippet shows a value found, shortened.
func tagJSONSnippet(v json.RawMessage) string {
	const maxLen = 40
	switch {
	case len(v) == 0:
		return "no value"
	case len(v) > maxLen:
		n := maxLen
		for n > 0 && !utf8.RuneStart(v[n]) {
			n--
		}
		return string(v[:n]) + "…"
	}
	return string(v)
}
