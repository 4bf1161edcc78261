package gen

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// goSchema is the semantic conventions schema the Go SDK's resource names.
const goSchema = "https://opentelemetry.io/schemas/1.26.0"

// Span flags as the Go SDK writes them: the W3C sampled flag, and whether
// the parent (or linked) span context was remote.
const (
	flagSampled       = 0x01
	flagHasIsRemote   = 0x100
	flagIsRemote      = 0x200
	goFlagsLocal      = flagSampled | flagHasIsRemote
	goFlagsRemoteLink = flagSampled | flagHasIsRemote | flagIsRemote
)

// toTraces builds one Collector batch: one ResourceSpans per export, in
// arrival order, each with one ScopeSpans per scope in order of first use.
func toTraces(parts []export) ptrace.Traces {
	td := ptrace.NewTraces()
	rss := td.ResourceSpans()
	rss.EnsureCapacity(len(parts))
	for _, p := range parts {
		rs := rss.AppendEmpty()
		putAttrs(rs.Resource().Attributes(), p.inst.attrs)
		if p.inst.svc.flavour == goNew {
			rs.SetSchemaUrl(goSchema)
		}
		fillScopes(rs.ScopeSpans(), p)
	}
	return td
}

func fillScopes(sss ptrace.ScopeSpansSlice, p export) {
	byScope := map[*scope]ptrace.SpanSlice{}
	for _, sp := range p.spans {
		ss, ok := byScope[sp.scope]
		if !ok {
			s := sss.AppendEmpty()
			s.Scope().SetName(sp.scope.name)
			s.Scope().SetVersion(sp.scope.version)
			ss = s.Spans()
			byScope[sp.scope] = ss
		}
		fillSpan(ss.AppendEmpty(), sp)
	}
}

// fillSpan writes sp with its host's clock skew applied to every time.
func fillSpan(dst ptrace.Span, sp *span) {
	skew := sp.inst.skew()
	dst.SetTraceID(pcommon.TraceID(sp.traceID))
	dst.SetSpanID(pcommon.SpanID(sp.spanID))
	if sp.parent != ([8]byte{}) {
		dst.SetParentSpanID(pcommon.SpanID(sp.parent))
	}
	goSDK := sp.inst.svc.flavour == goNew
	if goSDK {
		dst.SetFlags(goFlagsLocal)
		if sp.remote && sp.parent != ([8]byte{}) {
			dst.SetFlags(goFlagsRemoteLink)
		}
	}
	dst.SetName(sp.name)
	dst.SetKind(sp.kind)
	dst.SetStartTimestamp(pcommon.Timestamp(sp.start + skew))
	dst.SetEndTimestamp(pcommon.Timestamp(sp.end + skew))
	putAttrs(dst.Attributes(), sp.attrs)
	for _, e := range sp.events {
		de := dst.Events().AppendEmpty()
		de.SetName(e.name)
		de.SetTimestamp(pcommon.Timestamp(e.time + skew))
		putAttrs(de.Attributes(), e.attrs)
	}
	for _, l := range sp.links {
		dl := dst.Links().AppendEmpty()
		dl.SetTraceID(pcommon.TraceID(l.traceID))
		dl.SetSpanID(pcommon.SpanID(l.spanID))
		if goSDK {
			dl.SetFlags(goFlagsRemoteLink)
		}
		putAttrs(dl.Attributes(), l.attrs)
	}
	dst.Status().SetCode(sp.status)
	dst.Status().SetMessage(sp.msg)
}

func putAttrs(m pcommon.Map, attrs []attr) {
	m.EnsureCapacity(len(attrs))
	for _, a := range attrs {
		switch a.kind {
		case attrInt:
			m.PutInt(a.key, a.i)
		case attrBool:
			m.PutBool(a.key, a.i != 0)
		default:
			m.PutStr(a.key, a.s)
		}
	}
}
