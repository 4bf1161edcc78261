package ops

import "math"

// slot is one key a command names, with the hash field when it names
// exactly one.
type slot struct {
	key, field string
	masked     bool // the key is hidden: "?", or left out of the statement
}

// slotsOf appends the keys of a command to out, in argument order (see
// layout). A command whose keys cannot be seen at all (masked, left out,
// or a script declaring none) still names one: a masked slot.
func slotsOf(c *command, cl commandLine, out []slot) []slot {
	args := cl.args
	switch c.layout {
	case keyFirst:
		out = append(out, slotAt(args, 0))
	case keyEach:
		out = appendEach(out, args, 1)
	case keyPairs:
		out = appendEach(out, args, 2)
	case keyEachPath:
		if cl.hidden == 0 && len(args) > 0 {
			args = args[:len(args)-1] // the path; when some are hidden, it is one of them
		}
		out = appendEach(out, args, 1)
	case keyField, keyFields, keyFieldPairs:
		out = append(out, hashSlot(c.layout, cl))
	case keyScript:
		out = appendScriptKeys(out, args)
	}
	if len(out) == 0 {
		out = append(out, slot{masked: true})
	}
	return out
}

// slotAt is the key at args[i], masked if it is not there.
func slotAt(args []token, i int) slot {
	if i >= len(args) || args[i].masked {
		return slot{masked: true}
	}
	return slot{key: args[i].text}
}

// appendEach appends every step-th argument as a key.
func appendEach(out []slot, args []token, step int) []slot {
	for i := 0; i < len(args); i += step {
		out = append(out, slotAt(args, i))
	}
	return out
}

// hashSlot is the hash key of a hash command, with its field when the
// command names exactly one and the statement shows it.
func hashSlot(l layout, cl commandLine) slot {
	s := slotAt(cl.args, 0)
	one := true // keyField
	switch l {
	case keyFields:
		one = cl.total() == 2
	case keyFieldPairs:
		one = cl.total() == 3
	}
	if one && len(cl.args) > 1 && !cl.args[1].masked {
		s.field = cl.args[1].text
	}
	return s
}

// appendScriptKeys appends the keys a script or function declares: NUMKEYS
// keys after the script and NUMKEYS.
func appendScriptKeys(out []slot, args []token) []slot {
	if len(args) < 2 || args[1].masked {
		return out
	}
	n, ok := parseInt(args[1].text)
	if !ok || n < 0 {
		return out
	}
	for i := int64(2); i < int64(len(args)) && i-2 < n; i++ {
		out = append(out, slotAt(args, int(i)))
	}
	return out
}

// expires reports whether an expiry argument of kind k deletes the key at
// once for a command sent at now (Unix ns): a TTL that is not positive, or
// a time not after now. An unreadable argument does not.
func expires(k ttlKind, arg string, now int64) bool {
	v, ok := parseInt(arg)
	if !ok {
		return false
	}
	switch k {
	case ttlSeconds, ttlMillis:
		return v <= 0
	case ttlUnixSeconds:
		return notAfter(v, 1e9, now)
	case ttlUnixMillis:
		return notAfter(v, 1e6, now)
	case ttlMemcached:
		const maxRelative = 30 * 24 * 3600 // memcached reads larger values as Unix times
		return v < 0 || (v > maxRelative && notAfter(v, 1e9, now))
	}
	return false
}

// notAfter reports whether v units of unit ns since the epoch is not after
// now, without overflowing.
func notAfter(v, unit, now int64) bool {
	if v > math.MaxInt64/unit {
		return false
	}
	return v*unit <= now
}

// parseInt reads a decimal integer with an optional sign; unlike strconv
// it does not allocate an error for the many arguments that are not one.
func parseInt(s string) (int64, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	if s == "" || len(s) > 18 { // 18 digits cannot overflow
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}
