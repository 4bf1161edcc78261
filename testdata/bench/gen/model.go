package gen

import "go.opentelemetry.io/collector/pdata/ptrace"

// span is one generated span before encoding. Times are true times in
// nanoseconds since the epoch; the encoder adds the host's clock skew, as a
// real SDK would stamp them with its host's clock.
type span struct {
	inst    *instance
	scope   *scope
	traceID [16]byte
	spanID  [8]byte
	parent  [8]byte
	// remote marks a span whose parent is in another process (an incoming
	// request or message), which the SDK records in the span flags.
	remote bool
	name   string
	kind   ptrace.SpanKind
	start  int64
	end    int64
	attrs  []attr
	events []event
	links  []link
	status ptrace.StatusCode
	msg    string // status message, for errors
	seq    uint64 // creation order: breaks ties between equal end times
}

// attrKind is the type of an attribute value.
type attrKind uint8

const (
	attrStr attrKind = iota
	attrInt
	attrBool
)

// attr is one attribute: a string, an int or a bool.
type attr struct {
	key  string
	kind attrKind
	s    string
	i    int64
}

func str(k, v string) attr     { return attr{key: k, s: v} }
func num(k string, v int) attr { return attr{key: k, kind: attrInt, i: int64(v)} }
func flag(k string, v bool) attr {
	a := attr{key: k, kind: attrBool}
	if v {
		a.i = 1
	}
	return a
}

type event struct {
	name  string
	time  int64
	attrs []attr
}

type link struct {
	traceID [16]byte
	spanID  [8]byte
	attrs   []attr
}

// fail marks the span as failed with an exception event at time at, the way
// instrumentation libraries record a returned error.
func (s *span) fail(at int64, typ, msg string) {
	s.status = ptrace.StatusCodeError
	s.msg = msg
	s.events = append(s.events, event{name: "exception", time: at, attrs: []attr{
		str("exception.type", typ), str("exception.message", msg),
	}})
}
