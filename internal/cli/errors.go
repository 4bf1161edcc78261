package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes (DESIGN §2).
const (
	exitOK       = 0
	exitError    = 1 // runtime: unreadable input, no spans, unknown ID, --strict
	exitUsage    = 2 // unknown flag or value, malformed ID, invalid config
	exitFindings = 3 // reserved for --fail-on
)

// usageError is a mistake on the command line: it is printed with the
// command's usage, and the exit code is 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }
func (e *usageError) ExitCode() int { return exitUsage }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// runError is an expected failure at run time, a sentence for the user;
// its exit code is 1.
type runError struct{ msg string }

func (e *runError) Error() string { return e.msg }
func (e *runError) ExitCode() int { return exitError }

func runErrorf(format string, args ...any) error {
	return &runError{fmt.Sprintf(format, args...)}
}

// silentError ends a run whose problems were already reported: it prints
// nothing and keeps the exit code.
type silentError struct{ code int }

func (e *silentError) Error() string { return fmt.Sprintf("exit status %d", e.code) }
func (e *silentError) ExitCode() int { return e.code }

// handleError is the one place an error from a command becomes stderr text
// and an exit code: nothing for nil (0); the message, a blank line and the
// usage of cmd for a usage error (2); for anything else each line of the
// message, with the code the error carries, 1 if none.
func handleError(w io.Writer, cmd *cobra.Command, err error) int {
	if err == nil {
		return exitOK
	}
	var silent *silentError
	if errors.As(err, &silent) {
		return silent.code
	}
	var usage *usageError
	// cobra reports an unknown subcommand as a plain error.
	if errors.As(err, &usage) || strings.HasPrefix(err.Error(), "unknown command ") {
		fmt.Fprintf(w, "error: %s\n\n", err)
		if cmd != nil {
			fmt.Fprint(w, cmd.UsageString())
		}
		return exitUsage
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(w, "error: interrupted")
		return exitError
	}
	for _, line := range strings.Split(err.Error(), "\n") { // errors.Join puts one error on each line
		fmt.Fprintf(w, "error: %s\n", line)
	}
	var coder interface{ ExitCode() int }
	if errors.As(err, &coder) {
		return coder.ExitCode()
	}
	return exitError
}
