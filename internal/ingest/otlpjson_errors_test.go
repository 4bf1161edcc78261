package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestOTLPJSONErrors checks the exact reason, offset and message for
// records that are skipped.
func TestOTLPJSONErrors(t *testing.T) {
	const mal, mis = ReasonMalformedJSON, ReasonSchemaMismatch
	span := func(members string) string { return wrapSpans(spanWith(members)) }
	// spanAt is the offset of the first member added by spanWith.
	spanAt := len(wrapSpans(spanWith("x"))) - len(`x}]}]}]}`)
	tests := []struct {
		name, rec string
		reason    string
		off       int
		msg       string
	}{
		{"empty", ``, mal, 0, "expected value, found end of record"},
		{"blank", " \t\r", mal, 3, "expected value, found end of record"},
		{"BOM only", "\uFEFF", mal, 3, "expected value, found end of record"},
		{"not JSON", `hello`, mal, 0, "expected value, found 'h'"},
		{"array", `[{"resourceSpans":[]}]`, mis, 0, "the record is an array, expected an object"},
		{"string", ` "x"`, mis, 1, "the record is a string, expected an object"},
		{"null", `null`, mis, 0, "the record is null, expected an object"},
		{"broken array", `[1,`, mal, 3, "expected value, found end of record"},
		{"empty object", `{}`, mis, 0, `the record has no "resourceSpans", "batches", "trace" or "result" key`},
		{"Jaeger JSON", `{"data":[{"traceID":"1"}]}`, mis, 0, `the record has no "resourceSpans", "batches", "trace" or "result" key`},
		{"empty trace", `{"trace": {}}`, mis, 10, `"trace" has no "resourceSpans" or "batches" key`},
		{"null result", `{"result":null}`, mis, 10, `"result" has no "resourceSpans" or "batches" key`},
		{"trace is an array", `{"trace":[]}`, mis, 9, `"trace" is an array, expected an object`},
		{"trace in trace", `{"trace":{"trace":{"resourceSpans":[]}}}`, mis, 9, `"trace" has no "resourceSpans" or "batches" key`},
		{"resourceSpans is a number", `{"resourceSpans":5}`, mis, 17, `"resourceSpans" is a number, expected an array`},
		{"resource_spans is an object", `{"resource_spans":{}}`, mis, 18, `"resourceSpans" is an object, expected an array`},
		{"batches is a string", `{"batches":"x"}`, mis, 11, `"batches" is a string, expected an array`},
		{"resourceSpans element", `{"resourceSpans":[{},5]}`, mis, 21, `element of "resourceSpans" is a number, expected an object`},
		{"scopeSpans is true", `{"resourceSpans":[{"scopeSpans":true}]}`, mis, 32, `"scopeSpans" is a boolean, expected an array`},
		{"spans element", `{"resourceSpans":[{"scopeSpans":[{"spans":["x"]}]}]}`, mis, 43, `element of "spans" is a string, expected an object`},
		{"resource is an array", `{"resourceSpans":[{"resource":[]}]}`, mis, 30, `"resource" is an array, expected an object`},
		{"attributes is an object", `{"resourceSpans":[{"resource":{"attributes":{}}}]}`, mis, 44, `"attributes" is an object, expected an array`},
		{"attribute is a string", `{"resourceSpans":[{"resource":{"attributes":["k"]}}]}`, mis, 45, `element of "attributes" is a string, expected an object`},
		{"key is a number", `{"resourceSpans":[{"resource":{"attributes":[{"key":1}]}}]}`, mis, 52, `"key" is a number, expected a string`},
		{"value is a string", `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":"x"}]}}]}`, mis, 75, `"value" is a string, expected an object`},
		{"traceId is a number", span(`"traceId":5`), mis, spanAt + 10, `"traceId" is a number, expected a string`},
		{"name is an array", span(`"name":[]`), mis, spanAt + 7, `"name" is an array, expected a string`},
		{"start time not digits", span(`"startTimeUnixNano":"abc"`), mis, spanAt + 20, `"startTimeUnixNano" is "abc", expected a decimal integer from 0 to 2^63-1`},
		{"start time negative", span(`"startTimeUnixNano":-1`), mis, spanAt + 20, `"startTimeUnixNano" is -1, expected a decimal integer from 0 to 2^63-1`},
		{"end time fraction", span(`"end_time_unix_nano":1.5`), mis, spanAt + 21, `"endTimeUnixNano" is 1.5, expected a decimal integer from 0 to 2^63-1`},
		{"end time too large", span(`"endTimeUnixNano":"18446744073709551615"`), mis, spanAt + 18, `"endTimeUnixNano" is "18446744073709551615", expected a decimal integer from 0 to 2^63-1`},
		{"start time is true", span(`"startTimeUnixNano":true`), mis, spanAt + 20, `"startTimeUnixNano" is a boolean, expected an integer`},
		{"kind is an object", span(`"kind":{}`), mis, spanAt + 7, `"kind" is an object, expected an enum number or name`},
		{"kind fraction", span(`"kind":2.5`), mis, spanAt + 7, `"kind" is 2.5, expected a 64-bit decimal integer`},
		{"status is a number", span(`"status":2`), mis, spanAt + 9, `"status" is a number, expected an object`},
		{"status code is an array", span(`"status":{"code":[]}`), mis, spanAt + 17, `"code" is an array, expected an enum number or name`},
		{"links is an object", span(`"links":{}`), mis, spanAt + 8, `"links" is an object, expected an array`},
		{"link is null-free", span(`"links":[1]`), mis, spanAt + 9, `element of "links" is a number, expected an object`},
		{"kept int not an int", span(`"attributes":[{"key":"k","value":{"intValue":"x1"}}]`), mis, spanAt + 45, `"intValue" is "x1", expected a 64-bit decimal integer`},
		{"kept int before its key", span(`"attributes":[{"value":{"intValue":"x1"},"key":"k"}]`), mis, spanAt + 35, `"intValue" is "x1", expected a 64-bit decimal integer`},
		{"kept int too large", span(`"attributes":[{"key":"k","value":{"intValue":9223372036854775808}}]`), mis, spanAt + 45, `"intValue" is 9223372036854775808, expected a 64-bit decimal integer`},
		{"kept double not a number", span(`"attributes":[{"key":"k","value":{"doubleValue":"nan"}}]`), mis, spanAt + 48, `"doubleValue" is "nan", expected a 64-bit floating-point number`},
		{"kept double out of range", span(`"attributes":[{"key":"k","value":{"doubleValue":1e400}}]`), mis, spanAt + 48, `"doubleValue" is 1e400, expected a 64-bit floating-point number`},
		{"kept double is an object", span(`"attributes":[{"key":"k","value":{"doubleValue":{}}}]`), mis, spanAt + 48, `"doubleValue" is an object, expected a number`},
		{"kept bool is a string", span(`"attributes":[{"key":"k","value":{"boolValue":"true"}}]`), mis, spanAt + 46, `"boolValue" is a string, expected a boolean`},
		{"kept string is a number", span(`"attributes":[{"key":"k","value":{"stringValue":1}}]`), mis, spanAt + 48, `"stringValue" is a number, expected a string`},
		{"trailing garbage", `{"resourceSpans":[]}x`, mal, 20, "expected end of record after the top-level value, found 'x'"},
		{"two values", `{"resourceSpans":[]} {}`, mal, 21, "expected end of record after the top-level value, found '{'"},
		{"missing comma", `{"resourceSpans":[] "x":1}`, mal, 20, `expected ',' or '}' after object member, found '"'`},
		{"missing comma in array", `{"resourceSpans":[{} {}]}`, mal, 21, "expected ',' or ']' after array element, found '{'"},
		{"trailing comma", `{"resourceSpans":[],}`, mal, 20, "expected string for object key, found '}'"},
		{"trailing comma in array", `{"resourceSpans":[{},]}`, mal, 21, "expected value, found ']'"},
		{"missing colon", `{"resourceSpans" []}`, mal, 17, "expected ':' after object key, found '['"},
		{"unquoted key", `{resourceSpans:[]}`, mal, 1, "expected string for object key, found 'r'"},
		{"single quotes", `{'resourceSpans':[]}`, mal, 1, `expected string for object key, found '\''`},
		{"bad literal", `{"resourceSpans":[],"x":tru}`, mal, 24, `expected true, found "tru}"`},
		{"truncated literal", `{"resourceSpans":[],"x":nul`, mal, 24, `expected null, found "nul"`},
		{"bad escape", `{"x":"a\qb"}`, mal, 8, `expected one of "\/bfnrtu after '\' in string, found 'q'`},
		{"bad unicode escape", `{"x":"\u12G4"}`, mal, 10, `expected 4 hex digits after '\u', found 'G'`},
		{"truncated unicode escape", `{"x":"\u12`, mal, 10, `expected 4 hex digits after '\u', found end of record`},
		{"truncated escape", `{"x":"\`, mal, 7, `expected escape character after '\', found end of record`},
		{"unterminated string", `{"x":"abc`, mal, 9, `expected '"' to close the string that starts at byte 5, found end of record`},
		{"raw tab in string", "{\"x\":\"a\tb\"}", mal, 7, `expected '"' or a printable character in string, found byte 0x09 (control characters must be escaped)`},
		{"raw newline in key", "{\"a\nb\":1}", mal, 3, `expected '"' or a printable character in string, found byte 0x0a (control characters must be escaped)`},
		{"leading zero", `{"x":01}`, mal, 6, "expected ',' or '}' after object member, found '1'"},
		{"lone minus", `{"x":-}`, mal, 6, "expected digit, found '}'"},
		{"plus sign", `{"x":+1}`, mal, 5, "expected value, found '+'"},
		{"bare fraction", `{"x":1.}`, mal, 7, "expected digit after decimal point, found '}'"},
		{"bare exponent", `{"x":1e+}`, mal, 8, "expected digit in exponent, found '}'"},
		{"control byte", "{\"x\":\x01}", mal, 5, "expected value, found byte 0x01"},
		{"unclosed object", `{"resourceSpans":[]`, mal, 19, "expected ',' or '}' after object member, found end of record"},
		{"unclosed array", `{"x":[1`, mal, 7, "expected ',' or ']' after array element, found end of record"},
		{"mismatched brackets", `{"x":[1}`, mal, 7, "expected ',' or ']' after array element, found '}'"},
		{"mismatched brackets deep", `{"x":[{"y":[{}]]}`, mal, 15, "expected ',' or '}' after object member, found ']'"},
		{"half-written line", `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.na`, mal, 63, `expected '"' to close the string that starts at byte 52, found end of record`},
		// A record that is both of the wrong shape and malformed is malformed.
		{"mismatch, then syntax error", `{"resourceSpans":5,"x":[}`, mal, 24, "expected value, found '}'"},
		{"wrong top-level type, then syntax error", `["x",]`, mal, 5, "expected value, found ']'"},
		{"drops, then syntax error", wrapSpans(`{}`) + `,`, mal, len(wrapSpans(`{}`)), "expected end of record after the top-level value, found ','"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b batch
			err := newTestOTLPJSON("k").decode([]byte(tt.rec), &b)
			var de *decodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *decodeError", err)
			}
			if got, want := fmt.Sprintf("%s at %d: %s", de.reason, de.off, de.msg), fmt.Sprintf("%s at %d: %s", tt.reason, tt.off, tt.msg); got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			if len(b.spans) != 0 || len(b.drops) != 0 {
				t.Errorf("a skipped record left %d spans and %d drops in the batch", len(b.spans), len(b.drops))
			}
		})
	}
}

