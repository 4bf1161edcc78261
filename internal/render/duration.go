package render

import (
	"math"
	"strconv"
)

// Duration writes nanoseconds for people, to three significant digits with
// trailing zeros dropped: 850ns, 340µs, 1.2ms, 2.01s; from a minute on, whole
// seconds or minutes: 2m5s, 1h30m. Negative values get a leading minus.
func Duration(ns int64) string {
	if ns < 0 {
		if ns == math.MinInt64 {
			ns++ // one nanosecond off is invisible at this size
		}
		return "-" + Duration(-ns)
	}
	if ns < 1000 {
		return strconv.FormatInt(ns, 10) + "ns"
	}
	r := roundSignificant(ns, 3)
	switch {
	case r < 1e6:
		return decimal(r, 1e3) + "µs"
	case r < 1e9:
		return decimal(r, 1e6) + "ms"
	case r < 60e9:
		return decimal(r, 1e9) + "s"
	case ns < 3600e9-5e8:
		s := (ns + 5e8) / 1e9
		return strconv.FormatInt(s/60, 10) + "m" + strconv.FormatInt(s%60, 10) + "s"
	}
	m := (ns/1e9 + 30) / 60
	return strconv.FormatInt(m/60, 10) + "h" + strconv.FormatInt(m%60, 10) + "m"
}

// Offset is Duration with an explicit sign: +1.2ms, -340µs, +0s.
func Offset(ns int64) string {
	switch {
	case ns == 0:
		return "+0s"
	case ns > 0:
		return "+" + Duration(ns)
	}
	return Duration(ns)
}

// roundSignificant rounds n > 0 half up to digits significant digits.
func roundSignificant(n int64, digits int) int64 {
	p := int64(1)
	for q := n; q >= 10; q /= 10 {
		p *= 10
	}
	for range digits - 1 {
		p /= 10
	}
	if p <= 1 {
		return n
	}
	if n > math.MaxInt64-p/2 {
		return n / p * p
	}
	return (n + p/2) / p * p
}

// decimal writes n/unit with as many decimals as n has non-zero digits
// below unit.
func decimal(n, unit int64) string {
	s := strconv.FormatInt(n/unit, 10)
	frac := n % unit
	if frac == 0 {
		return s
	}
	digits := []byte(strconv.FormatInt(frac+unit, 10))[1:] // zero-padded to the unit's width
	for digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return s + "." + string(digits)
}
