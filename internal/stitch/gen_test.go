package stitch

import (
	"fmt"
	"math/rand/v2"

	"github.com/raceline/raceline/internal/trace"
)

// genStore generates groups of traces shaped like real traffic: a request
// (SERVER root, RPCs with server halves, a producer) and the job it
// enqueued in its own trace, linked back; some jobs enqueue a second job,
// some are matched only by message ID, some spans are orphans or
// duplicates. Spans of a trace are shuffled, as exporters write them in no
// useful order. The same seed gives the same store.
func genStore(groups int, seed uint64) *trace.Store {
	r := rand.New(rand.NewPCG(seed, seed))
	st := trace.NewStore()
	for g := range groups {
		base := uint64(g) * 4
		start := int64(g) * 50
		for _, spans := range genGroup(r, g, base, start) {
			r.Shuffle(len(spans), func(i, j int) { spans[i], spans[j] = spans[j], spans[i] })
			for _, s := range spans {
				st.Add(s)
			}
		}
	}
	return st
}

// genGroup makes group g. Its features depend on g alone, so that a few
// groups already show each: a chained job every 4th group, a job matched
// only by message ID every 10th, an orphan and a duplicate every 50th.
func genGroup(r *rand.Rand, g int, base uint64, t0 int64) [][]trace.Span {
	req, job, next := base+1, base+2, base+3
	user := attr("user.id", fmt.Sprint("u", r.IntN(50)))
	msg := []spanOpt{attr("messaging.message.id", fmt.Sprint("m", base)), attr("messaging.destination.name", "jobs")}
	a := []trace.Span{sp(req, 1, 0, server, t0, t0+40, user)}
	for c := range uint64(3) {
		id := 10 + 2*c
		s := t0 + 1 + int64(c)*10
		a = append(a,
			sp(req, id, 1, client, s, s+8),
			sp(req, id+1, id, server, s+1, s+7),
			sp(req, id+20, id+1, internal, s+2, s+3))
	}
	a = append(a, sp(req, 2, 1, producer, t0+35, t0+36, msg...))
	if g%50 == 7 {
		a = append(a, sp(req, 90, 89, internal, t0+5, t0+6)) // orphan
	}
	if g%50 == 11 {
		a = append(a, a[1]) // duplicate
	}
	jobOpts := msg
	if g%10 != 3 {
		jobOpts = append(jobOpts, link(req, 2))
	}
	b := []trace.Span{
		sp(job, 1, 0, consumer, t0+45, t0+80, jobOpts...),
		sp(job, 2, 1, client, t0+50, t0+55),
		sp(job, 3, 1, client, t0+60, t0+65),
	}
	out := [][]trace.Span{a, b}
	if g%4 == 1 {
		b = append(b, sp(job, 4, 1, producer, t0+70, t0+71))
		out[1] = b
		out = append(out, []trace.Span{
			sp(next, 1, 0, consumer, t0+90, t0+99, link(job, 4)),
			sp(next, 2, 1, internal, t0+91, t0+92),
		})
	}
	return out
}
