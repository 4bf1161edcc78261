package stitch

// setActors finds each unit's own actor (DESIGN §5): the root span's first
// present actor key, else the first span of the unit, by (start, span ID),
// that has one. A job's own actor is only its fallback; the join gives it
// its enqueuer's.
func (b *builder) setActors(t *Tree, keys []string) {
	if cap(b.done) < len(t.Units) {
		b.done = make([]bool, len(t.Units))
	}
	done := b.done[:len(t.Units)]
	clear(done)
	for k, u := range t.Units {
		if t.Unit[u.Root] == int32(k) {
			u.ownActor, done[k] = actorOf(t, u.Root, keys)
		}
	}
	for _, s := range b.byStart {
		if k := t.Unit[s]; !done[k] {
			t.Units[k].ownActor, done[k] = actorOf(t, s, keys)
		}
	}
	t.copyToSiblings(func(dst, src *Unit) { dst.ownActor = src.ownActor })
	for _, u := range t.Units {
		u.Actor = u.ownActor
	}
}

// actorOf returns span s's value of the first key present with a non-empty
// value.
func actorOf(t *Tree, s int32, keys []string) (Actor, bool) {
	sp := t.Span(s)
	if len(sp.Attrs) == 0 {
		return Actor{}, false
	}
	for _, key := range keys {
		if v, ok := sp.Attr(key); ok && v != "" {
			return Actor{Key: key, Value: v}, true
		}
	}
	return Actor{}, false
}
