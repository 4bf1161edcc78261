// Command raceline finds the orderings in OpenTelemetry traces that
// corrupt what users see. Everything but the exit lives in internal/cli.
package main

import (
	"os"

	"github.com/raceline/raceline/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
