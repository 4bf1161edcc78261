package detect

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/ops"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/detect")

// everyRule is one timeline in which every rule fires, with near misses
// around each.
func everyRule(s *scenario) {
	pending(s)
	s.request("GET /profile/{id}", "api-1", "alice", 18, 24).get("user:42:profile", 20, 21)
	s.request("GET /profile/{id}", "api-3", "bob", 18, 24).get("user:42:profile", 20, 21)
	s.request("GET /profile/{id}", "api-1", "carol", 30, 40).get("user:42:profile", 32, 33)
	syncJob(s)
	s.request("GET /dashboard", "api-1", "alice", 33, 38).redis("MGET user:42:plan user:42:profile", 35*ms, 36*ms)
	filler(s, 12)
	w := s.request("POST /profile/{id}/name", "api-2", "dave", 12, 19)
	w.update("users", 13, 15)
	w.del("user:42:profile", 16, 17)
	rmw(s, "POST /cart/items", "api-1", 10, 20)
	s.request("POST /cart/coupon", "api-2", "", 14, 17).set("cart:7", 15, 16)
	s.request("GET /profile/{id}", "api-1", "erin", 5, 9).redis("GET user:42:profile", 10*ms, 10*ms) // a tie: possible
}

// dump writes a result in full, one block per finding.
func dump(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "hidden %d\n", r.Hidden)
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "\n%s %s %s %s margin_ns=%d\n", f.ID, f.Rule, f.Severity, f.Confidence, f.MarginNS)
		fmt.Fprintf(&b, "  key %s keys %s\n", f.Key, strings.Join(f.Keys, ","))
		fmt.Fprintf(&b, "  request %s\n  job %s\n  other %s\n", unitLine(f.Request), unitLine(f.Job), unitLine(f.Other))
		fmt.Fprintf(&b, "  summary %s\n", f.Summary)
		for _, e := range eventLines(f) {
			fmt.Fprintf(&b, "  event %s\n", e)
		}
	}
	return b.String()
}

func unitLine(u *stitch.Unit) string {
	if u == nil {
		return "-"
	}
	r := u.RootSpan()
	return fmt.Sprintf("%s %s:%s %q %s @%s", u.Kind, r.TraceID, r.SpanID, r.Name, r.Host, relMS(u.Start))
}

func TestGolden(t *testing.T) {
	s := &scenario{}
	everyRule(s)
	got := dump(s.run(nil, everything))
	path := filepath.Join("..", "..", "testdata", "detect", "every_rule.golden")
	want, err := os.ReadFile(path)
	if err == nil && string(want) == got {
		return
	}
	if !*update {
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		t.Fatalf("%s differs (-want +got):\n%s\nrun with -update to accept", path, cmp.Diff(string(want), got))
	}
	if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDeterminism: the same spans in another input order, and the same
// operations in another order, give the same result.
func TestDeterminism(t *testing.T) {
	s := &scenario{}
	everyRule(s)
	want := dump(s.run(nil, everything))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		sh := &scenario{spans: append([]trace.Span(nil), s.spans...)}
		rng.Shuffle(len(sh.spans), func(a, b int) { sh.spans[a], sh.spans[b] = sh.spans[b], sh.spans[a] })
		byTrace := sh.derive()
		rng.Shuffle(len(byTrace), func(a, b int) { byTrace[a], byTrace[b] = byTrace[b], byTrace[a] })
		for _, tr := range byTrace {
			rng.Shuffle(len(tr), func(a, b int) { tr[a], tr[b] = tr[b], tr[a] })
		}
		if got := dump(Detect(byTrace, clock.Zero(), everything)); got != want {
			t.Fatalf("shuffle %d differs (-first +now):\n%s", i, cmp.Diff(want, got))
		}
	}
}

