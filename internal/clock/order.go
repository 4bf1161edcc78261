package clock

import "math"

// Point is an event: a raw time on a host's clock.
type Point struct {
	Host string
	T    int64 // raw ns
}

// Ordering claims "A before B": A.T − offset(A.Host) < B.T −
// offset(B.Host), in corrected time.
type Ordering struct{ A, B Point }

// Confidence is how sure an ordering is (DESIGN §6). Greater is surer, so
// c >= Likely reads "at least likely".
type Confidence uint8

// The confidences.
const (
	// None: the orderings cannot all hold for any offsets within the bounds.
	None Confidence = iota
	// Possible: they hold for some offsets within the bounds.
	Possible
	// Likely: they hold at the estimated offsets.
	Likely
	// Certain: they hold for every offset within the bounds.
	Certain
)

var confidenceNames = [...]string{"none", "possible", "likely", "certain"}

// String returns "none", "possible", "likely" or "certain".
func (c Confidence) String() string {
	if int(c) < len(confidenceNames) {
		return confidenceNames[c]
	}
	return "none"
}

// ParseConfidence reads a confidence's name, as String writes it.
func ParseConfidence(s string) (Confidence, bool) {
	for c, name := range confidenceNames {
		if s == name {
			return Confidence(c), true
		}
	}
	return None, false
}

// judged is one ordering's verdict.
type judged struct {
	bound   Bound
	gap     int64 // B.T − A.T, raw
	certain bool  // holds for every offset within a two-sided bound, or exactly
	likely  bool  // holds at the estimates
}

// Judge judges the orderings jointly, on one offset vector, at the time
// bucket of the middle of their points: Certain if they all hold for every
// offset vector within the bounds; Likely if they all hold at the
// estimated offsets (and can hold together); Possible if some offset
// vector within the bounds makes them all hold; else None. An ordering
// across hosts bounded on one side only, or not at all, caps at Likely; an
// ordering that fails at the estimates (an overlap or a tie) caps at
// Possible; on one host (and under Zero) orderings are exact.
//
// The margin is the smallest gap, B − A in corrected time at the
// estimated offsets, over the orderings: positive for Likely and Certain,
// never positive for the others. With no orderings it returns Certain, 0.
func (m *Model) Judge(os []Ordering) (Confidence, int64) {
	if len(os) == 0 {
		return Certain, 0
	}
	t := middle(os)
	js := make([]judged, len(os))
	margin := int64(math.MaxInt64)
	certain, likely, exactFails := true, true, false
	for i, o := range os {
		j := &js[i]
		j.bound = m.Between(o.A.Host, o.B.Host, t)
		j.gap = satSub(o.B.T, o.A.T)
		est := satSub(j.gap, j.bound.Est)
		margin = min(margin, est)
		j.likely = est > 0
		switch j.bound.Kind {
		case Exact:
			j.certain = j.gap > 0
			exactFails = exactFails || !j.certain
		case TwoSided:
			j.certain = satSub(j.gap, j.bound.Hi) > 0
		}
		certain = certain && j.certain
		likely = likely && j.likely
	}
	switch {
	case certain:
		return Certain, margin
	case exactFails || !m.feasible(os, js, t):
		return None, margin
	case likely:
		return Likely, margin
	}
	return Possible, margin
}

// middle returns the middle of the earliest and latest point.
func middle(os []Ordering) int64 {
	lo, hi := os[0].A.T, os[0].A.T
	for _, o := range os {
		lo, hi = min(lo, o.A.T, o.B.T), max(hi, o.A.T, o.B.T)
	}
	return lo + int64((uint64(hi)-uint64(lo))/2)
}

// satSub is a − b, saturated at the int64 limits.
func satSub(a, b int64) int64 {
	if d, ok := sub(a, b); ok {
		return d
	}
	if a > b {
		return math.MaxInt64 - 1
	}
	return math.MinInt64 + 1
}
