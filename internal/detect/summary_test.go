package detect

import "testing"

func TestHuman(t *testing.T) {
	for _, tc := range []struct {
		ns   int64
		want string
	}{
		{-5, "0s"}, {0, "0s"}, {1, "1ns"}, {850, "850ns"}, {999, "999ns"},
		{1000, "1µs"}, {1049, "1µs"}, {1050, "1.1µs"}, {9_949, "9.9µs"}, {9_950, "10µs"},
		{950_000, "950µs"}, {999_400, "999µs"}, {999_600, "1ms"},
		{3_200_000, "3.2ms"}, {12_000_000, "12ms"}, {12_400_000, "12ms"},
		{1_500_000_000, "1.5s"}, {59_000_000_000, "59s"}, {60_000_000_000, "1m0s"}, {250_000_000_000, "4m10s"},
		{1<<63 - 1, "153722867m17s"},
	} {
		if got := human(tc.ns); got != tc.want {
			t.Errorf("human(%d) = %q, want %q", tc.ns, got, tc.want)
		}
	}
}

func TestEarlier(t *testing.T) {
	if got := earlier(12e6); got != "12ms earlier" {
		t.Errorf("earlier(12ms) = %q", got)
	}
	if got := earlier(0); got != "at the same moment" {
		t.Errorf("earlier(0) = %q", got)
	}
}
