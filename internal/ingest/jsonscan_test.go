package ingest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// skipAll skips one value and checks that only whitespace follows, as a
// decoder does with a record it does not understand.
func skipAll(data []byte) error {
	var s scanner
	s.reset(data)
	if err := s.skipValue(); err != nil {
		return err
	}
	return s.end()
}

// jsonValidityCases are inputs whose validity encoding/json must agree on.
var jsonValidityCases = []string{
	`0`, `-0`, `1.5e+10`, `-1E-2`, `123456789012345678901234567890`, `"x"`, `""`, `true`, `false`, `null`,
	`[]`, `{}`, ` [ 1 , "a" , { "b" : [ ] } ] `, `{"a":{"b":{"c":[[[]]]}}}`, `["\u00e9\ud83d\ude00\\\"\/\b\f\n\r\t"]`,
	"\"\xff\xfe invalid UTF-8 is not checked\"", `{"a":1,"a":2}`,
	``, ` `, `01`, `1.`, `.5`, `1e`, `+1`, `-`, `--1`, `0x10`, `NaN`, `Infinity`, `tru`, `nul`, `True`,
	`[1,]`, `[,1]`, `{,}`, `{"a"}`, `{"a":}`, `{"a" 1}`, `{"a":1,}`, `{1:2}`, `[1 2]`, `[1}`, `{"a":1]`, `[`, `{`, `]`, `}`,
	`"abc`, `"\x"`, `"\u12"`, `"\u12g4"`, "\"a\tb\"", "\"\x00\"", `1 2`, `{} {}`, "\ufeff{}", `'a'`, `[1]]`, `{"a":[1,{"b":2]}`,
}

func TestSkipValueMatchesEncodingJSON(t *testing.T) {
	for _, in := range jsonValidityCases {
		err := skipAll([]byte(in))
		if valid := json.Valid([]byte(in)); valid != (err == nil) {
			t.Errorf("%q: skipValue error %v, encoding/json valid %t", in, err, valid)
		}
	}
}

// TestSkipValueErrors checks messages and offsets of the syntax errors the
// OTLP decoder's own tests do not reach.
func TestSkipValueErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`[1 2]`, "expected ',' or ']' after array element, found '2' at byte 3 of the record"},
		{`{"a":1]`, "expected ',' or '}' after object member, found ']' at byte 6 of the record"},
		{`{"a"}`, "expected ':' after object key, found '}' at byte 4 of the record"},
		{`{"a":[],1:2}`, "expected string for object key, found '1' at byte 8 of the record"},
		{`[[[[`, "expected value, found end of record at byte 4 of the record"},
		{`["\u00e9", "\x"]`, `expected one of "\/bfnrtu after '\' in string, found 'x' at byte 13 of the record`},
		{"[\"\xff\", \x80]", "expected value, found byte 0x80 at byte 6 of the record"},
		{`[-01]`, "expected ',' or ']' after array element, found '1' at byte 3 of the record"},
		{`[fals]`, `expected false, found "fals]" at byte 1 of the record`},
	}
	for _, tt := range tests {
		err := skipAll([]byte(tt.in))
		var de *decodeError
		if !errors.As(err, &de) || de.reason != ReasonMalformedJSON || err.Error() != tt.want {
			t.Errorf("%q:\n got %v\nwant %s", tt.in, err, tt.want)
		}
	}
}

// TestStringUnescape compares the scanner's strings with encoding/json's.
func TestStringUnescape(t *testing.T) {
	for _, in := range []string{
		`""`, `"plain"`, `"\"\\\/\b\f\n\r\t"`, `"\u0041\u00e9\u20ac"`, `"\ud83d\ude80"`, `"\uD83D\uDE80"`,
		`"\ud83d"`, `"\ude80"`, `"\ud83d\u0041"`, `"\ud83dx"`, `"\ud83d\ud83d\ude80"`, `"a\u0000b"`,
		`"` + strings.Repeat(`ab\n`, 40) + `"`, `"naïve \u2713 ✓"`,
	} {
		var want string
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		var s scanner
		s.reset([]byte(in))
		got, err := s.str(&s.strs)
		if err != nil || string(got) != want || s.pos != len(in) {
			t.Errorf("%s: got %q (pos %d, err %v), want %q", in, got, s.pos, err, want)
		}
	}
}

// TestPlainRun puts each special byte at each offset of strings longer and
// shorter than the 8-byte stride.
func TestPlainRun(t *testing.T) {
	for n := range 20 {
		for at := range n {
			for _, c := range []byte{'"', '\\', 0x00, 0x1f} {
				b := []byte(strings.Repeat("a\x7f\x80é ~", 4)[:n])
				b[at] = c
				want := 0
				for want < len(b) && plain[b[want]] {
					want++
				}
				if got := plainRun(b, 0); got != want {
					t.Errorf("plainRun(%q) = %d, want %d", b, got, want)
				}
			}
		}
	}
}

func TestSkipScalarObject(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		rest string
	}{
		{`{"stringValue":"abc"},`, true, ","},
		{`{"intValue":-12.5e3}]`, true, "]"},
		{`{"boolValue":true}`, true, ""},
		{`{"boolValue":false}`, true, ""},
		{`{"stringValue":"a\"b"}`, false, ""},
		{`{"stringValue":"abc" }`, false, ""},
		{`{"a":1,"b":2}`, false, ""},
		{`{"a":null}`, false, ""},
		{`{"a":{}}`, false, ""},
		{`{"a":1.}`, false, ""},
		{`{"a":tru}`, false, ""},
		{`{"a":"x`, false, ""},
		{`{"a`, false, ""},
	}
	for _, tt := range tests {
		var s scanner
		s.reset([]byte(tt.in))
		ok := s.skipScalarObject()
		rest := tt.in[s.pos:]
		if ok != tt.ok || (ok && rest != tt.rest) || (!ok && s.pos != 0) {
			t.Errorf("%s: ok %t, rest %q; want %t, %q", tt.in, ok, rest, tt.ok, tt.rest)
		}
	}
}

// FuzzSkipValue checks the validating skipper against encoding/json.
func FuzzSkipValue(f *testing.F) {
	for _, in := range jsonValidityCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := skipAll(data)
		if valid := json.Valid(data); valid != (err == nil) {
			t.Fatalf("%q: skipValue error %v, encoding/json valid %t", data, err, valid)
		}
		var de *decodeError
		if err != nil && (!errors.As(err, &de) || de.off < 0 || de.off > len(data) || !utf8.ValidString(de.msg)) {
			t.Fatalf("%q: bad error %#v", data, err)
		}
	})
}
