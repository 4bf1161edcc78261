package trace

// Span is one span as raceline keeps it: only what the later steps read.
// Times are raw nanoseconds since the Unix epoch, exactly as the input wrote
// them; no step ever rewrites them (DESIGN §6).
//
// Strings are interned (see Interner), so the many spans of one service or
// host share one copy of its name.
type Span struct {
	TraceID  TraceID
	SpanID   SpanID
	ParentID SpanID // zero for a root
	Start    int64
	End      int64
	Kind     Kind
	Status   Status
	// Shared marks the server half of a Zipkin shared span: it reuses its
	// client's span ID and is that client's child (DESIGN §3).
	Shared  bool
	Service string
	Host    string
	Name    string
	Attrs   []Attr // only the attributes the KeySet given to ingest names
	Links   []Link
}

// Attr is one kept attribute. Values are kept as text: strings as they are,
// integers in decimal, booleans as "true"/"false", doubles in Go's shortest
// form. Arrays, maps and bytes are never kept.
type Attr struct {
	Key   string
	Value string
}

// Link is a span link: the span this one points at, usually a PRODUCER span
// in another trace that enqueued the job this span consumes.
type Link struct {
	TraceID TraceID
	SpanID  SpanID
}

// Attr returns the value of the first attribute named key, and whether there
// was one.
func (s *Span) Attr(key string) (string, bool) {
	for _, a := range s.Attrs {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// Duration is End − Start in nanoseconds.
func (s *Span) Duration() int64 { return s.End - s.Start }

// IsRoot reports whether the span names no parent.
func (s *Span) IsRoot() bool { return s.ParentID.IsZero() }

// KeySet is the set of attribute keys a decoder keeps. Lookups with a byte
// slice converted in the index expression (set[string(b)]) do not allocate.
type KeySet map[string]struct{}

// NewKeySet returns a set holding keys.
func NewKeySet(keys ...string) KeySet {
	s := make(KeySet, len(keys))
	for _, k := range keys {
		s[k] = struct{}{}
	}
	return s
}

// Has reports whether key is in the set.
func (s KeySet) Has(key string) bool {
	_, ok := s[key]
	return ok
}
