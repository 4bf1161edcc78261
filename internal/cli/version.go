package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

// Version is raceline's version. Releases set it with
// -ldflags "-X github.com/raceline/raceline/internal/cli.Version=1.2.3".
var Version = "0.1.0-dev"

func newCmdVersion(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print raceline's version and the Go version it was built with",
		Long:    "Version prints raceline's version, the Go version it was built with, and the platform.\n" + exitStatusPlain,
		Example: "  # which raceline is this?\n  $ raceline version",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(f.IO.Out, "raceline %s (%s %s/%s)\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