func TestFindingID(t *testing.T) {
	tid, _ := trace.ParseTraceID("0AF7651916CD43DD8448EB211C80319C")
	rid, _ := trace.ParseSpanID("b7ad6b7169203331")
	jtid, _ := trace.ParseTraceID("4bf92f3577b34da6a3ce929d0e0e4736")
	jid, _ := trace.ParseSpanID("00f067aa0ba902b7")
	req := &stitch.Unit{Kind: stitch.Request, Trace: &trace.Trace{ID: tid, Spans: []trace.Span{{TraceID: tid, SpanID: rid}}}}
	job := &stitch.Unit{Kind: stitch.Job, Trace: &trace.Trace{ID: jtid, Spans: []trace.Span{{TraceID: jtid, SpanID: jid}}}}
	// sha256("stale-read-pending-job\0user:42:profile\0" +
	// "0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331\0" +
	// "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7"), by Python's hashlib.
	if got := FindingID(StaleRead, "user:42:profile", req, job); got != "rl-026a17786621" {
		t.Errorf("FindingID = %s, want rl-026a17786621", got)
	}
	s := &scenario{}
	everyRule(s)
	valid := regexp.MustCompile(`^rl-[0-9a-f]{12}$`)
	for _, f := range s.run(nil, everything).Findings {
		if !valid.MatchString(f.ID) {
			t.Errorf("id %q", f.ID)
		}
		party := f.Job
		if party == nil {
			party = f.Other
		}
		if want := FindingID(f.Rule, f.Key, f.Request, party); f.ID != want {
			t.Errorf("%s: id %s, want %s from rule, key, request and party", line(f), f.ID, want)
		}
	}
}

func TestSortOrder(t *testing.T) {
	s := &scenario{}
	everyRule(s)
	fs := s.run(nil, everything).Findings
	for i := 1; i < len(fs); i++ {
		if compareFindings(fs[i-1], fs[i]) >= 0 {
			t.Errorf("%s (start %s) sorts before %s (start %s)", line(fs[i-1]), relMS(fs[i-1].Request.Start),
				line(fs[i]), relMS(fs[i].Request.Start))
		}
	}
	for _, f := range fs {
		for i := 1; i < len(f.Events); i++ {
			if compareEvents(f.Events[i-1], f.Events[i]) >= 0 {
				t.Errorf("%s: events out of order: %q", f.ID, eventLines(f))
			}
		}
	}
}

