package render

import (
	"cmp"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
)

// redactKeyBytes is the size of a random redaction key.
const redactKeyBytes = 32

// Redactor replaces what could identify a user in a report (DESIGN §4,
// --redact): the variable segments of keys, and actors, each by the first
// 8 hex digits of its HMAC-SHA-256 under a key. The same value gives the
// same hash under one key, so a reader can still tell that two findings
// share a user or a key. A Redactor is safe for concurrent use.
type Redactor struct {
	mac      []byte
	patterns []*regexp.Regexp
	random   bool
}

// NewRedactor returns a Redactor under key, splitting keys as DESIGN §4
// says and replacing the segments one of patterns matches (config
// redact.segment_patterns). With an empty key it makes up a random one:
// the hashes then differ from run to run (Random reports it).
func NewRedactor(key []byte, patterns []*regexp.Regexp) (*Redactor, error) {
	r := &Redactor{mac: key, patterns: patterns}
	if len(key) == 0 {
		r.mac, r.random = make([]byte, redactKeyBytes), true
		if _, err := rand.Read(r.mac); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Random reports whether the key was made up by NewRedactor.
func (r *Redactor) Random() bool { return r.random }

// hash is the first 8 hex digits of HMAC-SHA-256(s).
func (r *Redactor) hash(s string) string {
	m := hmac.New(sha256.New, r.mac)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil)[:4])
}

// Key returns key with each variable segment replaced by its hash.
func (r *Redactor) Key(key string) string { return replaceSegments(key, r.patterns, r.hash) }

// Actor returns the hash of an actor; "" (unknown) stays "".
func (r *Redactor) Actor(actor string) string {
	if actor == "" {
		return ""
	}
	return r.hash(actor)
}

// Finding redacts f in place: its keys, every event's key, the actors of
// its units and the keys its summary names. Its ID is left as it was: the
// caller computes it again from the redacted key (DESIGN §4), and sorts
// the findings again.
func (r *Redactor) Finding(f *Finding) {
	raw := slices.Concat([]string{f.Key}, f.Keys)
	for i := range f.Events {
		raw = append(raw, f.Events[i].Key)
	}
	f.Summary = r.summary(f.Summary, raw)
	f.Key = r.Key(f.Key)
	keys := make([]string, len(f.Keys))
	for i, k := range f.Keys {
		keys[i] = r.Key(k)
	}
	slices.Sort(keys)
	f.Keys = keys
	events := slices.Clone(f.Events) // the caller's events stay as they were
	for i := range events {
		events[i].Key = r.Key(events[i].Key)
	}
	f.Events = events
	f.Request.Actor = r.Actor(f.Request.Actor)
	if o := f.Other; o != nil {
		c := *o
		c.Actor = r.Actor(c.Actor)
		f.Other = &c
	}
	if j := f.Job; j != nil {
		c := *j
		c.Actor = r.Actor(c.Actor)
		if by := c.EnqueuedBy; by != nil {
			e := *by
			e.Actor = r.Actor(e.Actor)
			c.EnqueuedBy = &e
		}
		f.Job = &c
	}
}

// summary replaces in s each of keys by its redacted form, the longest
// keys first so that a key inside another is not replaced in part.
func (r *Redactor) summary(s string, keys []string) string {
	keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == "" })
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	keys = slices.Compact(keys)
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, r.Key(k))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
