// Package otlpsink is a small OTLP/HTTP trace receiver (POST /v1/traces,
// protobuf or JSON bodies, gzip or not) that writes everything it receives
// the way the OpenTelemetry Collector's file exporter does, three times:
//
//   - JSON lines, one ExportTraceServiceRequest per line, marshalled by
//     protojson: trace and span IDs come out as base64, as Go's protojson
//     writes them;
//   - JSON lines as the Collector itself writes them: IDs in lowercase hex,
//     span kinds and status codes as numbers;
//   - the file exporter's length-prefixed framing: each record a 4-byte
//     big-endian length, then the protobuf message.
//
// The three files hold the same spans in the same order.
package otlpsink
