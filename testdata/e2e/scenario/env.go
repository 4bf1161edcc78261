package scenario

import (
	"fmt"
	"sync"
)

// Env is what every scenario instance shares.
type Env struct {
	Driver   *Driver
	Rec      *Recorder
	Users    *IDs // users no one else touches
	Products *IDs // products no one else touches
}

// IDs hands out the integers first..last, each once. It is safe for
// concurrent use.
type IDs struct {
	mu         sync.Mutex
	next, last int64
}

// NewIDs returns an allocator of first..last.
func NewIDs(first, last int64) *IDs { return &IDs{next: first, last: last} }

// Take returns the next unused ID.
func (a *IDs) Take() (int64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.next > a.last {
		return 0, fmt.Errorf("out of IDs: all up to %d are taken (seed more)", a.last)
	}
	a.next++
	return a.next - 1, nil
}
