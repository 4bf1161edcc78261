package shop

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/extra/redisotel/v9"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// The job queue: a Redis list, LPUSH to enqueue, BRPOP to consume.
const (
	QueueKey  = "queue:jobs" // the list
	QueueName = "jobs"       // messaging.destination.name
)

// Job is one message on the queue. Trace holds the enqueuer's W3C trace
// context (traceparent, tracestate).
type Job struct {
	ID        string            `json:"id"`
	Type      string            `json:"type"`
	UserID    int64             `json:"user_id,omitempty"`
	ProductID int64             `json:"product_id,omitempty"`
	OrderID   int64             `json:"order_id,omitempty"`
	RunAtMS   int64             `json:"run_at_unix_ms"`    // not before this time
	StepMS    int64             `json:"step_ms,omitempty"` // pause between steps
	TailMS    int64             `json:"tail_ms,omitempty"` // pause after the cache writes
	Trace     map[string]string `json:"trace"`
}

// newJobID returns a random message ID.
func newJobID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// messagingAttrs are the attributes both ends of the queue put on their
// span (messaging semantic conventions, old and new operation names).
func messagingAttrs(id, opType, op string) []attribute.KeyValue {
	return []attribute.KeyValue{
		attribute.String("messaging.system", "redis"),
		attribute.String("messaging.destination.name", QueueName),
		attribute.String("messaging.operation.type", opType),
		attribute.String("messaging.operation", op),
		attribute.String("messaging.message.id", id),
	}
}

// queue enqueues jobs for one service.
type queue struct {
	rdb    *redis.Client
	tracer trace.Tracer
}

// enqueue sends j (giving it an ID) inside a PRODUCER span "send jobs"
// whose context travels in the payload.
func (q *queue) enqueue(ctx context.Context, j *Job) error {
	if j.ID == "" {
		j.ID = newJobID()
	}
	ctx, span := q.tracer.Start(ctx, "send "+QueueName, trace.WithSpanKind(trace.SpanKindProducer),
		trace.WithAttributes(messagingAttrs(j.ID, "send", "publish")...))
	defer span.End()
	j.Trace = map[string]string{}
	propagator.Inject(ctx, propagation.MapCarrier(j.Trace))
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	if err := q.rdb.LPush(ctx, QueueKey, b).Err(); err != nil {
		span.SetStatus(codes.Error, err.Error())
		return fmt.Errorf("enqueue %s: %w", j.Type, err)
	}
	return nil
}

// jobDelays fills j's timing from now and the given pauses.
func jobDelays(j *Job, delay, step, tail time.Duration) {
	j.RunAtMS = time.Now().Add(delay).UnixMilli()
	j.StepMS, j.TailMS = step.Milliseconds(), tail.Milliseconds()
}

// openRedis returns a go-redis client traced by redisotel with tp.
func openRedis(addr string, tp trace.TracerProvider) (*redis.Client, error) {
	rdb := redis.NewClient(&redis.Options{Addr: addr, PoolSize: 16})
	if err := redisotel.InstrumentTracing(rdb, redisotel.WithTracerProvider(tp)); err != nil {
		return nil, err
	}
	return rdb, nil
}
