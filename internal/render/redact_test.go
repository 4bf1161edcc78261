package render

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/raceline/raceline/internal/config"
)

// mac8 is the expected hash, computed here independently of Redactor.
func mac8(key, s string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))[:8]
}

func newTestRedactor(t *testing.T, key string) *Redactor {
	t.Helper()
	r, err := NewRedactor([]byte(key), config.Default().Redact.SegmentPatterns)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRedactorKey(t *testing.T) {
	r := newTestRedactor(t, "k")
	uuid := "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
	tests := []struct{ key, want string }{
		{"user:42:profile", "user:" + mac8("k", "42") + ":profile"},
		{"stats:daily", "stats:daily"},
		{"session:" + uuid, "session:" + mac8("k", uuid)},
		{"cart-" + uuid + "-items", "cart-" + mac8("k", uuid) + "-items"},
		{"a/1/b/ff00aa", "a/" + mac8("k", "1") + "/b/" + mac8("k", "ff00aa")},
		{"", ""},
	}
	for _, tt := range tests {
		if got := r.Key(tt.key); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	if got, want := r.Actor("user-42"), mac8("k", "user-42"); got != want {
		t.Errorf("Actor = %q, want %q", got, want)
	}
	if got := r.Actor(""); got != "" {
		t.Errorf("Actor(\"\") = %q, want \"\"", got)
	}
	if r.Random() {
		t.Error("Random() with a key given")
	}
}

func TestRedactorFinding(t *testing.T) {
	in := sampleFindings(t).Findings[0]
	orig := sampleFindings(t).Findings[0]
	r := newTestRedactor(t, "k")
	f := in
	r.Finding(&f)
	h := mac8("k", "42")
	if want := "user:" + h + ":profile"; f.Key != want || !cmp.Equal(f.Keys, []string{want}) {
		t.Errorf("keys %q %q, want %q", f.Key, f.Keys, want)
	}
	if want := `GET /profile/{id} read user:` + h + `:profile from cache 28ms before job "process jobs" (enqueued by the same user 16ms earlier) deleted it`; f.Summary != want {
		t.Errorf("summary %q, want %q", f.Summary, want)
	}
	if f.Request.Actor != mac8("k", "user-42") || f.Job.Actor != mac8("k", "user-42") {
		t.Errorf("actors %q %q not hashed", f.Request.Actor, f.Job.Actor)
	}
	for _, e := range f.Events {
		if strings.Contains(e.Key, "42") {
			t.Errorf("event key %q not redacted", e.Key)
		}
	}
	// The caller's finding is not changed through shared pointers.
	if d := cmp.Diff(orig, in); d != "" {
		t.Errorf("the input finding changed (-want +got):\n%s", d)
	}
}

func TestRedactorSummaryLongestFirst(t *testing.T) {
	r := newTestRedactor(t, "k")
	got := r.summary("a:1 then a:1:b", []string{"a:1", "a:1:b", ""})
	if want := "a:" + mac8("k", "1") + " then a:" + mac8("k", "1") + ":b"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

func TestRedactorRandomKey(t *testing.T) {
	a, b := newTestRedactor(t, ""), newTestRedactor(t, "")
	if !a.Random() {
		t.Error("Random() false without a key")
	}
	if a.Key("user:42") == b.Key("user:42") {
		t.Error("two random keys gave the same hash")
	}
}
