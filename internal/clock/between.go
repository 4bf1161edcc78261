package clock

// BoundKind says how well a bound is known.
type BoundKind uint8

// The bound kinds, from least to best known.
const (
	// Unbounded: nothing ties the two hosts together (or their component
	// is unbounded); Lo and Hi are NoLower and NoUpper, Est 0.
	Unbounded BoundKind = iota
	// OneSided: one of Lo and Hi is finite (queue pairs only).
	OneSided
	// TwoSided: Lo and Hi are both finite.
	TwoSided
	// Exact: the same host, or the model of Zero; Lo = Hi = Est = 0.
	Exact
)

var boundKindNames = [...]string{"unbounded", "one-sided", "two-sided", "exact"}

// String returns "unbounded", "one-sided", "two-sided" or "exact".
func (k BoundKind) String() string {
	if int(k) < len(boundKindNames) {
		return boundKindNames[k]
	}
	return "unbounded"
}

// Bound bounds offset(b) − offset(a) at some time, in ns: Lo ≤ it ≤ Hi
// (NoLower and NoUpper when missing), with the estimate Est, which lies
// within them.
type Bound struct {
	Lo, Hi, Est int64
	Kind        BoundKind
}

var unbounded = Bound{Lo: NoLower, Hi: NoUpper}

// Between bounds offset(b) − offset(a) at raw time t: over the host graph,
// through other hosts when a and b never talk directly. Inside the input's
// time range the bounds hold for the whole time bucket of t. Est is the
// difference of the two hosts' estimates, clamped into the bounds.
func (m *Model) Between(a, b string, t int64) Bound {
	if a == b || m.zero {
		return Bound{Kind: Exact}
	}
	c, la, lb := m.common(a, b)
	if c == nil {
		return unbounded
	}
	v := m.viewAt(c, t)
	if !v.ok {
		return unbounded
	}
	var lo, hi float64
	switch {
	case la == c.ref:
		lo, hi = v.lo[lb], v.hi[lb]
	case lb == c.ref:
		lo, hi = -v.hi[la], -v.lo[la]
	default:
		hi = c.from(v, la, false)[lb]
		lo = -c.from(v, la, true)[lb]
	}
	return makeBound(lo, hi, clamp(v.est[lb]-v.est[la], lo, hi))
}

// common returns the bounded component holding both hosts, and their local
// indices; nil when there is none.
func (m *Model) common(a, b string) (*component, int32, int32) {
	ia, oka := m.index[a]
	ib, okb := m.index[b]
	if !oka || !okb {
		return nil, 0, 0
	}
	ha, hb := &m.hosts[ia], &m.hosts[ib]
	if ha.comp < 0 || ha.comp != hb.comp || !m.comps[ha.comp].ok {
		return nil, 0, 0
	}
	return &m.comps[ha.comp], ha.local, hb.local
}

func makeBound(lo, hi, est float64) Bound {
	b := Bound{Lo: floorNS(lo), Hi: ceilNS(hi), Est: roundNS(est)}
	switch {
	case b.Lo != NoLower && b.Hi != NoUpper:
		b.Kind = TwoSided
	case b.Lo != NoLower || b.Hi != NoUpper:
		b.Kind = OneSided
	}
	b.Est = min(max(b.Est, b.Lo), b.Hi)
	return b
}
