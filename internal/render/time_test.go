package render

import (
	"encoding/json"
	"math"
	"testing"
)

func TestFormatTime(t *testing.T) {
	tests := []struct {
		ns   int64
		want string
	}{
		{0, "1970-01-01T00:00:00.000000000Z"},
		{1, "1970-01-01T00:00:00.000000001Z"},
		{1795255200123456789, "2026-11-21T10:00:00.123456789Z"},
		{1795255200000000000, "2026-11-21T10:00:00.000000000Z"},
		{-1, "1969-12-31T23:59:59.999999999Z"},
		{math.MaxInt64, "2262-04-11T23:47:16.854775807Z"},
		{math.MinInt64, "1677-09-21T00:12:43.145224192Z"},
	}
	for _, tt := range tests {
		if got := FormatTime(tt.ns); got != tt.want {
			t.Errorf("FormatTime(%d) = %q, want %q", tt.ns, got, tt.want)
		}
	}
}

func TestTimeMarshalJSON(t *testing.T) {
	got, err := json.Marshal([]Time{At(1795255200000000001), {}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `["2026-11-21T10:00:00.000000001Z",null]`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
