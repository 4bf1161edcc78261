package otlpsink

import (
	"compress/gzip"
	"fmt"
	"io"
	"mime"
	"net/http"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// maxBody bounds one export request; the SDK's batches are far smaller.
const maxBody = 64 << 20

// handle serves POST /v1/traces as the OTLP/HTTP specification says:
// the response has the request's content type, and a body that cannot be
// decoded is a 400.
func (s *Sink) handle(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	req := &coltrace.ExportTraceServiceRequest{}
	switch ct {
	case "application/x-protobuf":
		err = proto.Unmarshal(body, req)
	case "application/json":
		err = protojson.Unmarshal(body, req)
	default:
		http.Error(w, fmt.Sprintf("unsupported content type %q", ct), http.StatusUnsupportedMediaType)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := s.write(req); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	reply(w, ct)
}

// readBody reads the request body, inflating it when gzip-encoded.
func readBody(r *http.Request) ([]byte, error) {
	var rd io.Reader = http.MaxBytesReader(nil, r.Body, maxBody)
	switch r.Header.Get("Content-Encoding") {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(rd)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		rd = io.LimitReader(zr, maxBody)
	default:
		return nil, fmt.Errorf("unsupported content encoding %q", r.Header.Get("Content-Encoding"))
	}
	return io.ReadAll(rd)
}

// reply writes an empty ExportTraceServiceResponse (full success).
func reply(w http.ResponseWriter, ct string) {
	resp := &coltrace.ExportTraceServiceResponse{}
	var b []byte
	if ct == "application/json" {
		b, _ = protojson.Marshal(resp)
	} else {
		b, _ = proto.Marshal(resp)
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
