package scenario

import (
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Pred selects spans.
type Pred func(sdktrace.ReadOnlySpan) bool

// All matches spans that match every p.
func All(ps ...Pred) Pred {
	return func(s sdktrace.ReadOnlySpan) bool {
		for _, p := range ps {
			if !p(s) {
				return false
			}
		}
		return true
	}
}

// InTrace matches the spans of one trace.
func InTrace(id trace.TraceID) Pred {
	return func(s sdktrace.ReadOnlySpan) bool { return s.SpanContext().TraceID() == id }
}

// Kind matches spans of one kind.
func Kind(k trace.SpanKind) Pred {
	return func(s sdktrace.ReadOnlySpan) bool { return s.SpanKind() == k }
}

// Server matches otelhttp SERVER spans of one method and path.
func Server(method, path string) Pred {
	return func(s sdktrace.ReadOnlySpan) bool {
		return s.SpanKind() == trace.SpanKindServer && attr(s, "http.request.method") == method && attr(s, "url.path") == path
	}
}

// Consumer matches the CONSUMER span that processes one message.
func Consumer(messageID string) Pred {
	return func(s sdktrace.ReadOnlySpan) bool {
		return s.SpanKind() == trace.SpanKindConsumer && attr(s, "messaging.message.id") == messageID
	}
}

// Redis matches redisotel spans of command cmd (lower case, as go-redis
// names them) whose arguments include key.
func Redis(cmd, key string) Pred {
	return func(s sdktrace.ReadOnlySpan) bool {
		if s.Name() != cmd {
			return false
		}
		args := strings.Fields(attr(s, "db.statement"))
		for _, a := range args[min(1, len(args)):] {
			if a == key {
				return true
			}
		}
		return false
	}
}

// SQL matches otelpgx query spans of one operation (SELECT, UPDATE, …).
func SQL(op string) Pred {
	return func(s sdktrace.ReadOnlySpan) bool { return attr(s, "db.operation.name") == op }
}

// attr returns a span attribute as a string, or "".
func attr(s sdktrace.ReadOnlySpan, key string) string {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value.Emit()
		}
	}
	return ""
}
