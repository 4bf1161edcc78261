package trace

// Kind is the OpenTelemetry span kind.
type Kind uint8

// The span kinds, numbered as in OTLP.
const (
	KindUnspecified Kind = iota
	KindInternal
	KindServer
	KindClient
	KindProducer
	KindConsumer
)

var kindNames = [...]string{"unspecified", "internal", "server", "client", "producer", "consumer"}

// String returns the lower-case name used in every output ("server").
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unspecified"
}

// ParseKind reads a kind written as a name in any of the forms trace files
// use ("SPAN_KIND_SERVER", "SERVER", "server"); unknown names give
// KindUnspecified and false.
func ParseKind(s string) (Kind, bool) {
	if len(s) > 10 && (s[:10] == "SPAN_KIND_" || s[:10] == "span_kind_") {
		s = s[10:]
	}
	for k, name := range kindNames {
		if equalFold(s, name) {
			return Kind(k), true
		}
	}
	return KindUnspecified, false
}

// Status is the OpenTelemetry span status code.
type Status uint8

// The status codes, numbered as in OTLP.
const (
	StatusUnset Status = iota
	StatusOK
	StatusError
)

var statusNames = [...]string{"unset", "ok", "error"}

// String returns the lower-case name used in every output ("error").
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unset"
}

// ParseStatus reads "STATUS_CODE_ERROR", "ERROR", "Error", "error" and the
// like; unknown names give StatusUnset and false.
func ParseStatus(s string) (Status, bool) {
	if len(s) > 12 && (s[:12] == "STATUS_CODE_" || s[:12] == "status_code_") {
		s = s[12:]
	}
	for c, name := range statusNames {
		if equalFold(s, name) {
			return Status(c), true
		}
	}
	return StatusUnset, false
}

// equalFold compares ASCII case-insensitively without allocating.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
