package render

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	raw, err := Schema(name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	url := "https://github.com/raceline/raceline/schemas/" + name + ".json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("schema %s does not compile: %v", name, err)
	}
	return sch
}

func validate(t *testing.T, name string, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if err := compileSchema(t, name).Validate(inst); err != nil {
		t.Errorf("output does not validate against the %s schema: %v\n%s", name, err, out)
	}
}

func TestSchemasCompile(t *testing.T) {
	for _, name := range SchemaNames {
		raw, _ := Schema(name)
		var head struct {
			Schema string `json:"$schema"`
			ID     string `json:"$id"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			t.Fatal(err)
		}
		if head.Schema != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema = %q, want draft 2020-12", name, head.Schema)
		}
		if want := "https://github.com/raceline/raceline/schemas/" + name + ".json"; head.ID != want {
			t.Errorf("%s: $id = %q, want %q", name, head.ID, want)
		}
		compileSchema(t, name)
	}
	if _, err := Schema("nope"); err == nil || err.Error() != `no schema named "nope": valid names are clock, findings, stats, timeline` {
		t.Errorf("Schema(nope) error = %v", err)
	}
}

// TestSchemaSharedDefs keeps the definitions copied between schemas (each
// schema is self-contained) equal to their originals.
func TestSchemaSharedDefs(t *testing.T) {
	defs := map[string]map[string]any{}
	for _, name := range SchemaNames {
		raw, _ := Schema(name)
		var doc struct {
			Defs map[string]any `json:"$defs"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		defs[name] = doc.Defs
	}
	copies := []struct {
		from, to string
		keys     []string // nil: every definition of from
	}{
		{"stats", "findings", nil},
		{"clock", "findings", nil},
		{"clock", "timeline", nil},
		{"stats", "timeline", []string{"time"}},
		{"timeline", "findings", []string{"traceID", "spanID"}},
	}
	for _, c := range copies {
		keys := c.keys
		if keys == nil {
			keys = slices.Sorted(maps.Keys(defs[c.from]))
		}
		for _, key := range keys {
			if d := cmp.Diff(defs[c.from][key], defs[c.to][key]); d != "" {
				t.Errorf("$defs/%s of %s differs from %s's (-%s +%s):\n%s", key, c.to, c.from, c.from, c.to, d)
			}
		}
	}
}

func TestRenderedDocumentsValidate(t *testing.T) {
	var b strings.Builder
	if err := WriteStatsJSON(&b, sampleStats()); err != nil {
		t.Fatal(err)
	}
	validate(t, "stats", []byte(b.String()))
	b.Reset()
	if err := WriteStatsJSON(&b, &Stats{}); err != nil {
		t.Fatal(err)
	}
	validate(t, "stats", []byte(b.String()))
	b.Reset()
	if err := WriteTimelineJSON(&b, sampleTimeline(t)); err != nil {
		t.Fatal(err)
	}
	validate(t, "timeline", []byte(b.String()))
}
