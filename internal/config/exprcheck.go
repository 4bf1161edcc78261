package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// enumValues are the only values kind and status take (trace.Kind and
// trace.Status names, repeated here because config imports no raceline
// package), so a comparison with any other string is a typo.
var enumValues = map[string][]string{
	"kind":   {"unspecified", "internal", "server", "client", "producer", "consumer"},
	"status": {"unset", "ok", "error"},
}

// checkExpr finds what the compiler accepts but raceline cannot honour, and
// returns the attribute names the expression looks up, sorted. An attribute
// must be named by a literal: decoders drop every attribute they were not
// told to keep, so attr(name) would silently see nothing. A kind or status
// compared with a value it never takes would silently never match. src has
// compiled already; the parser bounds the tree's size (conf.MaxNodes).
func checkExpr(src string) ([]string, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, compileError(err)
	}
	c := &exprChecker{src: src}
	ast.Walk(&tree.Node, c)
	if c.err != nil {
		return nil, c.err
	}
	slices.Sort(c.attrs)
	return slices.Compact(c.attrs), nil
}

// exprChecker is the ast.Visitor of checkExpr; it keeps the first error.
type exprChecker struct {
	src   string
	attrs []string
	err   *exprError
}

func (c *exprChecker) Visit(node *ast.Node) {
	if c.err != nil {
		return
	}
	switch n := (*node).(type) {
	case *ast.CallNode:
		c.call(n)
	case *ast.BinaryNode:
		c.compare(n)
	}
}

// call collects the attribute of attr("k") and has("k").
func (c *exprChecker) call(n *ast.CallNode) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok || (id.Value != "attr" && id.Value != "has") {
		return
	}
	if len(n.Arguments) == 1 {
		if s, ok := n.Arguments[0].(*ast.StringNode); ok {
			c.attrs = append(c.attrs, s.Value)
			return
		}
	}
	c.fail(n, fmt.Sprintf("%s takes a quoted attribute name, as in %s(\"db.system\")", id.Value, id.Value))
}

// compare checks kind == "…", kind != "…" and kind in ["…", …], either way
// round for == and !=.
func (c *exprChecker) compare(n *ast.BinaryNode) {
	switch n.Operator {
	case "==", "!=":
		c.enum(n.Left, n.Right)
		c.enum(n.Right, n.Left)
	case "in":
		if arr, ok := n.Right.(*ast.ArrayNode); ok {
			for _, v := range arr.Nodes {
				c.enum(n.Left, v)
			}
		}
	}
}

func (c *exprChecker) enum(ident, value ast.Node) {
	id, ok := ident.(*ast.IdentifierNode)
	if !ok || c.err != nil {
		return
	}
	values, ok := enumValues[id.Value]
	s, isString := value.(*ast.StringNode)
	if !ok || !isString || slices.Contains(values, s.Value) {
		return
	}
	c.fail(value, fmt.Sprintf("%s is never %q; it is one of %s", id.Value, s.Value, strings.Join(values, ", ")))
}

// fail records msg at the line of n.
func (c *exprChecker) fail(n ast.Node, msg string) {
	line := 1
	for i, r := range []rune(c.src) {
		if i >= n.Location().From {
			break
		}
		if r == '\n' {
			line++
		}
	}
	c.err = &exprError{line: line, msg: msg}
}
