package render

import (
	"encoding/json"
	"strings"
	"testing"
)

func clockPtr[T any](v T) *T { return &v }

// sampleClock: a reference, a host bounded on both sides (with outliers
// set aside and a drift), a queue-only host and an unbounded one.
func sampleClock() *Clock {
	return &Clock{At: At(base + 15*60*1000*ms), Hosts: []ClockHost{
		{Host: "host-a", Services: []string{"api", "web"}, Reference: true, Bounded: true, MinNS: clockPtr(int64(0)),
			MaxNS: clockPtr(int64(0)), UncertaintyNS: clockPtr(int64(0)), DriftPPM: clockPtr(0.0), Pairs: 430},
		{Host: "host-b", Services: []string{"orders"}, Bounded: true, OffsetNS: 35200 * us, MinNS: clockPtr(34600 * us),
			MaxNS: clockPtr(35800 * us), UncertaintyNS: clockPtr(600 * us), DriftPPM: clockPtr(16.667), Pairs: 310, PairsSetAside: 3,
			Warnings: []string{"3 of the 310 pairs with host-a set aside as outliers (first: trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7)"}},
		{Host: "host-c", Services: []string{"worker"}, Bounded: true, OffsetNS: -19600 * us, MaxNS: clockPtr(-19600 * us), Pairs: 120},
		{Host: "host-d", Services: []string{"cron"}, Warnings: []string{"unbounded: no span pairs tie this host to another host"}},
	}}
}

func TestWriteClockText(t *testing.T) {
	var b strings.Builder
	if err := WriteClockText(&b, sampleClock(), Style{}); err != nil {
		t.Fatal(err)
	}
	want := `offsets at 2026-11-21T10:15:00.000000000Z, the middle of the input; corrected time = raw − offset
host-a: reference (430 pairs)
host-b: +35.2ms (bounds +34.6..+35.8ms, 310 pairs, 3 set aside, drift +16.7ppm)
  3 of the 310 pairs with host-a set aside as outliers (first: trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7)
host-c: -19.6ms (at most -19.6ms, 120 pairs)
  note: a one-sided bound only catches a consumer clock that runs behind
host-d: unbounded
  unbounded: no span pairs tie this host to another host
`
	diff(t, "text", b.String(), want)
}

func TestWriteClockTextOneSidedWarning(t *testing.T) {
	c := &Clock{Hosts: []ClockHost{{Host: "q", Bounded: true, MinNS: clockPtr(2 * ms), OffsetNS: 2 * ms, Pairs: 1,
		Warnings: []string{"bounded on one side only: a one-sided bound only catches a consumer clock that runs behind"}}}}
	var b strings.Builder
	if err := WriteClockText(&b, c, Style{}); err != nil {
		t.Fatal(err)
	}
	want := `q: +2ms (at least +2ms, 1 pair)
  bounded on one side only: a one-sided bound only catches a consumer clock that runs behind
`
	diff(t, "text", b.String(), want)
	b.Reset()
	if err := WriteClockText(&b, &Clock{}, Style{}); err != nil || b.String() != "no hosts\n" {
		t.Errorf("empty clock: %q, %v", b.String(), err)
	}
}

func TestOffsetRange(t *testing.T) {
	for _, tc := range []struct {
		lo, hi int64
		want   string
	}{
		{34600 * us, 35800 * us, "+34.6..+35.8ms"},
		{-200 * us, 1500 * us, "-200µs..+1.5ms"},
		{-80400 * us, -79600 * us, "-80.4..-79.6ms"},
		{0, 2 * ms, "+0s..+2ms"},
		{-125 * 1000 * ms, 125 * 1000 * ms, "-2m5s..+2m5s"},
		{-1500 * ms, 1500 * ms, "-1.5..+1.5s"},
	} {
		if got := offsetRange(tc.lo, tc.hi); got != tc.want {
			t.Errorf("offsetRange(%d, %d) = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestWriteClockJSON(t *testing.T) {
	c := sampleClock()
	c.Hosts = c.Hosts[2:]
	var b strings.Builder
	if err := WriteClockJSON(&b, c); err != nil {
		t.Fatal(err)
	}
	want := `{
  "schema": "raceline.clock/v1",
  "hosts": [
    {
      "host": "host-c",
      "services": [
        "worker"
      ],
      "reference": false,
      "bounded": true,
      "offset_ns": -19600000,
      "min_ns": null,
      "max_ns": -19600000,
      "uncertainty_ns": null,
      "drift_ppm": null,
      "pairs": 120,
      "pairs_set_aside": 0,
      "warnings": []
    },
    {
      "host": "host-d",
      "services": [
        "cron"
      ],
      "reference": false,
      "bounded": false,
      "offset_ns": 0,
      "min_ns": null,
      "max_ns": null,
      "uncertainty_ns": null,
      "drift_ppm": null,
      "pairs": 0,
      "pairs_set_aside": 0,
      "warnings": [
        "unbounded: no span pairs tie this host to another host"
      ]
    }
  ]
}
`
	diff(t, "json", b.String(), want)
	b.Reset()
	if err := WriteClockJSON(&b, sampleClock()); err != nil {
		t.Fatal(err)
	}
	validate(t, "clock", []byte(b.String()))
}

// TestClockEmbeds: a Clock is the clock block of other documents as it is,
// without HTML escaping.
func TestClockEmbeds(t *testing.T) {
	c := Clock{Hosts: []ClockHost{{Host: "a<b"}}}
	raw, err := json.Marshal(struct {
		Clock Clock `json:"clock"`
	}{c})
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Clock struct {
			Schema string            `json:"schema"`
			Hosts  []json.RawMessage `json:"hosts"`
		} `json:"clock"`
	}
	if err := json.Unmarshal(raw, &back); err != nil || back.Clock.Schema != ClockSchema || len(back.Clock.Hosts) != 1 {
		t.Errorf("embedded: %s (%v)", raw, err)
	}
	var b strings.Builder
	if err := writeJSON(&b, struct {
		Clock Clock `json:"clock"`
	}{c}); err != nil || !strings.Contains(b.String(), `"host": "a<b"`) || !strings.Contains(b.String(), `"services": []`) {
		t.Errorf("embedded: %s (%v)", b.String(), err)
	}
}
