package stitch

// The anomaly names of DESIGN §3, as they appear in stats.
const (
	// AnomalyDuplicateSpan counts spans with the same trace ID, span ID,
	// kind and Shared flag as an earlier span in input order. The first is
	// kept; the later ones are left out of trees, units and span counts.
	AnomalyDuplicateSpan = "duplicate-span"
	// AnomalySelfParent counts spans whose parent ID is their own span ID
	// (not a Zipkin shared half). Each becomes an orphan root.
	AnomalySelfParent = "self-parent"
	// AnomalyParentCycle counts parent cycles, once per cycle. Each is
	// broken at one span, which becomes an orphan root.
	AnomalyParentCycle = "parent-cycle"
)

// Counts are the stitch figures of the stats schema (DESIGN §4). Per-trace
// counts come from BuildTree; MissingLinkTargets is filled by the join.
// Counts of partitions add up (Add).
type Counts struct {
	Spans           int64 // kept spans: every span but duplicates
	SpansWithParent int64 // kept spans whose parent is in the trace (after breaking cycles)
	OrphanSpans     int64 // kept spans naming a parent that is missing, themselves, or a cycle
	Links           int64 // every link of a kept span
	// MissingLinkTargets counts the links (of kept spans) whose target span
	// is not in the input.
	MissingLinkTargets int64
	Requests           int64 // request units
	Jobs               int64 // job units (a consumer linking N producers is N)
	DuplicateSpans     int64 // AnomalyDuplicateSpan
	SelfParents        int64 // AnomalySelfParent
	ParentCycles       int64 // AnomalyParentCycle
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Spans += o.Spans
	c.SpansWithParent += o.SpansWithParent
	c.OrphanSpans += o.OrphanSpans
	c.Links += o.Links
	c.MissingLinkTargets += o.MissingLinkTargets
	c.Requests += o.Requests
	c.Jobs += o.Jobs
	c.DuplicateSpans += o.DuplicateSpans
	c.SelfParents += o.SelfParents
	c.ParentCycles += o.ParentCycles
}

// Anomalies returns the anomaly counts by name; every name is present, with
// zero when there were none.
func (c *Counts) Anomalies() map[string]int64 {
	return map[string]int64{
		AnomalyDuplicateSpan: c.DuplicateSpans,
		AnomalySelfParent:    c.SelfParents,
		AnomalyParentCycle:   c.ParentCycles,
	}
}
