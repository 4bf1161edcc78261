package cli

import "github.com/spf13/cobra"

// requirePaths accepts one or more PATH arguments.
func requirePaths(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usageErrorf("%s needs at least one PATH: a file, a directory, or - for stdin", cmd.CommandPath())
	}
	return nil
}

// noArgs rejects any argument.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, but got %q", cmd.CommandPath(), args[0])
	}
	return nil
}
