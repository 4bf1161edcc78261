package gen

import (
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

func TestExpandRaces(t *testing.T) {
	got, err := expandRaces([]string{"lost-update", AllRaces, "hot-key"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range got {
		names = append(names, r.Name)
	}
	want := []string{"lost-update", "stale-read", "ryw", "partial", "stale-fill", "lost-update", "late-read", "incr", "stampede", "hot-key"}
	if !slices.Equal(names, want) {
		t.Errorf("got %v, want %v", names, want)
	}
	if n := RaceNames(); n[len(n)-1] != AllRaces || len(n) != len(Races)+1 {
		t.Errorf("RaceNames() = %v", n)
	}
}

// Each pattern keeps to its slot: every span of its visits and of the jobs
// they enqueue lies within raceSpacing of its start, on both topologies
// (their clocks are skewed by a few milliseconds at most).
func TestRacesFitTheirSlot(t *testing.T) {
	const skew = 3 * time.Millisecond
	for _, topo := range []Topology{Demo(), Bench()} {
		for _, r := range Races {
			t.Run(topo.Name+"/"+r.Name, func(t *testing.T) {
				_, out := generate(t, Config{Topology: topo, Races: []string{r.Name}}, JSONL)
				from := DefaultStart.Add(time.Second - skew).UnixNano()
				to := DefaultStart.Add(time.Second + raceSpacing + skew).UnixNano()
				for _, s := range flatten(decodeJSONL(t, out[JSONL])) {
					if int64(s.StartTimestamp()) < from || int64(s.EndTimestamp()) > to {
						t.Fatalf("span %s %q [%s, %s] is outside the race's slot", s.SpanID(), s.Name(),
							s.StartTimestamp(), s.EndTimestamp())
					}
				}
			})
		}
	}
}

// Patterns never share keys with random traffic's users: every visit is
// by a user beyond Topology.Users, or by staff.
func TestRacesUseTheirOwnUsers(t *testing.T) {
	topo := Demo()
	for _, r := range Races {
		for _, v := range r.Plan(topo, time.Second) {
			rt, err := routeByName(v.Route)
			if err != nil {
				t.Fatalf("%s: %v", r.Name, err)
			}
			if !rt.staff && (v.User <= topo.Users || v.Subject != 0 && v.Subject <= topo.Users) {
				t.Errorf("%s: a visit to %s by user %d about %d", r.Name, v.Route, v.User, v.Subject)
			}
		}
	}
}

// Subject, Price and Slow do what Visit says.
func TestVisitFields(t *testing.T) {
	cfg := Config{Topology: Demo(), Script: []Visit{
		{Route: "GET /users/{id}/profile", User: 3, Subject: 5, Product: 1, Cache: Miss, Slow: 30 * time.Millisecond},
		{At: time.Second, Route: "GET /products/{id}", User: 3, Product: 2, Cache: Hit, Price: Miss},
	}}
	_, out := generate(t, cfg, JSONL)
	var sel, path, fill bool
	for _, s := range flatten(decodeJSONL(t, out[JSONL])) {
		switch st := strAttr(s.Attributes(), "db.statement"); {
		case s.Name() == "SELECT users":
			sel = int64(s.EndTimestamp()-s.StartTimestamp()) > int64(30*time.Millisecond)
		case s.Kind() == ptrace.SpanKindServer && s.Name() == "GET /users/{id}/profile":
			path = strAttr(s.Attributes(), "url.path") == "/users/5/profile" && strAttr(s.Attributes(), "enduser.id") == "3"
		case strings.HasPrefix(st, "SETEX product:2:price"):
			fill = true
		}
	}
	if !sel || !path || !fill {
		t.Errorf("slow SELECT %v, path of the subject by the user %v, price refilled after a forced miss %v", sel, path, fill)
	}
}
