package render

import (
	"embed"
	"html/template"
	"io"
	"strings"
)

// maxTableRows caps the findings table; the groups below it count every
// finding.
const maxTableRows = 500

//go:embed templates/report.html.tmpl templates/report.css
var templateFiles embed.FS

var reportHTML = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"dur":   Duration,
	"chart": chartHTML,
}).ParseFS(templateFiles, "templates/report.html.tmpl"))

// reportCSS is the report's one style sheet, inlined.
var reportCSS = func() template.CSS {
	b, err := templateFiles.ReadFile("templates/report.css")
	if err != nil {
		panic(err) // embedded at build time: cannot fail
	}
	return template.CSS(b)
}()

// htmlView is what the HTML template is given: the report's view and what
// only the HTML shows.
type htmlView struct {
	*reportView
	CSS     template.CSS
	Version string
	Tally   []tally   // findings by severity, worst first
	Rows    []htmlRow // the findings table, group by group
	More    int       // findings left out of the table
}

type tally struct {
	Severity string
	Count    int64
}

// htmlRow is one line of the findings table, linking to where the
// finding is shown: in full, listed, or only counted in its group.
type htmlRow struct {
	F      *Finding
	Anchor string
}

// WriteReportHTML writes r as one HTML5 file that needs nothing else: no
// script, no external style sheet, font or image, no request of any kind.
// It says what the Markdown says, each finding's timeline drawn as inline
// SVG swim lanes, with a table of every finding first; it prints well. The
// same r gives the same bytes.
func WriteReportHTML(w io.Writer, r *Report) error {
	v := &htmlView{reportView: newReportView(r), CSS: reportCSS, Version: r.Version}
	s := r.summary()
	for _, sev := range severityOrder {
		if n := s.BySeverity[sev]; n > 0 {
			v.Tally = append(v.Tally, tally{sev, n})
		}
	}
	for i := range v.Groups {
		v.addRows(&v.Groups[i])
	}
	var b strings.Builder
	if err := reportHTML.Execute(&b, v); err != nil {
		return err
	}
	_, err := io.WriteString(w, noControls(b.String()))
	return err
}

// addRows adds g's findings to the table, as long as there is room: those
// shown in full or listed link to themselves, the others to their group.
func (v *htmlView) addRows(g *groupView) {
	listed := len(g.Worst) + len(g.Rest)
	for i, f := range g.Findings {
		if len(v.Rows) == maxTableRows {
			v.More++
			continue
		}
		anchor := f.ID
		if i >= listed {
			anchor = "group-" + g.Number
		}
		v.Rows = append(v.Rows, htmlRow{f, anchor})
	}
}

// chartHTML is c drawn as SVG to inline in the HTML. Every text in it is
// escaped as it is drawn.
func chartHTML(c *chart) template.HTML {
	var b strings.Builder
	writeChartSVG(&b, c, false)
	return template.HTML(b.String())
}
