package cli

import (
	"github.com/spf13/cobra"
)

const completionLong = `Completion prints a script that makes your shell complete raceline's
commands, flags and values. Load it once per session, or install it:

  bash        source <(raceline completion bash)
              raceline completion bash > /etc/bash_completion.d/raceline
  zsh         raceline completion zsh > "${fpath[1]}/_raceline"
  fish        raceline completion fish > ~/.config/fish/completions/raceline.fish
  powershell  raceline completion powershell | Out-String | Invoke-Expression
` + exitStatusPlain

func newCmdCompletion(f *factory) *cobra.Command {
	shells := []string{"bash", "zsh", "fish", "powershell"}
	var shell string
	return &cobra.Command{
		Use:       "completion {bash|zsh|fish|powershell}",
		Short:     "Print a shell completion script",
		Long:      completionLong,
		Example:   "  # complete raceline in this bash session\n  $ source <(raceline completion bash)",
		ValidArgs: shells,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("completion needs exactly one shell: %s", optionList(shells))
			}
			v := enumValue{value: &shell, options: shells}
			if err := v.Set(args[0]); err != nil {
				return usageErrorf("invalid shell %q: %v", args[0], err)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root, out := cmd.Root(), f.IO.Out
			switch shell {
			case "bash":
				return root.GenBashCompletionV2(out, true)
			case "zsh":
				return root.GenZshCompletion(out)
			case "fish":
				return root.GenFishCompletion(out, true)
			}
			return root.GenPowerShellCompletionWithDesc(out)
		},
	}
}
