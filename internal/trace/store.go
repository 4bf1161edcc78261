package trace

import (
	"bytes"
	"iter"
	"slices"
)

// Trace is the spans of one trace ID, in input order. Input order is
// meaningful: of two duplicate spans the first one read is kept.
type Trace struct {
	ID    TraceID
	Spans []Span
}

// Store holds every kept span, grouped by trace. Ingest adds spans in input
// order (deterministically, whatever the worker count); later steps only
// read it. A Store is not safe for concurrent writes.
type Store struct {
	Strings *Interner
	index   map[TraceID]int
	traces  []*Trace
	spans   int
	sorted  bool
}

// NewStore returns an empty store with its own Interner.
func NewStore() *Store {
	return &Store{Strings: NewInterner(), index: make(map[TraceID]int)}
}

// Add appends a span to its trace.
func (s *Store) Add(sp Span) {
	i, ok := s.index[sp.TraceID]
	if !ok {
		i = len(s.traces)
		s.index[sp.TraceID] = i
		s.traces = append(s.traces, &Trace{ID: sp.TraceID})
		s.sorted = false
	}
	t := s.traces[i]
	t.Spans = append(t.Spans, sp)
	s.spans++
}

// Len is the number of spans in the store.
func (s *Store) Len() int { return s.spans }

// NumTraces is the number of distinct trace IDs.
func (s *Store) NumTraces() int { return len(s.traces) }

// Trace returns the trace with this ID, or nil.
func (s *Store) Trace(id TraceID) *Trace {
	if i, ok := s.index[id]; ok {
		return s.traces[i]
	}
	return nil
}

// Traces returns every trace in byte order of trace ID, the order every
// output derived from the store starts from.
func (s *Store) Traces() []*Trace {
	if !s.sorted {
		slices.SortFunc(s.traces, func(a, b *Trace) int { return bytes.Compare(a.ID[:], b.ID[:]) })
		for i, t := range s.traces {
			s.index[t.ID] = i
		}
		s.sorted = true
	}
	return s.traces
}

// All yields every span, trace by trace in trace ID order, each trace's spans
// in input order. The pointers stay valid until the next Add.
func (s *Store) All() iter.Seq[*Span] {
	return func(yield func(*Span) bool) {
		for _, t := range s.Traces() {
			for i := range t.Spans {
				if !yield(&t.Spans[i]) {
					return
				}
			}
		}
	}
}
