// Package detect applies the rules of DESIGN §5 to the operations that ops
// derived, and returns findings (DESIGN §4) with a confidence (DESIGN §6).
//
// The work follows the partitions of DESIGN §1: operations are grouped by
// cache key and each key's partition is searched on its own (the windows
// of the jobs that mutate the key, lost updates, stale fills); the stale
// reads of one (request, job) pair are then combined on their own (partial
// reads, and the precedence between the rules of that pair). Each step is
// a pure function of its partition and of the joins it names (a unit's
// source operations, a request's reads, a job's mutations).
//
// Every ordering between two events is decided by a Judge (the clock
// model), never by comparing raw times: raw times only bound the search.
package detect
