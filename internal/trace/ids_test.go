package trace

import (
	"strings"
	"testing"
)

func TestDecodeTraceID(t *testing.T) {
	const hex32 = "5b8efff798038103d269b633813fc60c"
	cases := []struct {
		in    string
		short bool
		want  string // "" = invalid
	}{
		{hex32, false, hex32},
		{strings.ToUpper(hex32), false, hex32},
		// protojson would read these 32 characters as base64 into 24 bytes.
		{"5B8EFFF798038103D269B633813FC60C", false, hex32},
		{"W47/95gDgQPSabYzgT/GDA==", false, hex32}, // base64 of the same 16 bytes
		{"0000000000000000d269b633813fc60c", false, "0000000000000000d269b633813fc60c"},
		{"d269b633813fc60c", true, "0000000000000000d269b633813fc60c"}, // Jaeger/Zipkin short ID
		{"d269b633813fc60c", false, ""},                                // OTLP has no short IDs
		{"", false, ""},
		{strings.Repeat("0", 32), false, ""},
		{"AAAAAAAAAAAAAAAAAAAAAA==", false, ""}, // base64 of zero bytes
		{"5b8efff798038103d269b633813fc60", false, ""},
		{"5b8efff798038103d269b633813fc60g", false, ""},
		{"W47/95gDgQPSabYzgT/GDA", false, ""},   // unpadded
		{"W47/95gDgQPSabYzgT/GDAAA", false, ""}, // 18 bytes
		{"W47_95gDgQPSabYzgT_GDA==", false, ""}, // URL alphabet
		{"5b8efff7-9803-8103-d269-b633813f", false, ""},
	}
	for _, c := range cases {
		id, ok := DecodeTraceID([]byte(c.in), c.short)
		got := ""
		if ok {
			got = id.String()
		}
		if got != c.want {
			t.Errorf("DecodeTraceID(%q, %v) = %q, %v; want %q", c.in, c.short, got, ok, c.want)
		}
	}
}

func TestDecodeSpanID(t *testing.T) {
	cases := []struct{ in, want string }{
		{"d269b633813fc60c", "d269b633813fc60c"},
		{"D269B633813FC60C", "d269b633813fc60c"},
		{"0mm2M4E/xgw=", "d269b633813fc60c"},
		{"0000000000000000", ""},
		{"", ""},
		{"d269b633813fc60", ""},
		{"0mm2M4E/xgw", ""},
	}
	for _, c := range cases {
		id, ok := DecodeSpanID([]byte(c.in))
		got := ""
		if ok {
			got = id.String()
		}
		if got != c.want {
			t.Errorf("DecodeSpanID(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

func TestParseIDs(t *testing.T) {
	for in, want := range map[string]string{
		"5B8EFFF798038103D269B633813FC60C": "5b8efff798038103d269b633813fc60c",
		"d269b633813fc60c":                 "0000000000000000d269b633813fc60c",
	} {
		id, err := ParseTraceID(in)
		if err != nil || id.String() != want {
			t.Errorf("ParseTraceID(%q) = %v, %v; want %s", in, id, err, want)
		}
	}
	for _, bad := range []string{"", "xyz", strings.Repeat("0", 32), "W47/95gDgQPSabYzgT/GDA==", "5b8efff798038103d269b633813fc60"} {
		if _, err := ParseTraceID(bad); err == nil || !strings.Contains(err.Error(), "malformed ID") {
			t.Errorf("ParseTraceID(%q): err %v, want a malformed-ID error", bad, err)
		}
	}
	if _, err := ParseSpanID("0000000000000000"); err == nil {
		t.Error("ParseSpanID accepted the zero ID")
	}
	if id, err := ParseSpanID("D269B633813FC60C"); err != nil || id.String() != "d269b633813fc60c" {
		t.Errorf("ParseSpanID = %v, %v", id, err)
	}
	if b, _ := (SpanID{1}).MarshalText(); string(b) != "0100000000000000" {
		t.Errorf("MarshalText = %s, want hex", b)
	}
}

func TestIDsFromBytes(t *testing.T) {
	if _, ok := TraceIDFromBytes(make([]byte, 16)); ok {
		t.Error("zero trace ID accepted")
	}
	if _, ok := TraceIDFromBytes(make([]byte, 24)); ok {
		t.Error("24-byte trace ID accepted")
	}
	if id, ok := SpanIDFromBytes([]byte{0, 0, 0, 0, 0, 0, 0, 7}); !ok || id.String() != "0000000000000007" {
		t.Errorf("SpanIDFromBytes = %v, %v", id, ok)
	}
}
