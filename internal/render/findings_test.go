package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sampleFindings is a read-your-writes across two hosts and a lost update
// between a request and a cron, as analyze shows them.
func sampleFindings(t *testing.T) *Findings {
	req, job := traceID(t, "4bf92f3577b34da6a3ce929d0e0e4736"), traceID(t, "0af7651916cd43dd8448eb211c80319c")
	cron := traceID(t, "5b8efff798038103d269b633813fc60c")
	root, producer, jobRoot := spanID(t, "00f067aa0ba902b7"), spanID(t, "00000000000000a2"), spanID(t, "00000000000000b1")
	hit := true
	offset, lo, hi, unc := int64(1200*us), int64(900*us), int64(1500*us), int64(300*us)
	return &Findings{
		Version: "1.2.3",
		Input:   sampleStats(),
		Clock: Clock{Hosts: []ClockHost{
			{Host: "host-a", Services: []string{"api"}, Reference: true, Bounded: true, MinNS: new(int64), MaxNS: new(int64), Pairs: 3},
			{Host: "host-b", Services: []string{"worker"}, Bounded: true, OffsetNS: offset, MinNS: &lo, MaxNS: &hi, UncertaintyNS: &unc, Pairs: 3},
			{Host: "host-c", Services: []string{"cron"}, Warnings: []string{"unbounded: no span pairs tie this host to another host"}},
		}},
		Findings: []Finding{{
			ID: "rl-3f9a1c2e5b7d", Rule: "read-your-writes", Severity: "high", Confidence: "certain",
			Key: "user:42:profile", Keys: []string{"user:42:profile"},
			Summary: `GET /profile/{id} read user:42:profile from cache 28ms before job "process jobs" (enqueued by the same user 16ms earlier) deleted it`,
			Request: Unit{TraceID: req, SpanID: root, Kind: "request", Service: "api", Host: "host-a", Name: "GET /profile/{id}",
				Start: base + 20*ms, End: base + 25*ms, Actor: "user-42"},
			Job: &FindingJob{Unit: Unit{TraceID: job, SpanID: jobRoot, Kind: "job", Service: "worker", Host: "host-b",
				Name: "process jobs", Start: base + 30*ms, End: base + 60*ms, Actor: "user-42"},
				Enqueue:    &SpanTimes{TraceID: req, SpanID: producer, Start: base + 5*ms, End: base + 6*ms},
				EnqueuedBy: &Enqueuer{TraceID: req, SpanID: root}},
			MarginNS: 11 * ms,
			Events: []Event{
				{Op: "enqueue", TraceID: req, SpanID: producer, Service: "api", Host: "host-a", Start: base + 5*ms, End: base + 6*ms, Name: "send jobs"},
				{Op: "read", Key: "user:42:profile", Hit: &hit, TraceID: req, SpanID: spanID(t, "00000000000000a1"), Service: "api",
					Host: "host-a", Start: base + 21*ms, End: base + 22*ms, Name: "GET"},
				{Op: "job-start", TraceID: job, SpanID: jobRoot, Service: "worker", Host: "host-b", Start: base + 30*ms, End: base + 30*ms, Name: "process jobs"},
				{Op: "invalidate", Key: "user:42:profile", TraceID: job, SpanID: spanID(t, "00000000000000b2"), Service: "worker",
					Host: "host-b", Start: base + 50*ms, End: base + 51*ms, Name: "DEL"},
				{Op: "job-end", TraceID: job, SpanID: jobRoot, Service: "worker", Host: "host-b", Start: base + 60*ms, End: base + 60*ms, Name: "process jobs"},
			},
		}, {
			ID: "rl-7aa931287001", Rule: "lost-update", Severity: "high", Confidence: "likely",
			Key: "stats:daily", Keys: []string{"stats:daily"}, Summary: "a short one",
			Request: Unit{TraceID: req, SpanID: root, Kind: "request", Service: "api", Host: "host-a", Start: base + 408*ms, End: base + 415*ms},
			Other:   &Unit{TraceID: cron, SpanID: jobRoot, Kind: "trace", Service: "cron", Host: "host-c", Name: "recount", Start: base + 400*ms, End: base + 430*ms},
			Events: []Event{
				{Op: "read", Key: "stats:daily", Hit: &hit, TraceID: cron, SpanID: spanID(t, "00000000000000c1"), Service: "cron", Host: "host-c", Start: base + 401*ms, End: base + 402*ms},
				{Op: "write", Key: "stats:daily", TraceID: req, SpanID: spanID(t, "00000000000000a3"), Service: "api", Host: "host-a", Start: base + 410*ms, End: base + 411*ms},
				{Op: "write", Key: "stats:daily", TraceID: cron, SpanID: spanID(t, "00000000000000c2"), Service: "cron", Host: "host-c", Start: base + 420*ms, End: base + 421*ms},
			},
			MarginNS: 8 * ms,
		}},
		Hidden:        2,
		MinConfidence: "likely",
		Notes:         FindingsNotes{Filtered: 1, Jobs: 4, JobsWithoutEnqueue: 1},
	}
}

func TestWriteFindingsJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFindingsJSON(&b, sampleFindings(t)); err != nil {
		t.Fatal(err)
	}
	validate(t, "findings", b.Bytes())
	if got, want := topLevelKeys(t, b.Bytes()), []string{"schema", "tool", "input", "clock", "summary", "findings"}; !cmp.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	var doc struct {
		Input    struct{ Schema string }
		Clock    struct{ Schema string }
		Summary  map[string]any
		Findings []map[string]any
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	wantSummary := map[string]any{"findings": 2.0, "hidden_below_min_confidence": 2.0,
		"by_rule":       map[string]any{"lost-update": 1.0, "read-your-writes": 1.0},
		"by_severity":   map[string]any{"high": 2.0},
		"by_confidence": map[string]any{"certain": 1.0, "likely": 1.0}}
	if d := cmp.Diff(wantSummary, doc.Summary); d != "" {
		t.Errorf("summary (-want +got):\n%s", d)
	}
	if doc.Input.Schema != StatsSchema || doc.Clock.Schema != ClockSchema {
		t.Errorf("input and clock are not whole documents: %q, %q", doc.Input.Schema, doc.Clock.Schema)
	}
	f := doc.Findings[0]
	events := f["events"].([]any)
	if e := events[0].(map[string]any); e["key"] != nil || e["hit"] != nil || f["other"] != nil {
		t.Errorf("an enqueue's key and hit, and a missing other, must be null: %v, other %v", e, f["other"])
	}
	if by := f["job"].(map[string]any)["enqueued_by"].(map[string]any); by["actor"] != nil {
		t.Errorf("an unknown actor must be null: %v", by)
	}
	if doc.Findings[1]["job"] != nil || doc.Findings[1]["request"].(map[string]any)["name"] != nil {
		t.Errorf("a missing job and an empty name must be null")
	}
}

func TestWriteFindingsJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFindingsJSON(&b, &Findings{Version: "1", Input: &Stats{}}); err != nil {
		t.Fatal(err)
	}
	validate(t, "findings", b.Bytes())
	for _, want := range []string{`"findings": []`, `"by_rule": {}`, `"hosts": []`, `"hidden_below_min_confidence": 0`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %s in:\n%s", want, b.String())
		}
	}
}

