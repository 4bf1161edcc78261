package ops

import (
	"github.com/raceline/raceline/internal/stitch"
	"github.com/raceline/raceline/internal/trace"
)

// Kind is what an operation does to its key.
type Kind uint8

// The operation kinds. Fill, Write, Invalidate and Atomic are mutations.
const (
	Read        Kind = iota + 1 // a cache read (GET-family); see Op.Hit
	Fill                        // a set that follows a miss of the same key in the same unit
	Write                       // any other SET-family set
	Invalidate                  // DEL, UNLINK, HDEL, EXPIRE with a non-positive TTL
	Atomic                      // INCR-like, GETSET, GETDEL, MULTI/EXEC, EVAL: a mutation, never a read plus a write
	SourceRead                  // SELECT-like on the source of truth
	SourceWrite                 // INSERT/UPDATE/DELETE-like on the source of truth
)

var kindNames = [...]string{"", "read", "fill", "write", "invalidate", "atomic", "source-read", "source-write"}

// String is the kind's name. Note that findings show Atomic as the event
// "write" (DESIGN §4); Event gives that name.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return ""
}

// Event is the op name of DESIGN §4's events list: atomic commands are
// shown as "write".
func (k Kind) Event() string {
	if k == Atomic {
		return "write"
	}
	return k.String()
}

// IsMutation reports whether the kind changes the cached state.
func (k Kind) IsMutation() bool { return k == Fill || k == Write || k == Invalidate || k == Atomic }

// IsCache reports whether the kind is a cache operation (keys of cache and
// source operations never match each other).
func (k Kind) IsCache() bool { return k >= Read && k <= Atomic }

// Op is one operation on one key. A span can carry several (a pipeline, a
// transaction, MGET of several keys): they share the span's times and are
// ordered by Seq.
type Op struct {
	Kind Kind
	Key  string // the cache key, or the source table/collection; "" when unknown
	// Field is the hash field for HGET/HSET/HDEL-like commands naming
	// exactly one field; two ops naming different fields do not conflict.
	Field   string
	Hit     bool   // reads only: false for a miss
	Command string // the command or statement verb, upper case ("GET", "SELECT")
	Span    *trace.Span
	Unit    *stitch.Unit // the request, job or trace unit the span belongs to
	Seq     int          // order inside the span (line of a pipeline, argument of MGET)
}

// Start is the operation's start: its span's raw start time.
func (o *Op) Start() int64 { return o.Span.Start }

// End is the operation's end: its span's raw end time.
func (o *Op) End() int64 { return o.Span.End }

// Host is the host the operation ran on.
func (o *Op) Host() string { return o.Span.Host }

// Conflicts reports whether two ops on the same key touch the same state:
// always, unless both name hash fields and the fields differ.
func (o *Op) Conflicts(p *Op) bool {
	return o.Key == p.Key && (o.Field == "" || p.Field == "" || o.Field == p.Field)
}
