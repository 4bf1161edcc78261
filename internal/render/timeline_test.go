package render

import (
	"strings"
	"testing"
)

func TestWriteTimelineText(t *testing.T) {
	var b strings.Builder
	if err := WriteTimelineText(&b, sampleTimeline(t), 100, Style{}); err != nil {
		t.Fatal(err)
	}
	want := `request GET /profile/{id} · api on host-a · actor user-42
trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7 · 2026-11-21T10:00:00.000000000Z · 40ms

 START  DURATION  SERVICE  HOST    SPAN                                      +0s               +40ms
   +0s    12.3ms  api      host-a  GET /profile/{id}                         ████████
+120µs     340µs  api      host-a    GET                                     █
+500µs     600µs  api      host-a    publish profile.updated                 █
  +3ms      37ms  worker   host-b      ⇢ process profile.updated ← publish…   ██████████████████████
 +30ms     200µs  worker   host-b        ✗ DEL                                                █
  +2ms     250ns  api      host-a    ? warm: cache #1; 100%                   █

legend: ⇢ job, linked from the producer named · ? orphan: parent not in the input · ✗ error status
1 span hidden by --service, --since or --until
not in the input: 1 parent
`
	diff(t, "text", b.String(), want)
}

func TestWriteTimelineTextNarrow(t *testing.T) {
	var b strings.Builder
	if err := WriteTimelineText(&b, sampleTimeline(t), 20, Style{}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, "GET /profile/{id}  ") && !strings.HasSuffix(line, "████") {
			t.Errorf("bar of the root row should still be drawn at the minimum width: %q", line)
		}
	}
}

func TestWriteTimelineTextColor(t *testing.T) {
	var b strings.Builder
	if err := WriteTimelineText(&b, sampleTimeline(t), 100, Style{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\x1b[31m✗ DEL") {
		t.Errorf("an error span should be red:\n%s", b.String())
	}
}

func TestWriteTimelineJSON(t *testing.T) {
	tl := sampleTimeline(t)
	tl.Spans = tl.Spans[2:4]
	tl.Spans[0].Name = ""
	var b strings.Builder
	if err := WriteTimelineJSON(&b, tl); err != nil {
		t.Fatal(err)
	}
	want := `{
  "schema": "raceline.timeline/v1",
  "request": {
    "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
    "span_id": "00f067aa0ba902b7",
    "kind": "request",
    "service": "api",
    "host": "host-a",
    "name": "GET /profile/{id}",
    "start": "2026-11-21T10:00:00.000000000Z",
    "end": "2026-11-21T10:00:00.040000000Z",
    "actor": "user-42"
  },
  "clock": null,
  "spans": [
    {
      "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
      "span_id": "00000000000000a2",
      "parent_span_id": "00f067aa0ba902b7",
      "depth": 1,
      "kind": "producer",
      "service": "api",
      "host": "host-a",
      "name": null,
      "start": "2026-11-21T10:00:00.000500000Z",
      "end": "2026-11-21T10:00:00.001100000Z",
      "status": "unset",
      "orphan": false,
      "linked_from": null
    },
    {
      "trace_id": "0af7651916cd43dd8448eb211c80319c",
      "span_id": "00000000000000b1",
      "parent_span_id": null,
      "depth": 2,
      "kind": "consumer",
      "service": "worker",
      "host": "host-b",
      "name": "process profile.updated",
      "start": "2026-11-21T10:00:00.003000000Z",
      "end": "2026-11-21T10:00:00.040000000Z",
      "status": "unset",
      "orphan": false,
      "linked_from": {
        "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
        "span_id": "00000000000000a2"
      }
    }
  ],
  "missing": [
    {
      "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
      "span_id": "00000000000000ff",
      "referenced_as": "parent"
    }
  ]
}
`
	diff(t, "json", b.String(), want)
}

func TestWriteTimelineJSONEmpty(t *testing.T) {
	var b strings.Builder
	if err := WriteTimelineJSON(&b, &Timeline{Request: Unit{Kind: "trace"}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"spans": []`, `"missing": []`, `"actor": null`, `"name": null`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("want %s in\n%s", want, b.String())
		}
	}
}
