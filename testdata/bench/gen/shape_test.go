package gen

import (
	"regexp"
	"slices"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// dumpShape is what a dump holds, measured from decoded spans.
type dumpShape struct {
	spans, traces, links int
	multiLine            int // traces spread over more than one line
	services, hosts      []string
	attrs                int
	keys                 map[string]bool // key patterns seen in Redis statements
}

var keyPatterns = map[string]*regexp.Regexp{
	"user:N:profile":  regexp.MustCompile(`(?i)^(get|setex) user:\d+:profile`),
	"cart:N":          regexp.MustCompile(`^(get|set|del) cart:\d+`),
	"product:N:price": regexp.MustCompile(`(?i)^(get|setex) product:\d+:price`),
}

func measure(spans []flat) dumpShape {
	d := dumpShape{keys: map[string]bool{}}
	lines := map[pcommon.TraceID]int{}
	for _, s := range spans {
		d.spans++
		d.links += s.Links().Len()
		d.attrs += s.Attributes().Len()
		if l, ok := lines[s.TraceID()]; !ok {
			lines[s.TraceID()] = s.line
		} else if l != s.line && l >= 0 {
			d.multiLine++
			lines[s.TraceID()] = -1
		}
		d.services = appendNew(d.services, strAttr(s.res, "service.name"))
		d.hosts = appendNew(d.hosts, strAttr(s.res, "host.name"))
		for k, re := range keyPatterns {
			if re.MatchString(strAttr(s.Attributes(), "db.statement")) {
				d.keys[k] = true
			}
		}
	}
	d.traces = len(lines)
	slices.Sort(d.services)
	slices.Sort(d.hosts)
	return d
}

func appendNew(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

func TestDemoDumpShape(t *testing.T) {
	st, out := generate(t, demoConfig(7, 300), JSONL)
	spans := flatten(decodeJSONL(t, out[JSONL]))
	d := measure(spans)
	if d.spans != st.Spans || d.traces != st.Traces || d.links != st.Links {
		t.Errorf("decoded %d spans, %d traces, %d links; Stats say %d, %d, %d",
			d.spans, d.traces, d.links, st.Spans, st.Traces, st.Links)
	}
	if want := []string{"api", "pricing", "worker"}; !slices.Equal(d.services, want) {
		t.Errorf("services %v, want %v", d.services, want)
	}
	if want := []string{"host-a", "host-b"}; !slices.Equal(d.hosts, want) {
		t.Errorf("hosts %v, want %v", d.hosts, want)
	}
	if d.multiLine == 0 {
		t.Error("no trace is spread over several lines")
	}
	if avg := float64(d.attrs) / float64(d.spans); avg < 10 {
		t.Errorf("%.1f attributes per span, want at least 10", avg)
	}
	for k := range keyPatterns {
		if !d.keys[k] {
			t.Errorf("no Redis statement on %s keys", k)
		}
	}
	checkLinksAndParents(t, spans)
}

// checkLinksAndParents: every parent is in the dump, in the same trace;
// every link is on a CONSUMER root "process jobs" and points at a
// PRODUCER "send jobs" with the same message ID.
func checkLinksAndParents(t *testing.T, spans []flat) {
	t.Helper()
	type key struct {
		tid pcommon.TraceID
		sid pcommon.SpanID
	}
	byID := map[key]flat{}
	for _, s := range spans {
		byID[key{s.TraceID(), s.SpanID()}] = s
	}
	consumers := 0
	for _, s := range spans {
		if !s.ParentSpanID().IsEmpty() {
			if _, ok := byID[key{s.TraceID(), s.ParentSpanID()}]; !ok {
				t.Fatalf("span %s: parent %s is not in its trace", s.SpanID(), s.ParentSpanID())
			}
		}
		if s.Kind() != ptrace.SpanKindConsumer {
			continue
		}
		consumers++
		if s.Name() != "process jobs" || !s.ParentSpanID().IsEmpty() || s.Links().Len() != 1 {
			t.Fatalf("consumer %s: name %q, parent %s, %d links", s.SpanID(), s.Name(), s.ParentSpanID(), s.Links().Len())
		}
		l := s.Links().At(0)
		p, ok := byID[key{l.TraceID(), l.SpanID()}]
		if !ok || p.Kind() != ptrace.SpanKindProducer || p.Name() != "send jobs" {
			t.Fatalf("consumer %s links to %s/%s, not a PRODUCER in the dump", s.SpanID(), l.TraceID(), l.SpanID())
		}
		if a, b := strAttr(s.Attributes(), "messaging.message.id"), strAttr(p.Attributes(), "messaging.message.id"); a != b {
			t.Fatalf("consumer %s has message ID %q, its producer %q", s.SpanID(), a, b)
		}
	}
	if consumers == 0 {
		t.Error("no jobs")
	}
}
