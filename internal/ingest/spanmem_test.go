package ingest

import (
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/raceline/raceline/internal/config"
	"github.com/raceline/raceline/internal/trace"
)

func TestOTLPJSONKeySet(t *testing.T) {
	strs := trace.NewInterner()
	long := strings.Repeat("k", 70) // longer than the filters' 64 length bits
	keep := trace.NewKeySet(append(slices.Clone(config.SemconvAttributes), long)...)
	ks := newKeySet(decoderEnv{strs: strs, keep: keep})
	for k := range keep {
		got, ok := ks.get([]byte(k))
		if !ok || got != k {
			t.Errorf("get(%q) = %q, %t", k, got, ok)
		}
		if unsafe.StringData(got) != unsafe.StringData(strs.String(k)) {
			t.Errorf("get(%q) is not the interned string", k)
		}
	}
	for _, k := range []string{"", "thread.name", "url.scheme", "http.routes", "http.rout", strings.Repeat("k", 6), strings.Repeat("k", 69)} {
		if got, ok := ks.get([]byte(k)); ok {
			t.Errorf("get(%q) = %q, true; want not kept", k, got)
		}
	}
}
