package cli

import (
	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/detect"
	"github.com/raceline/raceline/internal/render"
)

const rulesLong = `Rules explains each rule raceline analyze applies, in the order it lists
them: its name (as --rules and the config name it) and severity, what it
means, a small example timeline, why it matters and the usual fixes; then
what no rule covers, and what a finding's confidence means.
` + exitStatusPlain

const rulesExample = `  # every rule, explained
  $ raceline rules

  # what read-your-writes means and how to fix it
  $ raceline rules | sed -n '/^read-your-writes/,/^partial-read/p'`

func newCmdRules(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:     "rules",
		Short:   "Explain each rule: meaning, example timeline, why it matters, fixes",
		Long:    rulesLong,
		Example: rulesExample,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return render.WriteRulesText(f.IO.Out, rulesView(), f.IO.Style())
		},
	}
}

// rulesView is detect.Rules as render lists them.
func rulesView() []render.Rule {
	out := make([]render.Rule, len(detect.Rules))
	for i, r := range detect.Rules {
		out[i] = render.Rule{Name: r.Name, Severity: r.Severity, Meaning: r.Meaning}
	}
	return out
}
