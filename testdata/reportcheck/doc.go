// Package reportcheck holds the checks of raceline report's HTML that need
// more than the main module's dependencies: an HTML5 parser
// (golang.org/x/net/html) and a real browser (headless Chromium). It is a
// nested module (DESIGN §1), so that the main module does not depend on
// them; make test runs it. It builds the raceline binary and checks what
// the binary writes.
package reportcheck
