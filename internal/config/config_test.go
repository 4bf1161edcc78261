package config

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// cmpConfig compares Configs: regexps by source, matchers by expression.
var cmpConfig = cmp.Options{
	cmp.Comparer(func(a, b *regexp.Regexp) bool {
		return (a == nil) == (b == nil) && (a == nil || a.String() == b.String())
	}),
	cmp.Comparer(func(a, b *Matcher) bool { return a.String() == b.String() }),
	cmpopts.EquateEmpty(),
}

// writeTemp writes data to a file in a test directory and returns its path.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDefaultYAMLRoundTrip(t *testing.T) {
	path := writeTemp(t, "raceline.yaml", DefaultYAML())
	got, err := Load(path)
	if err != nil {
		t.Fatalf("Load(DefaultYAML()): %v", err)
	}
	want := Default()
	want.Path = path
	if diff := cmp.Diff(want, got, cmpConfig); diff != "" {
		t.Errorf("Load(DefaultYAML()) differs from Default() (-want +got):\n%s", diff)
	}
}

// TestDefaultYAMLNamesEveryField keeps DefaultYAML and the decoder's
// schema in step: every field the decoder knows is written.
func TestDefaultYAMLNamesEveryField(t *testing.T) {
	text := string(DefaultYAML())
	for _, s := range []section{topSection, cacheSection, matchSection, redactSection, reportSection} {
		for _, f := range s.fields {
			if !regexp.MustCompile(`(?m)^ *` + regexp.QuoteMeta(f.name) + `:`).MatchString(text) {
				t.Errorf("DefaultYAML does not write %q", f.name)
			}
		}
	}
}

func TestDefaultIsFresh(t *testing.T) {
	a := Default()
	a.Actors[0] = "changed"
	a.Rules[RuleLostUpdate] = false
	b := Default()
	if b.Actors[0] != "enduser.id" || !b.Rules[RuleLostUpdate] {
		t.Errorf("Default() shares state between calls: %v %v", b.Actors, b.Rules)
	}
}

func TestLoadNoConfig(t *testing.T) {
	tests := []struct {
		name string
		data string
	}{
		{"empty", ""},
		{"comments", "# nothing here\n\n"},
		{"null document", "---\n"},
		{"null sections", "rules:\nactors:\ncache:\nmatch:\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("raceline.yaml", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			want := Default()
			want.Path = "raceline.yaml"
			if diff := cmp.Diff(want, got, cmpConfig); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	c, err := Load("")
	if err != nil || c.Path != "" || !c.Enabled(RuleLostUpdate) {
		t.Errorf(`Load("") = %+v, %v; want the defaults`, c, err)
	}
}

func TestLoadExample(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "config", "example.yaml")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Path = path
	want.Rules[RuleLostUpdate] = false
	want.Actors = []string{"enduser.id", "app.account_id"}
	want.CacheSystems = []string{"redis", "memcached", "garnet"}
	want.KeyAttributes = []string{"cache.key", "app.cache_key"}
	want.KeyPattern = regexp.MustCompile(`^(?:shop:v[0-9]+:)?(?P<key>.+)$`)
	want.HitAttribute = "app.cache_hit"
	want.Match.Job = mustMatcher(t, "attr(\"messaging.system\") == \"sidekiq\"\n  or (kind == \"internal\" and name endsWith \"Job#perform\")\n")
	want.Match.Cache = mustMatcher(t, `attr("peer.service") == "session-store"`)
	want.Match.Source = mustMatcher(t, `has("app.sql") and not has("db.system")`)
	want.Redact.SegmentPatterns = []*regexp.Regexp{
		regexp.MustCompile(`^[0-9]+$`), regexp.MustCompile(`^[0-9a-f]{6,}$`), regexp.MustCompile(`^SO[0-9]+$`),
	}
	want.Attributes = []string{"app.tenant"}
	if diff := cmp.Diff(want, c, cmpConfig); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	sidekiq := SpanView{Name: "HardWorker", Kind: "consumer", Attr: attrs("messaging.system", "sidekiq")}
	perform := SpanView{Name: "ProfileRefreshJob#perform", Kind: "internal"}
	web := SpanView{Name: "GET /profile", Kind: "server"}
	if !c.Match.Job.Match(sidekiq) || !c.Match.Job.Match(perform) || c.Match.Job.Match(web) {
		t.Error("the example's job matcher does not pick out Sidekiq jobs alone")
	}
	if m := c.KeyPattern.FindStringSubmatch("shop:v42:user:9f2c:profile"); m == nil || m[c.KeyPattern.SubexpIndex("key")] != "user:9f2c:profile" {
		t.Errorf("key_pattern matches %q; want the key without its deploy prefix", m)
	}
	if !c.IsCacheSystem("Garnet") || c.IsCacheSystem("valkey") {
		t.Error("IsCacheSystem does not follow cache.systems")
	}
}

func mustMatcher(t *testing.T, src string) *Matcher {
	t.Helper()
	m, err := NewMatcher(src)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestKeep(t *testing.T) {
	c, err := Parse("raceline.yaml", []byte(`
actors: [app.user, user.id]
cache: {key_attributes: [app.key], hit_attribute: app.hit}
match:
  job: attr("app.queue") != "" or has("app.job")
  cache: has("app.key")
attributes: [app.extra, app.extra]
`))
	if err != nil {
		t.Fatal(err)
	}
	keep := c.Keep()
	for _, k := range []string{"app.user", "app.key", "app.hit", "app.queue", "app.job", "app.extra", "db.system", "user.id"} {
		if !contains(keep, k) {
			t.Errorf("Keep() lacks %q", k)
		}
	}
	for i := 1; i < len(keep); i++ {
		if keep[i-1] >= keep[i] {
			t.Errorf("Keep() not sorted and unique at %d: %q, %q", i, keep[i-1], keep[i])
		}
	}
	if contains(keep, "") {
		t.Error(`Keep() contains ""`)
	}
	c.HitAttribute = ""
	if contains(c.Keep(), "") {
		t.Error(`Keep() contains "" for an empty hit attribute`)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestAliases(t *testing.T) {
	c, err := Parse("raceline.yaml", []byte("cache:\n  systems: &sys [redis, garnet]\nattributes: *sys\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"redis", "garnet"}, c.Attributes); diff != "" {
		t.Errorf("an alias is not followed (-want +got):\n%s", diff)
	}
}
