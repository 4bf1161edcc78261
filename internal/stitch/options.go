package stitch

import (
	"strings"

	"github.com/raceline/raceline/internal/trace"
)

// DefaultActorKeys are the attributes that name a request's actor
// (DESIGN §5), in order of preference.
var DefaultActorKeys = []string{"enduser.id", "user.id", "session.id", "enduser.pseudo.id"}

// Options configure Stitch and BuildTree. The zero value is the DESIGN §5
// default. The matchers are called from several goroutines at once and must
// be safe for that; they must not retain the span.
type Options struct {
	// ActorKeys are the attributes naming an actor, first present wins;
	// nil means DefaultActorKeys.
	ActorKeys []string
	// IsRequest, if set, marks more spans as requests, besides SERVER spans.
	IsRequest func(*trace.Span) bool
	// IsJob, if set, marks more spans as jobs, besides CONSUMER spans and
	// those whose messaging operation is process, receive or deliver.
	IsJob func(*trace.Span) bool
	// Workers is how many traces Stitch builds at once; 0 means
	// GOMAXPROCS. The output does not depend on it.
	Workers int
}

func (o *Options) actorKeys() []string {
	if o.ActorKeys == nil {
		return DefaultActorKeys
	}
	return o.ActorKeys
}

// isRequest reports whether sp may start a request: a SERVER span, or one
// the config's request matcher accepts.
func (o *Options) isRequest(sp *trace.Span) bool {
	return sp.Kind == trace.KindServer || (o.IsRequest != nil && o.IsRequest(sp))
}

// isJob reports whether sp may start a job: a CONSUMER span, a span whose
// messaging operation (current or legacy attribute) consumes a message, or
// one the config's job matcher accepts.
func (o *Options) isJob(sp *trace.Span) bool {
	if sp.Kind == trace.KindConsumer {
		return true
	}
	for _, key := range [...]string{"messaging.operation.type", "messaging.operation"} {
		if v, ok := sp.Attr(key); ok && isConsumeOp(v) {
			return true
		}
	}
	return o.IsJob != nil && o.IsJob(sp)
}

// isConsumeOp reports whether a messaging operation consumes a message.
// "deliver" is the name older conventions gave to push delivery.
func isConsumeOp(v string) bool {
	return strings.EqualFold(v, "process") || strings.EqualFold(v, "receive") || strings.EqualFold(v, "deliver")
}
