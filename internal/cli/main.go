package cli

import (
	"context"
	"os"
	"os/signal"

	"github.com/raceline/raceline/internal/ingest"
)

// Main runs raceline on the process's arguments and streams and returns
// the exit code (DESIGN §2). An interrupt cancels the run.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return run(ctx, System(), os.Args[1:], ingest.Load)
}

// run builds the command tree on s and load, runs args, and maps the
// outcome to stderr text and an exit code.
func run(ctx context.Context, s *Streams, args []string, load loadFunc) int {
	f := &factory{IO: s, Global: &globalOptions{}, Load: load}
	root := newRootCmd(f)
	addCommands(root, f)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	return handleError(s.ErrOut, cmd, err)
}
