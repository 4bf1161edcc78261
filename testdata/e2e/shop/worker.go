package shop

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// worker consumes the job queue: one BRPOP loop, each job in its own
// goroutine so that a delayed job never holds up the others.
type worker struct {
	rdb     *redis.Client
	db      *pgxpool.Pool
	pricing *pricingClient
	queue   *queue
	tracer  trace.Tracer

	stop chan struct{}
	done chan struct{} // closed when the loop has returned
	jobs sync.WaitGroup
}

// run pops jobs until stop is closed. BRPOP blocks for at most a second,
// so run returns within about a second of stop.
func (w *worker) run() {
	defer close(w.done)
	for {
		select {
		case <-w.stop:
			return
		default:
		}
		res, err := w.rdb.BRPop(context.Background(), time.Second, QueueKey).Result()
		if errors.Is(err, redis.Nil) {
			continue
		} else if err != nil {
			log.Printf("worker: brpop: %v", err)
			sleep(context.Background(), 100*time.Millisecond)
			continue
		}
		w.jobs.Add(1)
		go func() {
			defer w.jobs.Done()
			w.handle(res[1])
		}()
	}
}

// shutdown stops the loop and waits for the jobs in progress.
func (w *worker) shutdown() {
	close(w.stop)
	<-w.done
	w.jobs.Wait()
}

// handle runs one job when it is due, inside a CONSUMER span that starts
// a new trace linked to the producer's span.
func (w *worker) handle(payload string) {
	var j Job
	if err := json.Unmarshal([]byte(payload), &j); err != nil {
		log.Printf("worker: bad job %q: %v", payload, err)
		return
	}
	sleep(context.Background(), time.Until(time.UnixMilli(j.RunAtMS)))
	producer := trace.SpanContextFromContext(propagator.Extract(context.Background(), propagation.MapCarrier(j.Trace)))
	opts := []trace.SpanStartOption{
		trace.WithSpanKind(trace.SpanKindConsumer), trace.WithNewRoot(),
		trace.WithAttributes(messagingAttrs(j.ID, "process", "process")...),
		trace.WithAttributes(attribute.String("job.type", j.Type)),
	}
	if producer.IsValid() {
		opts = append(opts, trace.WithLinks(trace.Link{SpanContext: producer}))
	}
	ctx, span := w.tracer.Start(context.Background(), "process "+QueueName, opts...)
	defer span.End()
	err := w.do(ctx, &j)
	if err == nil {
		_, err = w.db.Exec(ctx, "INSERT INTO job_runs (id, type) VALUES ($1, $2)", j.ID, j.Type)
	}
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
}

// do runs the job's own work.
func (w *worker) do(ctx context.Context, j *Job) error {
	step, tail := time.Duration(j.StepMS)*time.Millisecond, time.Duration(j.TailMS)*time.Millisecond
	var err error
	switch j.Type {
	case "refresh-profile":
		err = w.refreshProfile(ctx, j.UserID)
	case "sync-profile":
		err = w.syncProfile(ctx, j.UserID)
	case "audit-profile":
		err = w.auditProfile(ctx, j.UserID)
	case "reprice":
		err = w.reprice(ctx, j.ProductID, step)
	case "confirm-order":
		err = w.confirmOrder(ctx, j)
	case "notify-user":
		err = w.audit(ctx, "user", j.UserID, "notified")
	default:
		err = errors.New("unknown job type " + j.Type)
	}
	sleep(ctx, tail)
	return err
}
