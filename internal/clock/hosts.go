package clock

import (
	"math"
	"slices"
)

// HostOffset is one host's line of the clock model (raceline.clock/v1),
// at the middle of the input's time range, against its component's
// reference host.
type HostOffset struct {
	Host     string
	Services []string
	// Reference: the host all others of its component are measured
	// against (offset 0).
	Reference bool
	// Bounded: at least one of Min and Max is finite.
	Bounded bool
	// OneSided: exactly one of Min and Max is finite.
	OneSided bool
	Offset   int64 // the estimate, ns (0 when unbounded)
	Min, Max int64 // bounds, ns; NoLower and NoUpper when missing
	// Uncertainty is (Max − Min) / 2, or −1 unless both bounds are finite.
	Uncertainty int64
	// DriftPPM is the drift rate against the reference, in parts per
	// million (3 decimals), when DriftKnown.
	DriftPPM   float64
	DriftKnown bool
	// Pairs counts the pairs between this host and another, including
	// those set aside; PairsSetAside those set aside as outliers.
	Pairs, PairsSetAside int64
	Warnings             []string
}

// Hosts returns every host of the input, sorted by host key. The slices in
// it are the caller's. The model of Zero has no hosts.
func (m *Model) Hosts() []HostOffset {
	out := make([]HostOffset, len(m.hosts))
	for i := range m.hosts {
		h := &m.hosts[i]
		o := &out[i]
		*o = HostOffset{Host: h.Host, Services: slices.Clone(h.Services), Min: NoLower, Max: NoUpper,
			Uncertainty: -1, Pairs: h.pairs, PairsSetAside: h.aside, Warnings: slices.Clone(h.warnings)}
		switch {
		case m.single:
			o.Reference, o.Bounded, o.Min, o.Max, o.Uncertainty, o.DriftKnown = true, true, 0, 0, 0, true
		case h.comp >= 0 && m.comps[h.comp].ok:
			m.fillOffset(o, &m.comps[h.comp], h.local)
		}
	}
	return out
}

// Middle is the raw time Hosts takes offsets and bounds at: the middle of
// the input's time range.
func (m *Model) Middle() int64 { return m.mid }

func (m *Model) fillOffset(o *HostOffset, c *component, l int32) {
	v := c.mid
	o.Min, o.Max, o.Offset = floorNS(v.lo[l]), ceilNS(v.hi[l]), roundNS(v.est[l])
	o.Bounded = o.Min != NoLower || o.Max != NoUpper
	o.OneSided = (o.Min == NoLower) != (o.Max == NoUpper)
	o.Reference = l == c.ref
	if o.Min != NoLower && o.Max != NoUpper {
		o.Uncertainty = int64((uint64(o.Max) - uint64(o.Min)) / 2)
	}
	if c.driftOK[l] {
		o.DriftPPM, o.DriftKnown = math.Round(c.drift[l])/1e3, true // ns/s → ppm, 3 decimals
	}
}

// floorNS, ceilNS and roundNS convert nanoseconds to int64, ±∞ (and values
// beyond int64) to NoLower and NoUpper.
func floorNS(x float64) int64 { return toNS(math.Floor(x)) }
func ceilNS(x float64) int64  { return toNS(math.Ceil(x)) }
func roundNS(x float64) int64 { return toNS(math.Round(x)) }

func toNS(x float64) int64 {
	switch {
	case x <= -(1 << 63):
		return NoLower
	case x >= 1<<63:
		return NoUpper
	}
	return int64(x)
}
