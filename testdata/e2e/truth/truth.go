// Package truth holds the ground truth of one run of the shop: for each
// scenario instance, which request raceline must flag and with which rule
// (a positive), or which traces it must leave alone (a near-miss). Trace
// IDs come from the SDK's own span contexts while the scenarios run.
package truth

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// Case is one scenario instance.
type Case struct {
	Name     string `json:"name"`     // scenario/instance, e.g. "stale-read-pending-job/2"
	Scenario string `json:"scenario"` // e.g. "stale-read-pending-job", "near-miss/incr"
	// Rule is the rule raceline must report on Flagged; "" for a near-miss.
	Rule    string `json:"rule"`
	Flagged string `json:"flagged"` // the trace ID of the request to flag (positives)
	// Needs lists every trace a positive depends on: when head sampling
	// drops one of them the positive is no longer detectable.
	Needs []string `json:"needs"`
	// Watched lists traces no finding may name as its request, job or
	// other party (near-misses).
	Watched []string `json:"watched"`
	// WatchedKeys lists cache keys no finding may involve (near-misses).
	WatchedKeys []string `json:"watched_keys"`
	// Valid is false when the run's real timing missed a planned margin
	// (see Note): the case is then neither a positive nor a near-miss.
	Valid bool   `json:"valid"`
	Note  string `json:"note"`
	// Margins are the decisive gaps measured on the SDK's span times, in
	// milliseconds, by what they separate.
	Margins map[string]float64 `json:"margins_ms"`
}

// Positive reports whether the case is a valid positive.
func (c *Case) Positive() bool { return c.Valid && c.Rule != "" }

// NearMiss reports whether the case is a valid near-miss.
func (c *Case) NearMiss() bool { return c.Valid && c.Rule == "" }

// Set is the ground truth of one run.
type Set struct {
	Seed  int64  `json:"seed"`
	Reps  int    `json:"reps"`
	Cases []Case `json:"cases"`
}

// Sort orders cases by name, for stable output.
func (s *Set) Sort() {
	slices.SortFunc(s.Cases, func(a, b Case) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
}

// Save writes s as indented JSON.
func (s *Set) Save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Load reads a Set written by Save.
func Load(path string) (*Set, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := &Set{}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
