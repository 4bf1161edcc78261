package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// stdinName is how "-" is named in every message and in stats.
const stdinName = "<stdin>"

// input is one file to read: a path, or stdin for "-".
type input struct {
	path     string
	stdin    bool
	explicit bool  // named on the command line (a non-trace file is then an error)
	size     int64 // -1 for stdin
}

// expandPaths turns command-line paths into the files to read: a directory
// is walked recursively (symlinks followed, loops ignored) and its files are
// read in byte order of path. Paths that cannot be opened are returned as
// errors; the rest are still read.
func expandPaths(paths []string) ([]input, []error) {
	var ins []input
	var errs []error
	for _, p := range paths {
		if p == "-" {
			ins = append(ins, input{path: stdinName, stdin: true, explicit: true, size: -1})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, inputError(p, err))
			continue
		}
		if !fi.IsDir() {
			ins = append(ins, input{path: p, explicit: true, size: fi.Size()})
			continue
		}
		found, werrs := walkDir(p)
		ins = append(ins, found...)
		errs = append(errs, werrs...)
	}
	return ins, errs
}

// walkDir lists the regular files under root, following symlinks but
// visiting each directory once, with an explicit stack: deep trees cannot
// overflow anything.
func walkDir(root string) ([]input, []error) {
	var files []input
	var errs []error
	seen := map[[2]uint64]bool{}
	stack := []string{root}
	for len(stack) > 0 {
		dir := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if id, ok := fileID(dir); ok {
			if seen[id] {
				continue // a symlink loop, or the same directory twice
			}
			seen[id] = true
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			errs = append(errs, inputError(dir, err))
			continue
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			fi, err := os.Stat(p) // follows symlinks
			switch {
			case err != nil && e.Type()&fs.ModeSymlink != 0:
				continue // a dangling symlink is not an input
			case err != nil:
				errs = append(errs, inputError(p, err))
			case fi.IsDir():
				stack = append(stack, p)
			case fi.Mode().IsRegular():
				files = append(files, input{path: p, size: fi.Size()})
			}
		}
	}
	slices.SortFunc(files, func(a, b input) int {
		switch {
		case a.path < b.path:
			return -1
		case a.path > b.path:
			return 1
		}
		return 0
	})
	return files, errs
}

func fileID(path string) ([2]uint64, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return [2]uint64{}, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return [2]uint64{}, false
	}
	return [2]uint64{uint64(st.Dev), uint64(st.Ino)}, true
}

// InputError is an input that could not be opened or read, or a file named
// on the command line that is not trace data.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *InputError) Unwrap() error { return e.Err }

// ErrNotTraceData says a file holds none of the formats raceline reads.
var ErrNotTraceData = errors.New("not trace data (expected OTLP JSON or protobuf, Jaeger JSON or Zipkin v2 JSON, optionally gzip or zstd compressed)")

func inputError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is already in the message
	}
	return &InputError{Path: path, Err: err}
}
