package clock

import "fmt"

// The warnings Hosts reports. The formats take the numbers and host keys
// they name.
const (
	// WarnOneSided: only queue pairs (PRODUCER → CONSUMER) bound the host,
	// so its offset is bounded on one side only (DESIGN §6).
	WarnOneSided = "bounded on one side only: a one-sided bound only catches a consumer clock that runs behind"
	// WarnNoPairs: no pair ties the host to any other; orderings against
	// it are at most likely.
	WarnNoPairs = "unbounded: no span pairs tie this host to another host"
	// WarnCycle: every host pair is consistent on its own, but the bounds
	// contradict each other around a cycle of hosts.
	WarnCycle = "unbounded: the bounds among the hosts of its component contradict each other around a cycle"

	warnContradiction = "unbounded: the %d pairs between %s and %s contradict each other, even with the 1%% allowed set aside"
	warnUnreached     = "unbounded: its one-sided bounds do not reach the reference host %s"
	warnSetAside      = "%d of the %d pairs with %s set aside as outliers (first: trace %s span %s)"
)

// warn writes each host's warnings: outliers set aside first, host pair by
// host pair, then why the host is unbounded or bounded on one side only.
func (m *Model) warn(pairs []Pair) {
	for i := range m.groups {
		g := &m.groups[i]
		if len(g.aside) == 0 {
			continue
		}
		first := &pairs[g.obs[g.aside[0]].idx]
		for _, h := range [...][2]int32{{g.u, g.v}, {g.v, g.u}} {
			m.hosts[h[0]].warnings = append(m.hosts[h[0]].warnings, fmt.Sprintf(warnSetAside,
				len(g.aside), len(g.obs), m.hosts[h[1]].Host, first.TraceID, first.SpanID))
		}
	}
	if m.single {
		return
	}
	for i := range m.hosts {
		h := &m.hosts[i]
		if w := m.status(h); w != "" {
			h.warnings = append(h.warnings, w)
		}
	}
}

// status is the warning that says why h is unbounded or bounded on one
// side only, or "".
func (m *Model) status(h *hostState) string {
	if h.comp < 0 {
		return WarnNoPairs
	}
	c := &m.comps[h.comp]
	switch {
	case !c.ok && c.bad >= 0:
		g := &m.groups[c.bad]
		return fmt.Sprintf(warnContradiction, len(g.obs), m.hosts[g.u].Host, m.hosts[g.v].Host)
	case !c.ok:
		return WarnCycle
	}
	lo, hi := c.mid.lo[h.local], c.mid.hi[h.local]
	switch {
	case isInf(lo) && isInf(hi):
		return fmt.Sprintf(warnUnreached, m.hosts[c.hosts[c.ref]].Host)
	case isInf(lo) || isInf(hi):
		return WarnOneSided
	}
	return ""
}
