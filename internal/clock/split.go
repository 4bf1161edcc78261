package clock

import (
	"cmp"
	"math"
	"slices"
	"unsafe"
)

// split indexes every host (of in.Hosts and of the pairs) in byte order
// of host key and splits the pairs into host pairs, each oriented from its
// host first in byte order, with their observations allocated exactly.
// Pairs on one host, pairs bounding nothing and pairs whose time is too
// far from the range to subtract are left out.
func (m *Model) split(in Input) {
	ix := newIndexer()
	for _, h := range in.Hosts {
		ix.id(h.Host)
	}
	ends := make([]int32, 2*len(in.Pairs)) // per pair: From's and To's provisional ids
	for i := range in.Pairs {
		ends[2*i], ends[2*i+1] = ix.pair(in.Pairs[i].From, in.Pairs[i].To)
	}
	perm := m.addHosts(in.Hosts, ix.names)
	gids := m.groupIDs(in.Pairs, ends, perm)
	for i, g := range gids {
		if g >= 0 {
			m.groups[g].obs = append(m.groups[g].obs, m.observe(&in.Pairs[i], int32(i), perm[ends[2*i]], perm[ends[2*i+1]]))
		}
	}
	slices.SortFunc(m.groups, func(a, b group) int {
		return cmp.Or(cmp.Compare(a.u, b.u), cmp.Compare(a.v, b.v))
	})
}

// addHosts adds the hosts named (provisional id → name), sorted, and
// returns the map from provisional id to index.
func (m *Model) addHosts(hosts []HostInfo, names []string) []int32 {
	info := make(map[string]HostInfo, len(hosts))
	for _, h := range hosts {
		if _, dup := info[h.Host]; !dup {
			info[h.Host] = h
		}
	}
	order := make([]int32, len(names))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(names[a], names[b]) })
	perm := make([]int32, len(names))
	m.index = make(map[string]int32, len(names))
	for i, id := range order {
		h, ok := info[names[id]]
		if !ok {
			h = HostInfo{Host: names[id]}
		}
		m.hosts = append(m.hosts, hostState{HostInfo: h, comp: -1})
		m.index[names[id]] = int32(i)
		perm[id] = int32(i)
	}
	m.single = len(m.hosts) == 1
	return perm
}

// groupIDs creates the host pairs and returns each pair's, or −1 for a
// pair left out. The groups' observation slices are allocated to size.
func (m *Model) groupIDs(pairs []Pair, ends, perm []int32) []int32 {
	gids := make([]int32, len(pairs))
	byKey := make(map[[2]int32]int32)
	last, lastG := [2]int32{-1, -1}, int32(-1)
	var sizes []int
	for i := range pairs {
		p := &pairs[i]
		u, v := perm[ends[2*i]], perm[ends[2*i+1]]
		if _, ok := sub(p.T, m.start); u == v || (p.Lo == NoLower && p.Hi == NoUpper) || !ok || i > math.MaxInt32 {
			gids[i] = -1
			continue
		}
		key := [2]int32{min(u, v), max(u, v)}
		if key != last {
			g, ok := byKey[key]
			if !ok {
				g = int32(len(m.groups))
				byKey[key] = g
				m.groups = append(m.groups, group{u: key[0], v: key[1]})
				sizes = append(sizes, 0)
			}
			last, lastG = key, g
		}
		gids[i] = lastG
		sizes[lastG]++
	}
	for g, n := range sizes {
		m.groups[g].obs = make([]obs, 0, n)
	}
	return gids
}

// observe converts pair i, from host u to host v, to an observation of
// x_max(u,v) − x_min(u,v).
func (m *Model) observe(p *Pair, i, u, v int32) obs {
	dt, _ := sub(p.T, m.start)
	o := obs{t: float64(dt) / 1e9, lo: bound(p.Lo), hi: bound(p.Hi), idx: i}
	if u > v {
		o.lo, o.hi = -o.hi, -o.lo
	}
	return o
}

// indexer numbers host keys in order of first appearance. Pairs in input
// order often repeat their predecessor's hosts, so it remembers the last
// pair's and skips the map for them.
type indexer struct {
	ids              map[string]int32
	names            []string
	lastFrom, lastTo string
	from, to         int32
}

func newIndexer() *indexer { return &indexer{ids: make(map[string]int32), from: -1, to: -1} }

// scanHosts is how many hosts id scans, comparing string pointers, before
// it hashes: the host keys of pairs are interned, so the same host is the
// same pointer, and comparing a few pointers is cheaper than hashing.
const scanHosts = 16

func (ix *indexer) id(name string) int32 {
	if len(ix.names) <= scanHosts {
		for i, n := range ix.names {
			if same(n, name) {
				return int32(i)
			}
		}
	}
	id, ok := ix.ids[name]
	if !ok {
		id = int32(len(ix.names))
		ix.ids[name] = id
		ix.names = append(ix.names, name)
	}
	return id
}

func (ix *indexer) pair(from, to string) (int32, int32) {
	if ix.from < 0 || !same(from, ix.lastFrom) {
		ix.lastFrom, ix.from = from, ix.id(from)
	}
	if ix.to < 0 || !same(to, ix.lastTo) {
		ix.lastTo, ix.to = to, ix.id(to)
	}
	return ix.from, ix.to
}

// same reports whether a and b are the same string in memory: a quick
// test that misses equal copies, which the map then finds.
func same(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}
