package cli

import (
	"strings"
	"testing"

	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/render"
)

func TestRunRules(t *testing.T) {
	r := runCLI(t, env{}, "rules")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	golden(t, "rules.txt", r.stdout)
	// Every rule, in detect's order, with its severity and explained.
	at := 0
	for _, rule := range detect.Rules {
		i := strings.Index(r.stdout[at:], "\n"+rule.Name+"  "+rule.Severity+"\n")
		if i < 0 {
			t.Errorf("rule %s (%s) is not listed after offset %d", rule.Name, rule.Severity, at)
			continue
		}
		at += i + 1
		if !render.HasRuleDoc(rule.Name) {
			t.Errorf("rule %s has no example, reasons or fixes", rule.Name)
		}
	}
	for _, want := range []string{"parametrised SQL carries no key", "lower bound under sampling"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("rules does not say %q", want)
		}
	}
	if r := runCLI(t, env{}, "rules", "lost-update"); r.code != 2 || firstLine(r.stderr) != `error: raceline rules takes no arguments, but got "lost-update"` {
		t.Errorf("rules lost-update: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runCLI(t, env{tty: true}, "rules"); !strings.Contains(r.stdout, "\x1b[1mlost-update\x1b[0m") {
		t.Errorf("rules on a terminal: no bold rule names")
	}
}
