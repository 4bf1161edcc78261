package render

import (
	"strings"
	"testing"
)

func TestSanitizeMermaid(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GET /profile/{id}", "GET /profile/{id}"},
		{"redis: GET user:42", "redis： GET user：42"},
		{"a#b;c%d", "a＃b；c％d"},
		{"<script>", "＜script＞"},
		{"two\nlines\r\nand\ttab", "two lines and tab"},
		{"bell\x07", "bell"},
		{"  padded  ", "padded"},
		{"", "(unnamed)"},
		{" \n ", "(unnamed)"},
		{"title page", "· title page"},
		{"Section 3", "· Section 3"},
		{"CALL backend", "· CALL backend"},
		{"click handler", "· click handler"},
		{"gantt", "· gantt"},
		{"2026-11-21 batch", "· 2026-11-21 batch"},
		{"2026-11 batch", "2026-11 batch"},
		{"recall", "recall"},
	}
	for _, tt := range tests {
		if got := sanitizeMermaid(tt.in); got != tt.want {
			t.Errorf("sanitizeMermaid(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteTimelineMermaid(t *testing.T) {
	var b strings.Builder
	if err := WriteTimelineMermaid(&b, sampleTimeline(t)); err != nil {
		t.Fatal(err)
	}
	want := `gantt
    title request GET /profile/{id} · trace 4bf92f3577b34da6a3ce929d0e0e4736
    dateFormat x
    axisFormat %H:%M:%S.%L
    todayMarker off
    %% raw span times in ms since the Unix epoch; spans under 1 ms are drawn 1 ms long
    section api on host-a
    GET /profile/{id} (12.3ms) :1795255200000, 1795255200013
    GET (340µs) :1795255200000, 1795255200001
    publish profile.updated (600µs) :1795255200000, 1795255200002
    warm： cache ＃1； 100％ (250ns) :1795255200002, 1795255200003
    section worker on host-b
    ⇢ process profile.updated (37ms) :1795255200003, 1795255200040
    DEL (200µs) :crit, 1795255200030, 1795255200031
`
	diff(t, "mermaid", b.String(), want)
}

func TestFloorDiv(t *testing.T) {
	for _, tt := range [][3]int64{{7, 2, 3}, {-7, 2, -4}, {-8, 2, -4}, {0, 5, 0}, {-1, 1000000, -1}} {
		if got := floorDiv(tt[0], tt[1]); got != tt[2] {
			t.Errorf("floorDiv(%d, %d) = %d, want %d", tt[0], tt[1], got, tt[2])
		}
	}
}

// FuzzSanitizeMermaid checks that no name, however odd, leaves a character
// the gantt grammar reserves, a line break, or a keyword at the start.
func FuzzSanitizeMermaid(f *testing.F) {
	for _, s := range []string{"GET /x", "a:b#c;d%e", "title x", "2026-11-21", "\x00\n\r\t", "}%%{init}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := sanitizeMermaid(s)
		if got == "" || strings.ContainsAny(got, ":#;%<>\n\r") {
			t.Fatalf("sanitizeMermaid(%q) = %q", s, got)
		}
		lower := strings.ToLower(got)
		for _, k := range mermaidKeywords {
			if strings.HasPrefix(lower, k) {
				t.Fatalf("sanitizeMermaid(%q) = %q starts with the keyword %q", s, got, k)
			}
		}
		if startsWithDate(got) {
			t.Fatalf("sanitizeMermaid(%q) = %q starts with a date", s, got)
		}
	})
}
