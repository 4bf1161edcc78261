package detect

import (
	"cmp"
	"slices"

	"github.com/raceline/raceline/internal/clock"
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// Finding is one finding of DESIGN §4. Units and spans point into the
// stitched graph the operations came from.
type Finding struct {
	ID         string // FindingID
	Rule       string // a rule name of Rules
	Severity   string // "medium" or "high"
	Confidence clock.Confidence
	Key        string   // the rule's key; for partial-read, the key of the earliest stale read
	Keys       []string // every key the finding involves, sorted
	Summary    string   // one sentence a person can paste into a ticket
	// Request is the unit at fault: the request of the stale-read rules,
	// the filling unit of stale-cache-fill, the overwritten writer of
	// lost-update.
	Request *stitch.Unit
	// Job is the job involved, or nil: the job of the stale-read rules,
	// the other party of stale-cache-fill and lost-update when it is a job.
	Job *stitch.Unit
	// Other is the other party when it is not a job: the invalidating unit
	// of stale-cache-fill, the later writer of lost-update; else nil.
	Other *stitch.Unit
	// MarginNS is the smallest gap (b − a) over the finding's decisive
	// orderings a < b, at the estimated offsets; never positive unless the
	// confidence is at least likely.
	MarginNS int64
	// Events are the operations the rule used, with the job's enqueue,
	// start and end, sorted by start, trace ID, span ID and op.
	Events []Event
}

// Event is one entry of a finding's timeline.
type Event struct {
	// Op is one of "enqueue", "job-start", "job-end", "read", "fill",
	// "write" (atomic commands too), "invalidate", "source-read",
	// "source-write".
	Op  string
	Key string // the operation's key; "" for enqueue, job-start and job-end
	Hit *bool  // reads only
	// Span is the operation's span; the enqueue span for enqueue; the
	// job's root span for job-start and job-end.
	Span *trace.Span
	// Unit is the unit of the operation; the job for enqueue, job-start
	// and job-end.
	Unit *stitch.Unit
	// Start and End are raw times: the span's, or, for job-start and
	// job-end, the job's start or end (both fields).
	Start, End int64
}

// candidate is a finding before precedence, deduplication and sorting.
type candidate struct {
	rule            RuleInfo
	v               verdict
	key             string
	keys            []string // sorted, unique
	req, job, other *stitch.Unit
	events          []Event
	say             func() string // the summary, built only if kept
	// stale is set on stale-read-pending-job and read-your-writes
	// candidates: what partial-read combines.
	stale *staleEvidence
}

// party is the unit the id names beside the request: the job, else the
// other party.
func (c *candidate) party() *stitch.Unit {
	if c.job != nil {
		return c.job
	}
	return c.other
}

func (c *candidate) id() string { return FindingID(c.rule.Name, c.key, c.req, c.party()) }

// finding turns a kept candidate, its events sorted, into its Finding.
func (c *candidate) finding(id string) Finding {
	return Finding{ID: id, Rule: c.rule.Name, Severity: c.rule.Severity, Confidence: c.v.conf,
		Key: c.key, Keys: c.keys, Summary: c.say(), Request: c.req, Job: c.job, Other: c.other,
		MarginNS: c.v.margin, Events: c.events}
}

// withParty sets the other party of a candidate: in job when it is a job,
// else in other (DESIGN §4).
func (c *candidate) withParty(u *stitch.Unit) *candidate {
	if u.Kind == stitch.Job {
		c.job = u
		c.events = append(c.events, jobEvents(u)...)
	} else {
		c.other = u
	}
	return c
}

// result deduplicates candidates by id (the sibling jobs of one root name
// the same id: the strongest verdict wins, then the earliest timeline),
// keeps those at or above min and sorts them as DESIGN §4 says.
func result(cands []*candidate, min clock.Confidence) Result {
	all := make([]keyed, 0, len(cands))
	for _, c := range cands {
		c.events = sortEvents(c.events)
		all = append(all, keyed{c.id(), c})
	}
	slices.SortFunc(all, func(a, b keyed) int {
		if c := cmp.Compare(a.id, b.id); c != 0 {
			return c
		}
		return strongerFirst(a.c, b.c)
	})
	var res Result
	kept := all[:0]
	for i, k := range all {
		switch {
		case i > 0 && all[i-1].id == k.id:
		case k.c.v.conf < min:
			res.Hidden++
		default:
			kept = append(kept, k)
		}
	}
	slices.SortFunc(kept, compareKeyed)
	if len(kept) > 0 {
		res.Findings = make([]Finding, len(kept))
	}
	for i, k := range kept {
		res.Findings[i] = k.c.finding(k.id)
	}
	return res
}

// keyed is a candidate with its id.
type keyed struct {
	id string
	c  *candidate
}

// strongerFirst orders two candidates with one id: the stronger verdict
// first, then the earlier timeline.
func strongerFirst(a, b *candidate) int {
	switch {
	case a.v.better(b.v):
		return -1
	case b.v.better(a.v):
		return 1
	}
	return slices.CompareFunc(a.events, b.events, compareEvents)
}

// compareFindings is DESIGN §4's order: raw request start, rule (byte
// order), id.
func compareFindings(a, b Finding) int {
	return compareOrder(a.Request.Start, a.Rule, a.ID, b.Request.Start, b.Rule, b.ID)
}

func compareKeyed(a, b keyed) int {
	return compareOrder(a.c.req.Start, a.c.rule.Name, a.id, b.c.req.Start, b.c.rule.Name, b.id)
}

func compareOrder(startA int64, ruleA, idA string, startB int64, ruleB, idB string) int {
	if c := cmp.Compare(startA, startB); c != 0 {
		return c
	}
	if c := cmp.Compare(ruleA, ruleB); c != 0 {
		return c
	}
	return cmp.Compare(idA, idB)
}
