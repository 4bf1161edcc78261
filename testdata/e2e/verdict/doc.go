// Package verdict reads raceline's findings (DESIGN §4,
// raceline.findings/v1) and scores them against a run's ground truth:
// per rule, true and false positives and misses; near-misses flagged;
// findings that name traces head sampling dropped.
package verdict
