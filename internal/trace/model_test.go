package trace

import (
	"fmt"
	"sync"
	"testing"
	"unsafe"
)

func TestHost(t *testing.T) {
	cases := []struct {
		r    Resource
		want string
	}{
		{Resource{Service: "api", HostID: "i-1", HostName: "web-1", InstanceID: "x"}, "i-1"},
		{Resource{Service: "api", HostName: "web-1", JaegerHostname: "h"}, "web-1"},
		{Resource{Service: "api", JaegerHostname: "h", JaegerIP: "10.0.0.1"}, "h"},
		{Resource{Service: "api", JaegerIP: "10.0.0.1", IPv4: "10.0.0.2"}, "10.0.0.1"},
		{Resource{Service: "api", IPv4: "10.0.0.2", IPv6: "::1"}, "10.0.0.2"},
		{Resource{Service: "api", IPv6: "::1", InstanceID: "x"}, "::1"},
		{Resource{Service: "api", InstanceID: "x"}, "x"},
		{Resource{Service: "api"}, "api"},
		{Resource{}, UnknownService},
	}
	for _, c := range cases {
		if got := c.r.Host(); got != c.want {
			t.Errorf("%+v.Host() = %q, want %q", c.r, got, c.want)
		}
	}
}

func TestKindAndStatusNames(t *testing.T) {
	for _, s := range []string{"SPAN_KIND_SERVER", "SERVER", "server", "Server"} {
		if k, ok := ParseKind(s); !ok || k != KindServer {
			t.Errorf("ParseKind(%q) = %v, %v", s, k, ok)
		}
	}
	if k, ok := ParseKind("SPAN_KIND_BOGUS"); ok || k != KindUnspecified {
		t.Errorf("ParseKind(bogus) = %v, %v", k, ok)
	}
	for _, s := range []string{"STATUS_CODE_ERROR", "ERROR", "error"} {
		if c, ok := ParseStatus(s); !ok || c != StatusError {
			t.Errorf("ParseStatus(%q) = %v, %v", s, c, ok)
		}
	}
	if KindConsumer.String() != "consumer" || Kind(99).String() != "unspecified" || StatusOK.String() != "ok" {
		t.Error("kind or status names changed")
	}
}

func TestInternerSharesOneCopy(t *testing.T) {
	in := NewInterner()
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = in.Bytes([]byte("checkout-service"))
		}()
	}
	wg.Wait()
	for _, s := range got[1:] {
		if unsafe.StringData(s) != unsafe.StringData(got[0]) {
			t.Fatal("equal strings interned twice")
		}
	}
	if in.String("checkout-service") != got[0] || in.Bytes(nil) != "" {
		t.Error("String and Bytes disagree")
	}
}

func TestStoreGroupsByTraceInOrder(t *testing.T) {
	st := NewStore()
	for i, tr := range []byte{3, 1, 3, 2, 1} {
		st.Add(Span{TraceID: TraceID{15: tr}, SpanID: SpanID{7: byte(i + 1)}})
	}
	var got []string
	for sp := range st.All() {
		got = append(got, fmt.Sprintf("%d/%d", sp.TraceID[15], sp.SpanID[7]))
	}
	if fmt.Sprint(got) != "[1/2 1/5 2/4 3/1 3/3]" || st.Len() != 5 || st.NumTraces() != 3 {
		t.Errorf("spans %v, len %d, traces %d", got, st.Len(), st.NumTraces())
	}
	if tr := st.Trace(TraceID{15: 2}); tr == nil || len(tr.Spans) != 1 {
		t.Error("Trace lookup after sorting failed")
	}
	if st.Trace(TraceID{15: 9}) != nil {
		t.Error("unknown trace found")
	}
}

func TestSpanAttr(t *testing.T) {
	sp := Span{Attrs: []Attr{{"db.system", "redis"}, {"db.system", "other"}}}
	if v, ok := sp.Attr("db.system"); !ok || v != "redis" {
		t.Errorf("Attr = %q, %v", v, ok)
	}
	if _, ok := sp.Attr("x"); ok {
		t.Error("missing attribute found")
	}
	if !NewKeySet("a").Has("a") || NewKeySet("a").Has("b") {
		t.Error("KeySet")
	}
}
