package ops

import (
	"regexp"
	"strings"
	"testing"
)

// FuzzParseStatement feeds arbitrary statements to the lexer, the cache
// command tables (as Redis and as memcached) and the SQL classifier, all
// through Derive. Any panic fails it; so does a token that is not a
// substring of its line when nothing was quoted, an argument count below
// the tokens seen, an op without span, unit or kind, or stats that do not
// add up.
func FuzzParseStatement(f *testing.F) {
	for _, s := range []string{
		"get user:42:profile", "multi\nset a 1\nexec", "GET ?\nSET ? ?", `hmset h f 'a\'b' g "x\x41\"y"`,
		"set k [1 other arguments]", "eval s 2 a b c", "expireat k 1", "set foo 0 10 3\r\nbar",
		"-- c\nWITH d AS (DELETE FROM q) SELECT $a$ x $a$, $1", "'", "\"\\", "[", "[1 other arguments]", "/*",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, stmt string) {
		for line, rest := nextLine(stmt); line != ""; line, rest = nextLine(rest) {
			checkLine(t, line)
		}
		classifySQL(stmt)
		for _, system := range []string{"redis", "memcached", "postgresql"} {
			s := new(scenario).request("R").client(firstWord(stmt),
				a("db.system", system), a("db.statement", stmt), a("db.operation", stmt), a("cache.key", stmt))
			ops, stats := s.derive(Options{KeyPattern: fuzzPattern})
			if stats.CacheOps > int64(len(ops)) || stats.CacheOpsWithoutKey > stats.CacheOps {
				t.Fatalf("%q as %s: stats %+v for %d ops", stmt, system, stats, len(ops))
			}
			for i := range ops {
				if ops[i].Span == nil || ops[i].Unit == nil || ops[i].Kind == 0 {
					t.Fatalf("%q as %s: incomplete op %+v", stmt, system, ops[i])
				}
			}
		}
	})
}

var fuzzPattern = regexp.MustCompile(`^(?:v\d+:)?(.*)$`)

func checkLine(t *testing.T, line string) {
	c := parseLine(line, nil)
	if c.hidden < 0 || c.total() < len(c.args) {
		t.Fatalf("%q: hidden %d", line, c.hidden)
	}
	if strings.ContainsAny(line, `"'`) {
		return
	}
	for _, tok := range append([]token{{text: c.name}}, c.args...) {
		if !strings.Contains(line, tok.text) {
			t.Fatalf("%q: token %q is not in the line", line, tok.text)
		}
	}
}
