package trace

import (
	"hash/maphash"
	"sync"
)

const internShards = 64

// Interner deduplicates strings: every call with equal bytes returns the
// same string, so a million spans of one service hold one copy of its name.
// It is safe for concurrent use by the decode workers; shards keep them from
// waiting on each other.
type Interner struct {
	seed   maphash.Seed
	shards [internShards]internShard
}

type internShard struct {
	mu sync.Mutex
	m  map[string]string
}

// NewInterner returns an empty Interner.
func NewInterner() *Interner {
	in := &Interner{seed: maphash.MakeSeed()}
	for i := range in.shards {
		in.shards[i].m = make(map[string]string)
	}
	return in
}

// Bytes returns the interned copy of b. b is not retained.
func (in *Interner) Bytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	sh := &in.shards[maphash.Bytes(in.seed, b)%internShards]
	sh.mu.Lock()
	s, ok := sh.m[string(b)]
	if !ok {
		s = string(b)
		sh.m[s] = s
	}
	sh.mu.Unlock()
	return s
}

// String returns the interned copy of s.
func (in *Interner) String(s string) string {
	if s == "" {
		return ""
	}
	sh := &in.shards[maphash.String(in.seed, s)%internShards]
	sh.mu.Lock()
	t, ok := sh.m[s]
	if !ok {
		t = s
		sh.m[s] = s
	}
	sh.mu.Unlock()
	return t
}
