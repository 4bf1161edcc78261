package render

import (
	"strings"
	"testing"
)

func sampleStats() *Stats {
	return &Stats{
		Files: []FileStats{
			{Path: "traces/a.jsonl", Format: "otlp-jsonl", Compression: "none", Bytes: 12_345, Records: 120, Parsed: 118, Skipped: 2},
			{Path: "traces/b.json.gz", Format: "otlp-json", Compression: "gzip", Bytes: 1_234_567, Records: 1, Parsed: 1},
		},
		Records: Records{Read: 121, Parsed: 119, Skipped: 2},
		Skipped: []SkipGroup{{Reason: "malformed-json", Count: 2, First: []Location{
			{Path: "traces/a.jsonl", Line: 4, Offset: 812, Text: "traces/a.jsonl:4"},
			{Path: "traces/a.jsonl", Line: 9, Offset: -1, Text: "traces/a.jsonl:9"},
		}}},
		IgnoredFiles:    []string{"traces/notes.txt"},
		Spans:           1234,
		SpansDropped:    Counts{"invalid-span-id": 3},
		Anomalies:       Counts{"self-parent": 1, "duplicate-span": 2, "parent-cycle": 0},
		Traces:          120,
		Requests:        80,
		Jobs:            12,
		Services:        []string{"api", "worker"},
		Hosts:           []string{"host-a", "host-b"},
		Start:           At(base + 123456789),
		End:             At(base + 300*1000*ms),
		SpansWithParent: 1100,
		OrphanSpans:     5,
		Links:           14,
	}
}

func TestWriteStatsJSON(t *testing.T) {
	var b strings.Builder
	if err := WriteStatsJSON(&b, sampleStats()); err != nil {
		t.Fatal(err)
	}
	want := `{
  "schema": "raceline.stats/v1",
  "files": [
    {
      "path": "traces/a.jsonl",
      "format": "otlp-jsonl",
      "compression": "none",
      "bytes": 12345,
      "records": 120,
      "parsed": 118,
      "skipped": 2
    },
    {
      "path": "traces/b.json.gz",
      "format": "otlp-json",
      "compression": "gzip",
      "bytes": 1234567,
      "records": 1,
      "parsed": 1,
      "skipped": 0
    }
  ],
  "records": {
    "read": 121,
    "parsed": 119,
    "skipped": 2
  },
  "skipped": [
    {
      "reason": "malformed-json",
      "count": 2,
      "first": [
        {
          "path": "traces/a.jsonl",
          "line": 4,
          "frame": null,
          "offset": 812
        },
        {
          "path": "traces/a.jsonl",
          "line": 9,
          "frame": null,
          "offset": null
        }
      ]
    }
  ],
  "ignored_files": [
    "traces/notes.txt"
  ],
  "spans": 1234,
  "spans_dropped": {
    "invalid-span-id": 3
  },
  "anomalies": {
    "duplicate-span": 2,
    "self-parent": 1
  },
  "traces": 120,
  "requests": 80,
  "jobs": 12,
  "services": [
    "api",
    "worker"
  ],
  "hosts": [
    "host-a",
    "host-b"
  ],
  "start": "2026-11-21T10:00:00.123456789Z",
  "end": "2026-11-21T10:05:00.000000000Z",
  "spans_with_parent": 1100,
  "orphan_spans": 5,
  "links": 14,
  "missing_link_targets": 0,
  "cache_ops": null,
  "cache_ops_without_key": null
}
`
	diff(t, "json", b.String(), want)
}

func TestWriteStatsJSONEmpty(t *testing.T) {
	var b strings.Builder
	if err := WriteStatsJSON(&b, &Stats{Skipped: []SkipGroup{{Reason: "truncated-record", Count: 1}}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"files": []`, `"first": []`, `"ignored_files": []`, `"spans_dropped": {}`,
		`"anomalies": {}`, `"services": []`, `"hosts": []`, `"start": null`, `"end": null`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("want %s in\n%s", want, b.String())
		}
	}
}

func TestWriteStatsText(t *testing.T) {
	var b strings.Builder
	if err := WriteStatsText(&b, sampleStats(), Style{}); err != nil {
		t.Fatal(err)
	}
	want := `Input     2 files, 1.2 MB · 121 records read, 119 parsed, 2 skipped

  FILE              FORMAT      COMPRESSION    SIZE  RECORDS  PARSED  SKIPPED
  traces/a.jsonl    otlp-jsonl  none          12 kB      120     118        2
  traces/b.json.gz  otlp-json   gzip         1.2 MB        1       1        0

Skipped   2 records
  malformed-json  2  traces/a.jsonl:4, traces/a.jsonl:9
Ignored   1 file that is not trace data
  traces/notes.txt

Spans     1,234 kept · 3 dropped (invalid-span-id 3)
Anomalies duplicate-span 2, self-parent 1
Traces    120 · 80 requests · 12 jobs
Parents   1,100 spans with a parent in the input · 5 orphans
Links     14 · 0 targets not in the input
Services  2: api, worker
Hosts     2: host-a, host-b
Time      2026-11-21T10:00:00.123456789Z → 2026-11-21T10:05:00.000000000Z (5m0s)
`
	diff(t, "text", b.String(), want)
}

func TestWriteLoadSummary(t *testing.T) {
	s := sampleStats()
	sum := &LoadSummary{Read: s.Records.Read, Skipped: s.Skipped, Dropped: s.SpansDropped,
		Ignored: []string{"a.txt", "b.txt", "c.txt", "d.txt"}}
	var b strings.Builder
	if err := WriteLoadSummary(&b, sum, Style{}); err != nil {
		t.Fatal(err)
	}
	want := `warning: skipped 2 of 121 records: malformed-json 2 (first at traces/a.jsonl:4)
warning: dropped 3 spans: invalid-span-id 3
note: ignored 4 files that are not trace data: a.txt, b.txt, c.txt, and 1 more
`
	diff(t, "summary", b.String(), want)

	b.Reset()
	if err := WriteLoadSummary(&b, &LoadSummary{Read: 3, Dropped: Counts{}}, Style{}); err != nil || b.Len() != 0 {
		t.Errorf("nothing to report wrote %q, %v", b.String(), err)
	}
}
