package detect

// RuleInfo describes one rule of DESIGN §5.
type RuleInfo struct {
	Name     string // as --rules, findings and the config name it
	Severity string // "medium" or "high"
	Meaning  string // one line; `raceline rules` says more
}

// Rule is one rule of DESIGN §5. Each works on one kind of partition,
// through one of the interfaces below, and returns candidates: findings
// before the precedence between rules, deduplication and sorting.
type Rule interface {
	Info() RuleInfo
}

// windowRule judges one request's hits of one key inside one job's window:
// the (R, J, K) partition. It returns nil when the rule does not hold.
type windowRule interface {
	Rule
	checkWindow(g *inWindow, e *env) *candidate
}

// keyRule searches one cache key's partition.
type keyRule interface {
	Rule
	checkKey(k *keyOps, e *env) []*candidate
}

// pairRule combines what the window rules found for one (request, job)
// pair, with the request's reads and the job's mutations of every key. It
// returns nil when the rule does not hold.
type pairRule interface {
	Rule
	checkPair(p *pairCands, e *env) *candidate
}

// env is what every rule may use: the judge, and the joins a partitioned
// run would bring in. It is not safe for concurrent use.
type env struct {
	jd *judge
	jn *joins
}