// TestOTLPJSONErrorKeepsBatch checks that a skipped record removes only
// what it appended.
func TestOTLPJSONErrorKeepsBatch(t *testing.T) {
	d := newTestOTLPJSON()
	var b batch
	if err := d.decode([]byte(wrapSpans(spanWith(""), `{}`)), &b); err != nil {
		t.Fatal(err)
	}
	bad := wrapSpans(spanWith(""), `{}`, spanWith(`"kind":{}`))
	if err := d.decode([]byte(bad), &b); err == nil {
		t.Fatal("no error for a bad record")
	}
	if len(b.spans) != 1 || len(b.drops) != 1 {
		t.Errorf("batch has %d spans, %d drops; want the first record's 1 and 1", len(b.spans), len(b.drops))
	}
	// The decoder is still usable.
	if err := d.decode([]byte(wrapSpans(spanWith(""))), &b); err != nil || len(b.spans) != 2 {
		t.Errorf("after an error: err %v, %d spans", err, len(b.spans))
	}
}

// TestOTLPJSONDeepNesting feeds 100,000 nested arrays (and objects) in an
// unknown field: skipping them must neither recurse nor take long.
func TestOTLPJSONDeepNesting(t *testing.T) {
	const depth = 100_000
	arrays := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	objects := strings.Repeat(`{"a":[`, depth) + strings.Repeat("]}", depth)
	for _, tt := range []struct{ name, value string }{{"arrays", arrays}, {"objects", objects}} {
		t.Run(tt.name, func(t *testing.T) {
			b := decodeOK(t, newTestOTLPJSON(), `{"x":`+tt.value+`,"resourceSpans":[]}`)
			if len(b.spans) != 0 {
				t.Errorf("spans: %v", b.spans)
			}
		})
	}
	t.Run("mismatched at the bottom", func(t *testing.T) {
		rec := `{"x":` + strings.Repeat("[", depth) + "}"
		var b batch
		err := newTestOTLPJSON().decode([]byte(rec), &b)
		want := fmt.Sprintf("expected value, found '}' at byte %d of the record", 5+depth)
		if err == nil || err.Error() != want {
			t.Errorf("err = %v, want %s", err, want)
		}
	})
}
