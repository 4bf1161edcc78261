package gen

import (
	"fmt"
	"time"
)

// Topology is where the shop runs and how busy it is: which instances of
// which services run on which hosts, how skewed the hosts' clocks are, the
// request rate, and how the SDKs and the Collector batch spans.
type Topology struct {
	Name string
	// Rate is the mean number of incoming requests per second.
	Rate float64
	// Hosts and their clock skew (clock(host) − true time).
	Hosts []HostSpec
	// Instances of the services api, pricing and worker; each has at least
	// one.
	Instances []InstanceSpec
	// Users and Products size the key spaces (user:N:profile, cart:N,
	// product:N:price).
	Users, Products int
	// SDKDelay and SDKMaxBatch are each SDK's batch span processor settings
	// (OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_MAX_EXPORT_BATCH_SIZE).
	SDKDelay    time.Duration
	SDKMaxBatch int
	// CollectorTimeout and CollectorMaxBatch are the Collector batch
	// processor's timeout and send_batch_max_size: one batch is one line.
	CollectorTimeout  time.Duration
	CollectorMaxBatch int
}

// HostSpec is one host and its clock skew.
type HostSpec struct {
	Name string
	Skew time.Duration
}

// InstanceSpec runs one instance of a service on a host.
type InstanceSpec struct {
	Service string // api, pricing or worker
	Host    string
}

// Demo is the bundled demo's shop: api on host-a, worker and pricing on
// host-b, whose clock runs 1.2 ms ahead, at a gentle request rate.
func Demo() Topology {
	return Topology{
		Name:  "demo",
		Rate:  25,
		Hosts: []HostSpec{{"host-a", 0}, {"host-b", 1200 * time.Microsecond}},
		Instances: []InstanceSpec{
			{"api", "host-a"}, {"pricing", "host-b"}, {"worker", "host-b"},
		},
		Users: 40, Products: 12,
		SDKDelay: time.Second, SDKMaxBatch: 512,
		CollectorTimeout: time.Second, CollectorMaxBatch: 1000,
	}
}

// Bench is a busier shop for benchmarks: several instances of each
// service on six hosts with skewed clocks, SDKs exporting small batches
// often, and a Collector batching a few hundred spans per line from
// several resources.
func Bench() Topology {
	return Topology{
		Name: "bench",
		Rate: 400,
		Hosts: []HostSpec{
			{"ip-10-0-1-17", 0}, {"ip-10-0-1-42", 800 * time.Microsecond},
			{"ip-10-0-2-9", -1500 * time.Microsecond}, {"ip-10-0-2-33", 2300 * time.Microsecond},
			{"ip-10-0-3-5", 400 * time.Microsecond}, {"ip-10-0-3-61", -700 * time.Microsecond},
		},
		Instances: []InstanceSpec{
			{"api", "ip-10-0-1-17"}, {"api", "ip-10-0-1-42"}, {"api", "ip-10-0-2-9"},
			{"pricing", "ip-10-0-2-33"}, {"pricing", "ip-10-0-3-5"},
			{"worker", "ip-10-0-3-5"}, {"worker", "ip-10-0-3-61"},
		},
		Users: 50000, Products: 2000,
		SDKDelay: time.Second, SDKMaxBatch: 128,
		CollectorTimeout: 200 * time.Millisecond, CollectorMaxBatch: 8192,
	}
}

// Topologies are the named topologies the command line offers.
var Topologies = map[string]func() Topology{"demo": Demo, "bench": Bench}

// validate checks the settings every step divides by or draws from.
func (t Topology) validate() error {
	if t.Rate <= 0 || t.SDKDelay <= 0 || t.SDKMaxBatch <= 0 || t.CollectorTimeout <= 0 ||
		t.CollectorMaxBatch <= 0 || t.Users <= 0 || t.Products <= 0 {
		return fmt.Errorf("topology %s: the rate, batch settings, users and products must all be positive", t.Name)
	}
	return nil
}

// instances builds the running instances of t, grouped by service name
// and all of them in topology order.
func (t Topology) instances(g *rng) (map[string][]*instance, []*instance, error) {
	hosts := map[string]HostSpec{}
	for _, h := range t.Hosts {
		hosts[h.Name] = h
	}
	out := map[string][]*instance{}
	var all []*instance
	for i, is := range t.Instances {
		h, ok := hosts[is.Host]
		if !ok {
			return nil, nil, fmt.Errorf("topology %s: instance %d runs on unknown host %q", t.Name, i, is.Host)
		}
		svc, ok := services[is.Service]
		if !ok {
			return nil, nil, fmt.Errorf("topology %s: instance %d runs unknown service %q", t.Name, i, is.Service)
		}
		in := newInstance(svc, h, i, g)
		out[is.Service] = append(out[is.Service], in)
		all = append(all, in)
	}
	for _, name := range []string{"api", "pricing", "worker"} {
		if len(out[name]) == 0 {
			return nil, nil, fmt.Errorf("topology %s: no instance runs %s", t.Name, name)
		}
	}
	return out, all, nil
}
