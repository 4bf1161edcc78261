package shop

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// anonKey keys the HMAC that anonymizes actors: traces carry a stable
// pseudonym per user and session, never the user ID or the token.
var anonKey = []byte("shop-e2e-anonymization-key")

// Anonymize returns the pseudonym traces carry for an identifier: 16 hex
// digits of HMAC-SHA-256.
func Anonymize(kind, id string) string {
	m := hmac.New(sha256.New, anonKey)
	m.Write([]byte(kind + ":" + id))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// UserHeader and SessionHeader name the caller. A real API would check a
// token; the shop trusts them.
const (
	UserHeader    = "Authorization" // "Bearer user-<id>"
	SessionHeader = "X-Session"     // an opaque session token
)

// identify records the caller as enduser.id and session.id, both
// anonymized, on the server span. It passes the request on unchanged:
// a copy (r.WithContext) would hide the route pattern ServeMux sets from
// otelhttp, which names the span after it.
func identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		span := trace.SpanFromContext(r.Context())
		if uid, ok := strings.CutPrefix(r.Header.Get(UserHeader), "Bearer user-"); ok {
			if _, err := strconv.ParseInt(uid, 10, 64); err == nil {
				span.SetAttributes(attribute.String("enduser.id", Anonymize("user", uid)))
			}
		}
		if s := r.Header.Get(SessionHeader); s != "" {
			span.SetAttributes(attribute.String("session.id", Anonymize("session", s)))
		}
		next.ServeHTTP(w, r)
	})
}

// traceResponse answers with the server span's context in a
// traceresponse header (W3C Trace Context level 2), so that callers learn
// the trace ID the SDK gave their request, sampled or not.
func traceResponse(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sc := trace.SpanContextFromContext(r.Context())
		if sc.IsValid() {
			w.Header().Set("Traceresponse", "00-"+sc.TraceID().String()+"-"+sc.SpanID().String()+"-"+sc.TraceFlags().String())
		}
		next.ServeHTTP(w, r)
	})
}
