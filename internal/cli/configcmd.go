package cli

import (
	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/config"
)

const configLong = `Config works with raceline's configuration file, which --config FILE
reads: the rules to run, the attributes that name a user, the cache systems
and how to find their keys, and expressions that pick out requests, jobs,
cache and database spans that do not follow the semantic conventions.

  init   print the default configuration, every option commented
` + exitStatusPlain

const configExample = `  # start a configuration from the defaults
  $ raceline config init > raceline.yaml

  # then use it
  $ raceline config init > raceline.yaml && raceline --config raceline.yaml analyze traces.jsonl`

const configInitLong = `Init prints the default configuration as YAML, every option with its
default value and a comment saying what it does. Keep the options you
change; the others keep their defaults.
` + exitStatusPlain

func newCmdConfig(f *factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "config <command>",
		Short:   "Write a configuration file: raceline config init",
		Long:    configLong,
		Example: configExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("%s needs a command: init", cmd.CommandPath())
			}
			return usageErrorf("unknown command %q for %q: valid commands are {init}", args[0], cmd.CommandPath())
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "init",
		Short:   "Print the default configuration, commented",
		Long:    configInitLong,
		Example: "  # write the defaults to a file\n  $ raceline config init > raceline.yaml",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := f.IO.Out.Write(config.DefaultYAML())
			return err
		},
	})
	return cmd
}
