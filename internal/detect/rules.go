package detect

import "slices"

// The rule names.
const (
	StaleRead      = "stale-read-pending-job"
	ReadYourWrites = "read-your-writes"
	PartialRead    = "partial-read"
	StaleFill      = "stale-cache-fill"
	LostUpdate     = "lost-update"
)

var (
	staleReadInfo = RuleInfo{StaleRead, "medium",
		"a request read a cached key while a job that will rewrite it was already enqueued"}
	readYourWritesInfo = RuleInfo{ReadYourWrites, "high",
		"a user read a cached key before the job their own earlier request enqueued had rewritten it"}
	partialReadInfo = RuleInfo{PartialRead, "high",
		"a request read some keys a job rewrites before the job and others after: a mix of old and new state"}
	staleFillInfo = RuleInfo{StaleFill, "high",
		"a cache fill wrote back what was read from the source before a concurrent change, after that change's invalidation"}
	lostUpdateInfo = RuleInfo{LostUpdate, "high",
		"a read-modify-write of a cached key overwrote another unit's write that it never read"}
)

// Rules describes every rule, in DESIGN §5's order. It must not be
// modified.
var Rules = []RuleInfo{staleReadInfo, readYourWritesInfo, partialReadInfo, staleFillInfo, lostUpdateInfo}

// The rules by partition. The window rules run first, over every (request,
// job, key) partition; the pair rule needs what they found for its
// (request, job) pair, so it runs after them; the key rules need nothing
// from the others.
var (
	windowRules = []windowRule{staleRead{}, readYourWrites{}}
	pairRules   = []pairRule{partialRead{}}
	keyRules    = []keyRule{staleFill{}, lostUpdate{}}
)

// precedence ranks the rules that compete for one (request, job) pair,
// highest first (DESIGN §5): partial-read > read-your-writes >
// stale-read-pending-job. A higher rule's candidate replaces a lower one's
// only when its confidence is at least the lower one's; otherwise both
// stand, each with its own confidence (a certain stale read is not hidden
// behind a merely likely read-your-writes). read-your-writes replaces the
// stale read of its own key; partial-read replaces every stale read and
// read-your-writes of its pair.
var precedence = []string{PartialRead, ReadYourWrites, StaleRead}

// outranks reports whether candidate d replaces candidate c of the same
// (request, job) pair.
func outranks(d, c *candidate) bool {
	rd, rc := slices.Index(precedence, d.rule.Name), slices.Index(precedence, c.rule.Name)
	if rd < 0 || rc < 0 || rd >= rc || d.v.conf < c.v.conf {
		return false
	}
	return d.rule.Name == PartialRead || d.key == c.key
}

// resolve applies the precedence to the candidates of one (request, job)
// pair, all of enabled rules. Replacement is transitive, so checking each
// candidate against all the others is enough.
func resolve(cands []*candidate) []*candidate {
	var out []*candidate
	for _, c := range cands {
		if !slices.ContainsFunc(cands, func(d *candidate) bool { return outranks(d, c) }) {
			out = append(out, c)
		}
	}
	return out
}