// TestRuleSelection: a disabled rule neither reports nor replaces.
func TestRuleSelection(t *testing.T) {
	build := func(s *scenario) {
		syncJob(s)
		s.request("GET /dashboard", "api-1", "bob", 33, 38).redis("MGET user:42:plan user:42:profile", 35*ms, 36*ms)
	}
	for _, tc := range []struct {
		rules []string
		want  []string
	}{
		{nil, []string{"partial-read certain user:42:plan,user:42:profile GET /dashboard→sync account margin=4ms"}},
		{[]string{StaleRead}, []string{"stale-read-pending-job certain user:42:profile GET /dashboard→sync account margin=4ms"}},
		{[]string{ReadYourWrites, StaleRead}, []string{"read-your-writes certain user:42:profile GET /dashboard→sync account margin=4ms"}},
		{[]string{PartialRead}, []string{"partial-read certain user:42:plan,user:42:profile GET /dashboard→sync account margin=4ms"}},
		{[]string{LostUpdate, StaleFill}, nil},
		{[]string{}, nil},
	} {
		t.Run(strings.Join(tc.rules, ","), func(t *testing.T) {
			s := &scenario{}
			build(s)
			opts := Options{MinConfidence: clock.Likely}
			if tc.rules != nil {
				opts.Rules = map[string]bool{}
				for _, r := range tc.rules {
					opts.Rules[r] = true
				}
			}
			if diff := cmp.Diff(tc.want, lines(s.run(nil, opts))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMinConfidence(t *testing.T) {
	s := &scenario{}
	everyRule(s)
	all := s.run(nil, Options{})
	count := map[clock.Confidence]int{}
	for _, f := range all.Findings {
		count[f.Confidence]++
	}
	if all.Hidden != 0 || count[clock.Possible] == 0 || count[clock.Certain] == 0 {
		t.Fatalf("zero options: hidden %d, by confidence %v", all.Hidden, count)
	}
	for _, min := range []clock.Confidence{clock.Possible, clock.Likely, clock.Certain} {
		got := s.run(nil, Options{MinConfidence: min})
		want := 0
		for c, n := range count {
			if c >= min {
				want += n
			}
		}
		if len(got.Findings) != want || len(got.Findings)+got.Hidden != len(all.Findings) {
			t.Errorf("min %s: %d shown, %d hidden; want %d shown of %d", min, len(got.Findings), got.Hidden, want, len(all.Findings))
		}
	}
}

// TestBatchJob: a consumer linking two producers is two jobs sharing its
// mutations, each with its own window; they name one id, so one finding.
func TestBatchJob(t *testing.T) {
	for _, tc := range []struct {
		name string
		read int64
		want []string
	}{
		{"inside the first enqueue's window only", 20, []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process batch margin=9ms"}},
		{"inside both windows: one finding", 24, []string{"stale-read-pending-job certain user:42:profile GET /profile/{id}→process batch margin=5ms"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &scenario{}
			q1 := s.request("POST /profile", "api-2", "bob", 0, 12).enqueue(10, 11)
			q2 := s.request("POST /profile", "api-3", "carol", 20, 23).enqueue(22, 23)
			s.job("process batch", "worker-1", 25, 40, q1, q2).set("user:42:profile", 30, 31)
			s.request("GET /profile/{id}", "api-1", "alice", tc.read-1, tc.read+3).get("user:42:profile", tc.read, tc.read+1)
			if diff := cmp.Diff(tc.want, lines(s.run(nil, likely))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestOddInput: operations without span or unit, with reversed times or
// of no known kind take no part; extreme times never panic nor disturb
// other keys.
func TestOddInput(t *testing.T) {
	s := &scenario{}
	everyRule(s)
	byTrace := s.derive()
	want := dump(Detect(byTrace, clock.Zero(), everything))
	var units []*stitch.Unit
	for _, tr := range byTrace {
		for _, o := range tr {
			if !slices.Contains(units, o.Unit) {
				units = append(units, o.Unit)
			}
		}
	}
	reversed := &trace.Span{Host: "x", Start: at(10 * ms), End: at(5 * ms)}
	odd := []ops.Op{
		{Kind: ops.Read, Key: "user:42:profile", Hit: true},
		{Kind: ops.Read, Key: "user:42:profile", Hit: true, Span: reversed},
		{Kind: ops.Write, Key: "user:42:profile", Span: reversed, Unit: units[0]},
		{Kind: ops.Kind(99), Key: "user:42:profile", Span: &trace.Span{Start: at(20 * ms), End: at(21 * ms)}, Unit: units[0]},
		{Kind: ops.Invalidate, Key: "user:42:profile", Span: &trace.Span{Start: at(20 * ms), End: at(21 * ms)}, Unit: &stitch.Unit{}},
	}
	if got := dump(Detect(append(slices.Clone(byTrace), odd), clock.Zero(), everything)); got != want {
		t.Errorf("unusable operations changed the result (-want +got):\n%s", cmp.Diff(want, got))
	}
	far := &trace.Span{Host: "x", Start: math.MaxInt64 - 10, End: math.MaxInt64}
	near := &trace.Span{Host: "y", Start: math.MinInt64, End: math.MinInt64 + 5}
	var extreme []ops.Op
	for i, u := range units {
		for _, sp := range []*trace.Span{far, near} {
			extreme = append(extreme,
				ops.Op{Kind: ops.Read, Key: "edge", Hit: i%2 == 0, Span: sp, Unit: u},
				ops.Op{Kind: ops.Write, Key: "edge", Span: sp, Unit: u, Seq: 1},
				ops.Op{Kind: ops.Fill, Key: "edge", Span: sp, Unit: u, Seq: 2},
				ops.Op{Kind: ops.SourceRead, Key: "t", Span: sp, Unit: u, Seq: 3},
				ops.Op{Kind: ops.Invalidate, Key: "edge", Span: sp, Unit: u, Seq: 4})
		}
	}
	for _, j := range []Judge{clock.Zero(), clockModel(t, "api-1", hostBound{"api-1", "worker-1", -2 * ms, 2 * ms})} {
		got := Detect(append(slices.Clone(byTrace), extreme), j, everything)
		got.Findings = slices.DeleteFunc(got.Findings, func(f Finding) bool { return f.Key == "edge" })
		if j == Judge(clock.Zero()) && dump(got) != want {
			t.Errorf("extreme times disturbed other keys (-want +got):\n%s", cmp.Diff(want, dump(got)))
		}
	}
	if r := Detect(nil, clock.Zero(), Options{}); len(r.Findings) != 0 || r.Hidden != 0 {
		t.Errorf("no input: %+v", r)
	}
}

// TestQueueCommandsAreNoOps: a Redis-backed job queue's LPUSH and BRPOP
// derive no operation, so they can take part in no rule.
func TestQueueCommandsAreNoOps(t *testing.T) {
	s := &scenario{}
	s.request("POST /orders", "api-1", "", 9, 12).redis("LPUSH queue:orders 17", 10*ms, 11*ms)
	s.script("order worker", "worker-1", 5, 30).redis("BRPOP queue:orders 5", 6*ms, 12*ms)
	for _, tr := range s.derive() {
		for _, o := range tr {
			t.Errorf("derived %s %s", o.Kind, o.Key)
		}
	}
}
