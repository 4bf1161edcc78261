package shop

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// propagator is W3C trace context plus baggage, passed explicitly to every
// instrumentation: three services share this process, so nothing may rely
// on the global propagator or TracerProvider.
var propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// newProvider returns a TracerProvider for one service on one host,
// batching spans to the OTLP/HTTP endpoint (host:port, plain HTTP). extra
// processors (a test's recorder) see every span too.
func newProvider(ctx context.Context, service, host, endpoint string, extra ...sdktrace.SpanProcessor) (*sdktrace.TracerProvider, error) {
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpoint(endpoint), otlptracehttp.WithInsecure())
	if err != nil {
		return nil, err
	}
	res, err := resource.New(ctx, resource.WithTelemetrySDK(), resource.WithAttributes(
		attribute.String("service.name", service),
		attribute.String("service.version", "1.4.2"),
		attribute.String("service.namespace", "shop"),
		attribute.String("host.name", host),
		attribute.String("deployment.environment.name", "e2e"),
	))
	if err != nil {
		return nil, err
	}
	opts := []sdktrace.TracerProviderOption{
		sdktrace.WithResource(res),
		// A large queue: a span dropped by the batcher would be a
		// silent hole in the ground truth.
		sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(200*time.Millisecond),
			sdktrace.WithMaxQueueSize(1<<16), sdktrace.WithMaxExportBatchSize(512)),
	}
	for _, p := range extra {
		opts = append(opts, sdktrace.WithSpanProcessor(p))
	}
	return sdktrace.NewTracerProvider(opts...), nil
}
