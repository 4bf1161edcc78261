package detect

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/raceline/raceline/internal/stitch"
)

// FindingID is DESIGN §4's finding id: "rl-" and the first 12 lowercase hex
// digits of SHA-256(rule ␀ key ␀ request ␀ party), where request and party
// are "trace_id:span_id" of the root spans of the unit at fault and of the
// job (or other party) involved. The same race found by analyze, report
// and timeline --finding gets the same id.
func FindingID(rule, key string, request, party *stitch.Unit) string {
	b := make([]byte, 0, len(rule)+len(key)+2*(32+1+16)+3)
	b = append(append(b, rule...), 0)
	b = append(append(b, key...), 0)
	b = append(appendRootRef(b, request), 0)
	b = appendRootRef(b, party)
	sum := sha256.Sum256(b)
	return "rl-" + hex.EncodeToString(sum[:6])
}

// appendRootRef appends "trace_id:span_id" of u's root span (nothing for
// no unit).
func appendRootRef(b []byte, u *stitch.Unit) []byte {
	if u == nil {
		return b
	}
	r := u.RootSpan()
	b = hex.AppendEncode(b, r.TraceID[:])
	b = append(b, ':')
	return hex.AppendEncode(b, r.SpanID[:])
}
