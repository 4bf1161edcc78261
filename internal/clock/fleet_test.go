package clock

import (
	"encoding/binary"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// base is 2026-11-21T10:00:00Z in nanoseconds.
const base int64 = 1795255200_000000000

const (
	us  = int64(1000)
	ms  = 1000 * us
	sec = 1000 * ms
)

// fleet simulates hosts whose clocks are off true time by
// skew(h, t) = offset + drift·(t − base), and the spans they would write.
// Network delays are one way 0.1 ms plus an exponential of mean 0.5 ms.
type fleet struct {
	rng    *rand.Rand
	clocks map[string]skew
	spans  []trace.Span
	ids    uint64
}

type skew struct {
	offset int64   // ns at base
	ppm    float64 // drift rate
	wander func(t int64) int64
}

func newFleet(seed uint64) *fleet {
	return &fleet{rng: rand.New(rand.NewPCG(seed, 1)), clocks: make(map[string]skew)}
}

// host sets a host's clock.
func (f *fleet) host(name string, offset int64, ppm float64) {
	f.clocks[name] = skew{offset: offset, ppm: ppm}
}

// raw is what host h's clock reads at true time t.
func (f *fleet) raw(h string, t int64) int64 {
	c := f.clocks[h]
	w := int64(0)
	if c.wander != nil {
		w = c.wander(t)
	}
	return t + c.offset + int64(c.ppm*1e-6*float64(t-base)) + w
}

// truth is offset(h) − offset(ref) at true time t.
func (f *fleet) truth(ref, h string, t int64) int64 { return f.raw(h, t) - f.raw(ref, t) }

func (f *fleet) delay() int64 { return 100*us + int64(f.rng.ExpFloat64()*float64(500*us)) }

func (f *fleet) newTrace() trace.TraceID {
	f.ids++
	var id trace.TraceID
	binary.BigEndian.PutUint64(id[8:], f.ids)
	return id
}

func (f *fleet) newSpan() trace.SpanID {
	f.ids++
	var id trace.SpanID
	binary.BigEndian.PutUint64(id[:], f.ids)
	return id
}

// span adds a span on host h from true time start to end.
func (f *fleet) span(tid trace.TraceID, parent trace.SpanID, k trace.Kind, h string, start, end int64) *trace.Span {
	f.spans = append(f.spans, trace.Span{TraceID: tid, SpanID: f.newSpan(), ParentID: parent, Kind: k,
		Host: h, Service: "svc-" + h, Name: k.String(), Start: f.raw(h, start), End: f.raw(h, end)})
	return &f.spans[len(f.spans)-1]
}

// request adds a trace starting at true time at: a SERVER span on
// hosts[0] calls (CLIENT → SERVER) the next host, which calls the next, and
// so on. Each server works 0.2 ms before its call and after its answer,
// the last one 1–3 ms.
func (f *fleet) request(at int64, hosts ...string) {
	n := len(hosts)
	s, e := make([]int64, n), make([]int64, n) // server i on hosts[i]
	c, d := make([]int64, n), make([]int64, n) // client i (from 1) on hosts[i-1]
	s[0] = at
	for i := 1; i < n; i++ {
		c[i] = s[i-1] + 200*us
		s[i] = c[i] + f.delay()
	}
	e[n-1] = s[n-1] + ms + f.rng.Int64N(2*ms)
	for i := n - 1; i >= 1; i-- {
		d[i] = e[i] + f.delay()
		e[i-1] = d[i] + 200*us
	}
	tid := f.newTrace()
	parent := f.span(tid, trace.SpanID{}, trace.KindServer, hosts[0], s[0], e[0]).SpanID
	for i := 1; i < n; i++ {
		cl := f.span(tid, parent, trace.KindClient, hosts[i-1], c[i], d[i]).SpanID
		parent = f.span(tid, cl, trace.KindServer, hosts[i], s[i], e[i]).SpanID
	}
}

// enqueue adds a request on host p that enqueues a message, and a job on
// host q that consumes it (linked) after it waited in the queue.
func (f *fleet) enqueue(at int64, p, q string) {
	tid := f.newTrace()
	root := f.span(tid, trace.SpanID{}, trace.KindServer, p, at, at+2*ms)
	prod := f.span(tid, root.SpanID, trace.KindProducer, p, at+100*us, at+300*us)
	link := trace.Link{TraceID: prod.TraceID, SpanID: prod.SpanID}
	start := at + 100*us + f.delay() + int64(f.rng.ExpFloat64()*float64(2*ms))
	job := f.span(f.newTrace(), trace.SpanID{}, trace.KindConsumer, q, start, start+3*ms)
	job.Links = []trace.Link{link}
}

// model runs the spans through the store, stitch and Estimate.
func (f *fleet) model(t testing.TB) *Model {
	t.Helper()
	return Estimate(Collect(f.graph()))
}

func (f *fleet) graph() *stitch.Graph {
	st := trace.NewStore()
	for _, s := range f.spans {
		st.Add(s)
	}
	return stitch.Stitch(st, stitch.Options{Workers: 1})
}

// hostOffset returns the line of host h.
func hostOffset(t *testing.T, m *Model, h string) HostOffset {
	t.Helper()
	for _, o := range m.Hosts() {
		if o.Host == h {
			return o
		}
	}
	t.Fatalf("host %s not in the model", h)
	return HostOffset{}
}

// checkTruth checks that offset(h) − offset(ref) lies inside the model's
// bounds at the middle of the input (Hosts) and in every bucket (Between,
// at many times), and returns the middle's line.
func checkTruth(t *testing.T, f *fleet, m *Model, ref, h string) HostOffset {
	t.Helper()
	o := hostOffset(t, m, h)
	if want := f.truth(ref, h, m.mid); want < o.Min || want > o.Max {
		t.Errorf("%s: true offset %d at the middle outside the bounds [%d, %d]", h, want, o.Min, o.Max)
	}
	step := max((m.end-m.start)/97, 1)
	for at := m.start; at <= m.end; at += step {
		b := m.Between(ref, h, at)
		if want := f.truth(ref, h, at); want < b.Lo || want > b.Hi {
			t.Errorf("%s: true offset %d at +%s outside the bounds [%d, %d]", h, want, fmtSeconds(at-m.start), b.Lo, b.Hi)
			return o
		}
	}
	return o
}

func fmtSeconds(ns int64) string { return strconv.FormatFloat(float64(ns)/1e9, 'f', 3, 64) + "s" }
