package clock

import (
	"encoding/binary"
	"math"
	"testing"
)

// FuzzEstimate builds pairs between four hosts from the input, 9 bytes a
// pair (hosts, kind, bounds and time), and checks that nothing panics and
// that every answer is consistent: estimates within bounds, Between
// antisymmetric.
//
//	go test ./internal/clock -run '^$' -fuzz FuzzEstimate -fuzztime 1m
func FuzzEstimate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0x01, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80})
	f.Add([]byte{0x01, 0, 10, 0, 20, 0, 1, 0, 0, 0x01, 0, 200, 0, 220, 0, 2, 0, 0, 0x12, 0xff, 0, 0xff, 0, 0, 3, 0, 0})
	hosts := [...]string{"a", "b", "c", "d"}
	f.Fuzz(func(t *testing.T, data []byte) {
		var pairs []Pair
		for ; len(data) >= 9; data = data[9:] {
			p := Pair{From: hosts[data[0]&3], To: hosts[data[0]>>2&3],
				Lo: int64(int16(binary.BigEndian.Uint16(data[1:]))) * us,
				Hi: int64(int16(binary.BigEndian.Uint16(data[3:]))) * us,
				T:  base + int64(binary.BigEndian.Uint32(data[5:]))*ms/16}
			switch data[0] >> 4 & 3 {
			case 1:
				p.Lo = NoLower
			case 2:
				p.Hi = NoUpper
			case 3:
				p.T = int64(binary.BigEndian.Uint32(data[5:])) << 32 // far from the rest
			}
			pairs = append(pairs, p)
		}
		m := Estimate(Input{Pairs: pairs, Start: 1, End: 0})
		for _, o := range m.Hosts() {
			if o.Offset < o.Min || o.Offset > o.Max || o.Bounded != (o.Min != NoLower || o.Max != NoUpper) {
				t.Fatalf("%+v", o)
			}
		}
		for _, at := range []int64{base, base + 3600*sec, -5} {
			for _, a := range hosts {
				for _, b := range hosts {
					x, y := m.Between(a, b, at), m.Between(b, a, at)
					if x.Est < x.Lo || x.Est > x.Hi || x.Kind != y.Kind || (x.Kind == TwoSided && (!near(x.Lo, -y.Hi) || !near(x.Hi, -y.Lo))) {
						t.Fatalf("Between(%s, %s) = %+v, Between(%s, %s) = %+v", a, b, x, b, a, y)
					}
				}
			}
			m.Judge([]Ordering{{A: Point{"a", at}, B: Point{"b", at + ms}}, {A: Point{"c", at}, B: Point{"d", at}}})
		}
	})
}

// near compares bounds computed in float64 from either side: equal up to
// rounding, which grows with their size.
func near(a, b int64) bool {
	d := float64(a) - float64(b)
	return math.Abs(d) <= 2+1e-12*math.Abs(float64(a))
}
