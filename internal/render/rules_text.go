package render

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rule is one rule as `raceline rules` lists it: what the detect package
// says of it. The longer explanation is kept here, by name.
type Rule struct {
	Name     string
	Severity string // medium or high
	Meaning  string // one line
}

// ruleDoc is what `raceline rules` says of a rule beyond its meaning.
// Each field is text already wrapped, lines indented by four spaces.
type ruleDoc struct {
	example, why string
	fixes        []string
}

// HasRuleDoc reports whether the rule called name is explained.
func HasRuleDoc(name string) bool {
	_, ok := ruleDocs[name]
	return ok
}

// WriteRulesText writes every rule, in the order given: its name and
// severity, its meaning, an example timeline, why it matters and the usual
// fixes; then what no rule covers, and what confidence means.
func WriteRulesText(w io.Writer, rules []Rule, st Style) error {
	var b strings.Builder
	b.WriteString(rulesIntro)
	for _, r := range rules {
		b.WriteString("\n" + st.Bold(r.Name) + "  " + severityStyle(r.Severity, st)(r.Severity) + "\n")
		for _, l := range wrap(sentence(r.Meaning), 76) {
			b.WriteString("  " + l + "\n")
		}
		d, ok := ruleDocs[r.Name]
		if !ok {
			continue
		}
		b.WriteString("\n  " + st.Bold("Example") + "\n" + d.example)
		b.WriteString("\n  " + st.Bold("Why it matters") + "\n" + d.why)
		b.WriteString("\n  " + st.Bold("Fixes") + "\n")
		for _, f := range d.fixes {
			b.WriteString("    - " + strings.ReplaceAll(f, "\n", "\n      ") + "\n")
		}
	}
	b.WriteString("\n" + st.Bold("Out of scope") + "\n" + rulesOutOfScope)
	b.WriteString("\n" + st.Bold("Confidence") + "\n" + rulesConfidence)
	_, err := io.WriteString(w, b.String())
	return err
}

const rulesIntro = `raceline reads the cache operations in your traces (Redis, Valkey, memcached,
...) and the database operations beside them, and reports these orderings.
In the examples time runs left to right; each row is a request or a job.
`

var ruleDocs = map[string]ruleDoc{
	"stale-read-pending-job": {
		example: `    api     POST /orders/7    |-E-|
    worker  process job             ..queued..  |-J-----------W-|
    api     GET /orders/7                   |-R-|
    E enqueues the job   J the job starts   W it rewrites order:7
    R reads order:7 from the cache: a hit, inside the window E..W
`,
		why: `    R read the key after the job that rewrites it was enqueued and before the
    job got to it: R served the value the job was about to replace. Queues
    are slow under load, so the window grows exactly when traffic is high.
`,
		fixes: []string{
			"invalidate (or rewrite) the key in the request that enqueues the job,\nafter its transaction commits and before it answers",
			"while a job for the key is pending, read through to the source\n(a pending marker next to the key, cleared by the job)",
			"version the key (order:7:v12) and bump the version when enqueueing",
		},
	},
	"read-your-writes": {
		example: `    api     POST /profile     |-E-|  answered
    worker  process job             ..queued..  |-J-----------W-|
    api     GET /profile                        |-R-|
    E the user's change enqueues the job   W the job rewrites user:42:profile
    R the same user, after the answer, reads user:42:profile: a hit, before W
`,
		why: `    The user got the answer to their change, then read the old value back:
    "my change was lost". Users retry, file tickets and lose trust; the data
    is only late, but nothing tells them.
`,
		fixes: []string{
			"wait for the job before answering, or do its cache write in the request",
			"read through the job's result: after a change, read the user's own keys\nfrom the source until the job is done",
			"sticky versions: answer the change with the new version and have the\nuser's next reads ask for at least that version",
		},
	},
	"partial-read": {
		example: `    worker  process job       |-J---W1-----------------W2-|
    api     GET /orders/7                 |-R1---R2-|
    W1 rewrites order:7:status, W2 order:7:total; R1 reads the new status,
    R2 the old total
`,
		why: `    One answer mixed old and new state: a status of "paid" with the old total,
    a new address with the old shipping fee. The mix never existed in the
    source, so no later read explains it, and decisions made on it are wrong.
`,
		fixes: []string{
			"write the keys of one change together: one MULTI/EXEC, or one key\nholding the whole object",
			"version the object: the job writes every key under a new version, then\nswitches a pointer key; readers read the pointer first",
			"read the keys with one MGET and check that their versions agree",
		},
	},
	"stale-cache-fill": {
		example: `    api     GET /product/7    |M| |---S---|                   |-F-|
    admin   PUT /product/7          |---U---|  |-D-|
    M misses product:7   S selects the row   U updates it   D deletes product:7
    F fills product:7 with what S read: the old row, after D
`,
		why: `    The invalidation came too early: the reader had already fetched the old
    row, and its fill put it back after the DEL. The cache then serves the
    old value until the key expires, however long that is.
`,
		fixes: []string{
			"leases: a miss takes a lease on the key, an invalidation revokes it, and\na fill without a valid lease is dropped (SET ... NX with a token, or a\nLua check)",
			"versioned keys: fill under the version read from the source, so an\nold fill lands on an old key",
			"invalidate after commit, and again a little later (a delayed second\nDEL) to catch fills that were already in flight",
		},
	},
	"lost-update": {
		example: `    cron    recount           |-G-|                       |-S-|
    api     POST /stats                   |-X-|
    G gets stats:daily (a hit)   X sets it   S sets it to a value computed
    from what G read: X's update is lost
`,
		why: `    A read-modify-write overwrote an update it never saw: a counter goes
    backwards, an item vanishes from a cart, a flag flips back. Nothing fails;
    the other writer's change is simply gone.
`,
		fixes: []string{
			"atomic commands: INCRBY, HINCRBY, SADD, LPUSH instead of GET then SET,\nor a Lua script doing both",
			"compare-and-set: WATCH the key, then MULTI/EXEC, and retry when it\nchanged; or a version field checked on write",
		},
	},
}

const rulesOutOfScope = `  - Races on source rows: parametrised SQL carries no key (WHERE id = $1), so
    raceline cannot tell which rows two statements touch. Only cache keys are
    compared; database operations serve as the source reads and writes the
    rules above refer to.
  - Findings are a lower bound under sampling: a mutation missing from the
    input cannot be reported, and absence is never inferred. A job whose
    producer was sampled away has no known enqueue: its window opens at its
    own start.
`

const rulesConfidence = `  Orderings across hosts are judged with the clock bounds of raceline clock:
  certain when they hold for every offset within the bounds, likely when they
  hold at the estimated offsets, possible when some offset makes them hold.
  analyze shows likely and certain findings unless --min-confidence says
  otherwise.
`

// sentence capitalizes s and ends it with a period.
func sentence(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + strings.TrimSuffix(s[n:], ".") + "."
}
