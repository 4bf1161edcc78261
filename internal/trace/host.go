package trace

// UnknownService is the service name of a span whose resource names none,
// as the OpenTelemetry SDKs default it.
const UnknownService = "unknown_service"

// Resource gathers what each format says about where a span ran, so that the
// host key of DESIGN §5 is computed the same way for every format. Decoders
// fill the fields their format has and leave the rest empty.
type Resource struct {
	Service        string // service.name (Jaeger process serviceName, Zipkin localEndpoint.serviceName)
	HostID         string // host.id
	HostName       string // host.name
	JaegerHostname string // Jaeger process tag "hostname"
	JaegerIP       string // Jaeger process tag "ip"
	IPv4, IPv6     string // Zipkin localEndpoint
	InstanceID     string // service.instance.id
}

// ServiceName is the service, or UnknownService when the resource has none.
func (r *Resource) ServiceName() string {
	if r.Service == "" {
		return UnknownService
	}
	return r.Service
}

// Host is the host key of DESIGN §5: host.id, else host.name, else Jaeger's
// hostname or ip tag, else Zipkin's endpoint address, else
// service.instance.id, else the service name.
func (r *Resource) Host() string {
	for _, h := range [...]string{r.HostID, r.HostName, r.JaegerHostname, r.JaegerIP, r.IPv4, r.IPv6, r.InstanceID} {
		if h != "" {
			return h
		}
	}
	return r.ServiceName()
}
