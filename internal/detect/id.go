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
	h := sha256.New()
	h.Write([]byte(rule))
	h.Write([]byte{0})
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write([]byte(rootRef(request)))
	h.Write([]byte{0})
	h.Write([]byte(rootRef(party)))
	sum := h.Sum(nil)
	return "rl-" + hex.EncodeToString(sum[:6])
}

// rootRef is "trace_id:span_id" of u's root span, "" for no unit.
func rootRef(u *stitch.Unit) string {
	if u == nil {
		return ""
	}
	r := u.RootSpan()
	return r.TraceID.String() + ":" + r.SpanID.String()
}
