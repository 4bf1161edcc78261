package ingest

import "github.com/raceline/raceline/internal/trace"

// What every decoder shares to keep spans cheap: the filter that answers
// "is this attribute kept?", a per-decoder memo in front of the shared
// Interner, and slabs that the kept spans' small slices are carved from.

// keySet answers "is this attribute kept?" for the many attributes of every
// span, most of them not kept: two filters on (last byte, length) and
// (middle byte, length) reject most keys without hashing them, and a hit
// returns the interned key.
type keySet struct {
	last, mid [256]uint64 // bit len(k)%64 of last[k[len(k)-1]] and mid[k[len(k)/2]] is set for kept k
	keys      map[string]string
}

func newKeySet(env decoderEnv) keySet {
	ks := keySet{keys: make(map[string]string, len(env.keep))}
	for k := range env.keep {
		ks.keys[k] = env.strs.String(k)
		if k != "" {
			ks.last[k[len(k)-1]] |= 1 << (len(k) % 64)
			ks.mid[k[len(k)/2]] |= 1 << (len(k) % 64)
		}
	}
	return ks
}

// get returns the interned key if key is kept.
func (ks *keySet) get(key []byte) (string, bool) {
	if n := len(key); n > 0 && ks.last[key[n-1]]&ks.mid[key[n/2]]&(1<<(n%64)) == 0 {
		return "", false
	}
	k, ok := ks.keys[string(key)]
	return k, ok
}

// internMemo sits in front of the shared Interner. A decoder is used by one
// goroutine, so a private map answers the strings that repeat from span to
// span (names, keys, services, common values) without taking a shard lock.
// It is bounded: when full it starts over. Long strings (SQL, URLs) rarely
// repeat and go straight to the Interner.
type internMemo struct {
	strs *trace.Interner
	m    map[string]string
}

const (
	internMemoMax    = 4096
	internMemoMaxLen = 128
)

func newInternMemo(strs *trace.Interner) internMemo {
	return internMemo{strs: strs, m: make(map[string]string)}
}

// bytes returns the interned copy of b; b is not retained.
func (c *internMemo) bytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > internMemoMaxLen {
		return c.strs.Bytes(b)
	}
	if s, ok := c.m[string(b)]; ok {
		return s
	}
	return c.remember(c.strs.Bytes(b))
}

// string returns the interned copy of s.
func (c *internMemo) string(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > internMemoMaxLen {
		return c.strs.String(s)
	}
	if t, ok := c.m[s]; ok {
		return t
	}
	return c.remember(c.strs.String(s))
}

func (c *internMemo) remember(s string) string {
	if len(c.m) >= internMemoMax {
		clear(c.m)
	}
	c.m[s] = s
	return s
}

// slabSize is how many attributes or links one slab allocation holds.
const slabSize = 1024

// carve copies items to the end of *slab and returns the copy, capped so
// that appending to it cannot overwrite what follows. It allocates a new
// slab when the current one is full.
func carve[T any](slab *[]T, items []T) []T {
	if len(items) == 0 {
		return nil
	}
	if cap(*slab)-len(*slab) < len(items) {
		*slab = make([]T, 0, max(slabSize, len(items)))
	}
	n := len(*slab)
	*slab = append(*slab, items...)
	return (*slab)[n:len(*slab):len(*slab)]
}
