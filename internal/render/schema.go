package render

import (
	"embed"
	"fmt"
	"strings"
)

// schemaFS holds the JSON Schemas (draft 2020-12) of the documents raceline
// writes. Each is self-contained: the definitions one document shares with
// another (a findings document's input block is raceline.stats/v1) are
// copied into its $defs, and a test keeps the copies equal.
//
//go:embed schemas/*.json
var schemaFS embed.FS

// SchemaNames are the names `raceline schema NAME` accepts, sorted.
var SchemaNames = []string{"clock", "findings", "stats", "timeline"}

// Schema returns the JSON Schema of the document called name (one of
// SchemaNames).
func Schema(name string) ([]byte, error) {
	for _, n := range SchemaNames {
		if n == name {
			return schemaFS.ReadFile("schemas/" + name + ".json")
		}
	}
	return nil, fmt.Errorf("no schema named %q: valid names are %s", name, strings.Join(SchemaNames, ", "))
}
