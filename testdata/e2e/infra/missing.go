package infra

import "fmt"

// MissingError says that a server program is not installed. Its message
// names the Debian package that provides it, because tests print it as
// their skip reason.
type MissingError struct {
	Program string // e.g. "redis-server"
	Package string // the Debian package, e.g. "redis-server"
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("%s not found: install the Debian package %s (CI installs it)", e.Program, e.Package)
}
