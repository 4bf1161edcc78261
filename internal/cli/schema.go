package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/raceline/raceline/internal/render"
)

const schemaLong = `Schema prints the JSON Schema (draft 2020-12) of a document raceline writes:
  stats     raceline.stats/v1      raceline stats -o json
  timeline  raceline.timeline/v1   raceline timeline -o json
  findings  raceline.findings/v1   raceline analyze -o json
  clock     raceline.clock/v1      raceline clock -o json

Each schema is self-contained, and describes this version's output exactly:
every field is required, and no other field is allowed. A v1 document only
ever gains fields, so a consumer should ignore the ones it does not know.
` + exitStatusPlain

const schemaExample = `  # validate stats output with a JSON Schema validator
  $ raceline schema stats > stats.schema.json

  # list the fields of a timeline span
  $ raceline schema timeline | jq '.["$defs"].span.required'`

func newCmdSchema(f *factory) *cobra.Command {
	return &cobra.Command{
		Use:       "schema NAME",
		Short:     "Print the JSON Schema of stats, timeline, findings or clock output",
		Long:      schemaLong,
		Example:   schemaExample,
		ValidArgs: render.SchemaNames,
		Args: func(cmd *cobra.Command, args []string) error {
			names := "{" + strings.Join(render.SchemaNames, "|") + "}"
			switch {
			case len(args) != 1:
				return usageErrorf("schema needs exactly one NAME: %s", names)
			case !slices.Contains(render.SchemaNames, args[0]):
				return usageErrorf("no schema named %q: valid names are %s", args[0], names)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := render.Schema(args[0])
			if err != nil {
				return err
			}
			_, err = f.IO.Out.Write(b)
			return err
		},
	}
}
