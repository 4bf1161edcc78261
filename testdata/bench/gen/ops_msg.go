package gen

import (
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

const (
	queueName = "jobs"
	queueHost = "rabbitmq"
	queueAddr = "10.0.9.20"
)

// job is a message on the jobs queue: its type, what it is about, and how
// long it waits in the queue.
type job struct {
	typ     string
	user    int
	product int
	order   int
	// delay is the time from the end of the PRODUCER span to the start of
	// the CONSUMER span; 0 draws a random one.
	delay int64
}

// enqueue publishes j from o with a PRODUCER span "send jobs", then
// generates the job's own trace on a worker.
func (o *op) enqueue(j job) *span {
	id, size := o.g.rng.uuid(), o.g.rng.between(80, 600)
	p := o.leaf(scopeMessaging, ptrace.SpanKindProducer, "send "+queueName, o.g.rng.dur(400*time.Microsecond, 0.5))
	p.attrs = append(msgAttrs("send", "publish", id, size), str("job.type", j.typ))
	o.g.consume(p, j, id, size)
	return p
}

// consume runs job j in a new trace whose CONSUMER root "process jobs"
// links to the PRODUCER span p.
func (g *generator) consume(p *span, j job, id string, size int) {
	delay := j.delay
	if delay == 0 {
		delay = g.rng.dur(25*time.Millisecond, 0.8)
	}
	w := g.pickInstance("worker")
	c := g.root(w, scopeMessaging, ptrace.SpanKindConsumer, "process "+queueName, p.end+delay)
	c.sp.remote = true
	c.sp.links = []link{{traceID: p.traceID, spanID: p.spanID}}
	c.add(msgAttrs("process", "process", id, size)...)
	c.add(str("messaging.consumer.group.name", "worker"), str("job.type", j.typ))
	if g.rng.chance(0.03) {
		c.sp.events = append(c.sp.events, event{name: "retry", time: c.sp.start, attrs: []attr{
			num("retry.attempt", 2), str("retry.reason", "previous delivery was not acknowledged"),
		}})
	}
	runJob(c, j)
	c.finish()
	g.stats.Jobs++
}

// msgAttrs are the messaging attributes PRODUCER and CONSUMER spans share.
func msgAttrs(typ, operation, id string, size int) []attr {
	return []attr{
		str("messaging.system", "rabbitmq"), str("messaging.destination.name", queueName),
		str("messaging.operation.type", typ), str("messaging.operation", operation),
		str("messaging.message.id", id), num("messaging.message.body.size", size),
		str("messaging.rabbitmq.destination.routing_key", queueName),
		str("server.address", queueHost), num("server.port", 5672),
		str("network.peer.address", queueAddr), num("network.peer.port", 5672),
		str("network.protocol.name", "amqp"), str("network.protocol.version", "0.9.1"),
	}
}
