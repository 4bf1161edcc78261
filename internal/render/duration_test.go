package render

import (
	"math"
	"testing"
)

func TestDuration(t *testing.T) {
	tests := []struct {
		ns   int64
		want string
	}{
		{0, "0ns"},
		{850, "850ns"},
		{999, "999ns"},
		{1000, "1µs"},
		{1234, "1.23µs"},
		{1235, "1.24µs"}, // half up
		{340_000, "340µs"},
		{340_400, "340µs"},
		{999_499, "999µs"},
		{999_500, "1ms"}, // rounding carries into the next unit
		{1_200_000, "1.2ms"},
		{1_204_999, "1.2ms"},
		{12_345_678, "12.3ms"},
		{2_010_000_000, "2.01s"},
		{59_940_000_000, "59.9s"},
		{59_950_000_000, "1m0s"},
		{125_400_000_000, "2m5s"},
		{3_599_400_000_000, "59m59s"},
		{3_599_600_000_000, "1h0m"},
		{5_400_000_000_000, "1h30m"},
		{-340_000, "-340µs"},
		{math.MaxInt64, "2562047h47m"},
		{math.MinInt64, "-2562047h47m"},
	}
	for _, tt := range tests {
		if got := Duration(tt.ns); got != tt.want {
			t.Errorf("Duration(%d) = %q, want %q", tt.ns, got, tt.want)
		}
	}
}

func TestOffset(t *testing.T) {
	for ns, want := range map[int64]string{0: "+0s", 1_200_000: "+1.2ms", -340_000: "-340µs"} {
		if got := Offset(ns); got != want {
			t.Errorf("Offset(%d) = %q, want %q", ns, got, want)
		}
	}
}
