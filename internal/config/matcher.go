package config

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// SpanView is what a matcher sees of a span. Its fields are plain so that
// config stays a leaf: the caller fills them from its own span model.
type SpanView struct {
	Name    string
	Kind    string // lower-case kind name: "server", "consumer", ... (trace.Kind.String)
	Service string
	Host    string
	Status  string // "unset", "ok" or "error"
	// Attr looks up an attribute of the span (the caller decides whether
	// resource attributes count too); nil means none. It must be safe to call
	// from the goroutine calling Match.
	Attr func(key string) (string, bool)
}

// spanEnv is an expression's environment; the expr tags are the names
// expressions use. Attr and Has are bound once per evalState, so a call to
// Match does not build closures.
type spanEnv struct {
	Name    string              `expr:"name"`
	Kind    string              `expr:"kind"`
	Service string              `expr:"service"`
	Host    string              `expr:"host"`
	Status  string              `expr:"status"`
	Attr    func(string) string `expr:"attr"`
	Has     func(string) bool   `expr:"has"`
}

// evalState is what one evaluation needs and may reuse: a VM (its stack)
// and an environment. Matchers pool them, so each is used by one goroutine
// at a time.
type evalState struct {
	vm   vm.VM
	env  spanEnv
	attr func(string) (string, bool)
}

func newEvalState() any {
	st := &evalState{}
	st.env.Attr = func(key string) string {
		if st.attr == nil {
			return ""
		}
		v, _ := st.attr(key)
		return v
	}
	st.env.Has = func(key string) bool {
		if st.attr == nil {
			return false
		}
		_, ok := st.attr(key)
		return ok
	}
	return st
}

// Matcher is a compiled boolean expression over a span: see SpanView and
// DefaultYAML for the names it may use. It is safe for concurrent use. The
// methods of a nil *Matcher report no match, no attributes and no errors.
type Matcher struct {
	src      string
	prog     *vm.Program
	attrs    []string // attribute names given to attr() and has(), sorted
	states   sync.Pool
	errs     atomic.Int64
	firstErr atomic.Pointer[string]
}

// NewMatcher compiles src, which must be a boolean expression over the
// names of SpanView. Its errors give the message and the line within src.
func NewMatcher(src string) (*Matcher, error) {
	prog, err := expr.Compile(src, expr.Env(spanEnv{}), expr.AsBool(),
		// Matching must not depend on when raceline runs.
		expr.DisableBuiltin("now"))
	if err != nil {
		return nil, compileError(err)
	}
	attrs, err := checkExpr(src)
	if err != nil {
		return nil, err
	}
	m := &Matcher{src: src, prog: prog, attrs: attrs}
	m.states.New = newEvalState
	return m, nil
}

// Match reports whether the expression is true for s. An expression that
// fails at run time (int("abc")) is false for s; Errors counts these.
func (m *Matcher) Match(s SpanView) bool {
	if m == nil {
		return false
	}
	st := m.states.Get().(*evalState)
	st.env.Name, st.env.Kind, st.env.Service, st.env.Host, st.env.Status = s.Name, s.Kind, s.Service, s.Host, s.Status
	st.attr = s.Attr
	out, err := st.vm.Run(m.prog, &st.env)
	st.attr = nil // the pool must not keep the caller's span alive
	m.states.Put(st)
	if err != nil {
		m.fail(err)
		return false
	}
	b, _ := out.(bool)
	return b
}

func (m *Matcher) fail(err error) {
	if m.errs.Add(1) == 1 {
		msg := err.Error()
		if fe, ok := errAs[*file.Error](err); ok {
			msg = fe.Message
		}
		m.firstErr.Store(&msg)
	}
}

// Errors returns how many evaluations failed at run time, and the message
// of the first failure ("" if none).
func (m *Matcher) Errors() (n int64, first string) {
	if m == nil {
		return 0, ""
	}
	n = m.errs.Load()
	if p := m.firstErr.Load(); p != nil {
		first = *p
	}
	return n, first
}

// Attributes returns the attribute names the expression looks up, sorted.
// The caller must not modify the slice.
func (m *Matcher) Attributes() []string {
	if m == nil {
		return nil
	}
	return m.attrs
}

// String returns the expression as written.
func (m *Matcher) String() string {
	if m == nil {
		return ""
	}
	return m.src
}

// exprError is an invalid expression: the message, and the 1-based line of
// the expression it is on.
type exprError struct {
	line int
	msg  string
}

func (e *exprError) Error() string {
	if e.line > 1 {
		return fmt.Sprintf("line %d: %s", e.line, e.msg)
	}
	return e.msg
}

// compileError turns an error of the expression compiler into an
// *exprError, quoting the name in "unknown name x" the way the rest of
// raceline quotes what the user wrote.
func compileError(err error) *exprError {
	fe, ok := errAs[*file.Error](err)
	if !ok {
		return &exprError{line: 1, msg: err.Error()}
	}
	msg := fe.Message
	if name, ok := strings.CutPrefix(msg, "unknown name "); ok {
		msg = fmt.Sprintf("unknown name %q", name)
	}
	return &exprError{line: max(fe.Line, 1), msg: msg}
}