// topLevelKeys returns the keys of a JSON object in the order written.
func topLevelKeys(t *testing.T, doc []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestWriteFindingsNDJSON(t *testing.T) {
	f := sampleFindings(t)
	var doc, nd bytes.Buffer
	if err := WriteFindingsJSON(&doc, f); err != nil {
		t.Fatal(err)
	}
	if err := WriteFindingsNDJSON(&nd, f.Findings); err != nil {
		t.Fatal(err)
	}
	var d struct{ Findings []json.RawMessage }
	if err := json.Unmarshal(doc.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	for _, x := range d.Findings {
		if err := json.Compact(&want, x); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
	}
	diff(t, "ndjson", nd.String(), want.String())
	nd.Reset()
	if err := WriteFindingsNDJSON(&nd, nil); err != nil || nd.Len() != 0 {
		t.Errorf("no findings: %q, %v; want nothing", nd.String(), err)
	}
}

func TestWriteFindingsText(t *testing.T) {
	var b strings.Builder
	if err := WriteFindingsText(&b, sampleFindings(t), 80, Style{}); err != nil {
		t.Fatal(err)
	}
	want := `HIGH  read-your-writes  user:42:profile
  GET /profile/{id} read user:42:profile from cache 28ms before job "process
  jobs" (enqueued by the same user 16ms earlier) deleted it
  rl-3f9a1c2e5b7d · certain, margin 11ms
  request 4bf92f3577b34da6a3ce929d0e0e4736 · job 0af7651916cd43dd8448eb211c80319c

      +0s  enqueue                      api on host-a     send jobs
    +16ms  read hit    user:42:profile  api on host-a     GET
    +25ms  job-start                    worker on host-b  process jobs
    +45ms  invalidate  user:42:profile  worker on host-b  DEL
  raw times; clock offsets: host-a reference, host-b +1.2ms ±300µs

HIGH  lost-update  stats:daily
  a short one
  rl-7aa931287001 · likely, margin 8ms
  request 4bf92f3577b34da6a3ce929d0e0e4736 · other 5b8efff798038103d269b633813fc60c

      +0s  read hit  stats:daily  cron on host-c  (unnamed)
     +9ms  write     stats:daily  api on host-a   (unnamed)
    +19ms  write     stats:daily  cron on host-c  (unnamed)
  raw times; clock offsets: host-c unbounded, host-a reference

2 findings: 2 high · 1 certain, 1 likely
  by rule: lost-update 1, read-your-writes 1
2 findings below --min-confidence likely not shown (--min-confidence possible shows them)
1 finding outside --since, --until, --service or --key not shown

notes:
  - 2 records were skipped and not analyzed (raceline stats lists them)
  - host-c has no clock bounds: orderings against it are at most likely
  - 1 of 4 jobs has no producer span in the input (sampled away?): its window
    opens at the job's start, so earlier stale reads are missed
  - findings are a lower bound under sampling: a mutation missing from the input
    cannot be reported, and absence is never inferred
`
	diff(t, "text", b.String(), want)
}

func TestWriteFindingsTextEvents(t *testing.T) {
	f := sampleFindings(t)
	x := &f.Findings[0]
	for i := range 4 { // 8 events but the job's end: 5 shown, 3 more
		e := x.Events[1]
		e.Start += int64(i+1) * ms
		x.Events = append(x.Events, e)
	}
	f.Findings, f.Notes, f.Hidden = f.Findings[:1], FindingsNotes{ClockOff: true}, 0
	var b strings.Builder
	if err := WriteFindingsText(&b, f, 100, Style{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"    … and 3 more events (-o json lists them)\n  raw times; clock correction is off\n",
		"  - clock correction is off (--no-clock-correction): orderings across hosts are judged on raw times\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := WriteFindingsText(&b, &Findings{Input: &Stats{}, MinConfidence: "likely"}, 100, Style{}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "no findings\n\nnotes:\n  - findings are a lower bound") {
		t.Errorf("no findings:\n%s", b.String())
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		s     string
		width int
		want  []string
	}{
		{"", 10, nil},
		{"a b c", 3, []string{"a b", "c"}},
		{"  spaced   out  ", 20, []string{"spaced out"}},
		{"a verylongword b", 5, []string{"a", "verylongword", "b"}},
		{"héllo wörld", 11, []string{"héllo wörld"}},
	}
	for _, tt := range tests {
		if got := wrap(tt.s, tt.width); !cmp.Equal(got, tt.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}

func TestWriteRulesText(t *testing.T) {
	var b strings.Builder
	rules := []Rule{{Name: "lost-update", Severity: "high", Meaning: "a write was lost"}, {Name: "new-rule", Severity: "medium", Meaning: "something new."}}
	if err := WriteRulesText(&b, rules, Style{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"\nlost-update  high\n  A write was lost.\n\n  Example\n", "\nnew-rule  medium\n  Something new.\n\nOut of scope\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line of %d runes: %q", n, line)
		}
	}
	if HasRuleDoc("new-rule") || !HasRuleDoc("lost-update") {
		t.Error("HasRuleDoc")
	}
}

func TestWriteTimelineTextFinding(t *testing.T) {
	tl := sampleTimeline(t)
	var plain bytes.Buffer
	if err := WriteTimelineJSON(&plain, tl); err != nil {
		t.Fatal(err)
	}
	f := sampleFindings(t).Findings[0]
	tl.Finding = &f
	tl.Spans[1].Marks = []string{"read hit user:42:profile"}
	tl.Spans[4].Marks = []string{"invalidate user:42:profile"}
	var b strings.Builder
	if err := WriteTimelineText(&b, tl, 100, Style{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	wantHead := []string{
		"finding rl-3f9a1c2e5b7d · HIGH read-your-writes · user:42:profile · certain",
		`  GET /profile/{id} read user:42:profile from cache 28ms before job "process jobs" (enqueued by the`,
		"  same user 16ms earlier) deleted it",
		"",
		"request GET /profile/{id} · api on host-a · actor user-42",
	}
	if d := cmp.Diff(wantHead, lines[:5]); d != "" {
		t.Errorf("head (-want +got):\n%s", d)
	}
	for _, want := range []string{"  SPAN  ", "  EVENT  ", "  read hit user:42:profile    ", "EVENT: the finding's events"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in:\n%s", want, b.String())
		}
	}
	var marked bytes.Buffer
	if err := WriteTimelineJSON(&marked, tl); err != nil {
		t.Fatal(err)
	}
	if marked.String() != plain.String() {
		t.Errorf("marks and the finding changed the JSON:\n%s", cmp.Diff(plain.String(), marked.String()))
	}
}
