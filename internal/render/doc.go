// Package render writes raceline's outputs: text for people, JSON documents
// with a fixed field order (raceline.stats/v1, raceline.timeline/v1,
// raceline.findings/v1 and its NDJSON form, raceline.clock/v1), Mermaid
// gantt charts, SVG timelines, the incident report (Markdown, or one
// self-contained HTML file) with its key grouping and redaction, and the
// explanation of the rules. It also embeds the JSON Schemas of DESIGN §4
// and §6.
//
// Renderers take plain view models defined here (Stats, Timeline, …) that
// the cli package fills from the engine's results, so render depends on no
// engine step but the shared span model. Besides cli, render is the only
// package that writes bytes. JSON output never depends on TTY or color.
package render
