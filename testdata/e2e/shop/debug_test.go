package shop

import (
	"testing"
	"time"
)

func TestNamedDelay(t *testing.T) {
	for _, tc := range []struct {
		list, point string
		want        time.Duration
	}{
		{"fill=250ms", "fill", 250 * time.Millisecond},
		{"fill=250ms, write=1s", "write", time.Second},
		{"fill=250ms", "write", 0},
		{"fill=bad", "fill", 0},
		{"", "fill", 0},
	} {
		if got := namedDelay(tc.list, tc.point); got != tc.want {
			t.Errorf("namedDelay(%q, %q) = %v, want %v", tc.list, tc.point, got, tc.want)
		}
	}
}

func TestAnonymizeIsStableAndOpaque(t *testing.T) {
	a, b := Anonymize("user", "42"), Anonymize("user", "42")
	if a != b || len(a) != 16 || a == Anonymize("session", "42") || a == Anonymize("user", "43") {
		t.Fatalf("Anonymize: %s %s", a, b)
	}
}
