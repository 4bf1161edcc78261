package reportcheck

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// voidElements have no end tag in HTML5.
var voidElements = []string{"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

// checkNesting walks the tokens of doc: a doctype first, then every
// element closed by its own end tag, in order (void elements excepted,
// self-closing tags only inside SVG), so that the parser never has to
// guess where an element ends.
func checkNesting(doc string) error {
	z := html.NewTokenizer(strings.NewReader(doc))
	var stack []string
	first := true
	for {
		tt := z.Next()
		tok := z.Token()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return z.Err()
			}
			if len(stack) > 0 {
				return fmt.Errorf("unclosed elements at the end: %v", stack)
			}
			return nil
		case html.DoctypeToken:
			if !first || !strings.EqualFold(tok.Data, "html") {
				return fmt.Errorf("doctype %q, want html, first", tok.Data)
			}
		case html.StartTagToken:
			if !slices.Contains(voidElements, tok.Data) {
				stack = append(stack, tok.Data)
			}
		case html.SelfClosingTagToken:
			if !slices.Contains(stack, "svg") {
				return fmt.Errorf("self-closing <%s/> outside SVG", tok.Data)
			}
		case html.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				return fmt.Errorf("</%s> closes %v", tok.Data, stack)
			}
			stack = stack[:len(stack)-1]
		}
		if tt != html.TextToken || strings.TrimSpace(tok.Data) != "" {
			first = false
		}
	}
}

// forbidden are the elements that load or run something.
var forbidden = []atom.Atom{atom.Script, atom.Link, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Base,
	atom.Audio, atom.Video, atom.Source, atom.Frame, atom.Form, atom.Image}

// checkTree checks the parsed document: its head, that it refers to
// nothing outside itself, that every chart was parsed as SVG, that ids
// are unique and every link points at one, and that table rows are as
// wide as their header.
func checkTree(t *testing.T, name string, root *html.Node) { checkTreeWith(t, name, root) }

// errorer is what the checkers report to: a *testing.T, or a recorder.
type errorer interface {
	Errorf(format string, args ...any)
}

func checkTreeWith(t errorer, name string, root *html.Node) {
	ids := map[string]bool{}
	var hrefs []string
	var title, charset, svgs int
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if slices.Contains(forbidden, n.DataAtom) && n.Namespace == "" {
			t.Errorf("%s: a <%s> element", name, n.Data)
		}
		switch {
		case n.DataAtom == atom.Title && n.Namespace == "":
			if n.FirstChild == nil || strings.TrimSpace(n.FirstChild.Data) == "" {
				t.Errorf("%s: empty <title>", name)
			}
			title++
		case n.DataAtom == atom.Meta && attr(n, "charset") == "utf-8":
			charset++
		case n.Data == "svg":
			svgs++
			checkSVG(t, name, n)
		case n.DataAtom == atom.Style:
			if css := n.FirstChild; css != nil && outsideRef(css.Data) != "" {
				t.Errorf("%s: the style sheet refers to %q", name, outsideRef(css.Data))
			}
		case n.DataAtom == atom.Tbody:
			checkRows(t, name, n)
		}
		for _, a := range n.Attr {
			checkAttr(t, name, n, a, ids, &hrefs)
		}
	}
	if title != 1 || charset != 1 {
		t.Errorf("%s: %d <title> and %d <meta charset=utf-8>, want one each", name, title, charset)
	}
	if svgs == 0 {
		t.Errorf("%s: no chart", name)
	}
	for _, h := range hrefs {
		if !ids[h] {
			t.Errorf("%s: a link to #%s, which no element has", name, h)
		}
	}
}

func checkAttr(t errorer, name string, n *html.Node, a html.Attribute, ids map[string]bool, hrefs *[]string) {
	switch {
	case a.Key == "id":
		if ids[a.Val] {
			t.Errorf("%s: id %q twice", name, a.Val)
		}
		ids[a.Val] = true
	case a.Key == "href":
		if !strings.HasPrefix(a.Val, "#") {
			t.Errorf("%s: <%s href=%q> leaves the document", name, n.Data, a.Val)
		}
		*hrefs = append(*hrefs, strings.TrimPrefix(a.Val, "#"))
	case strings.HasPrefix(a.Key, "on"):
		t.Errorf("%s: an event handler %s on <%s>", name, a.Key, n.Data)
	case outsideRef(a.Val) != "":
		t.Errorf("%s: <%s %s=%q> refers outside", name, n.Data, a.Key, a.Val)
	}
}

// outsideRef returns what in s could make a browser fetch something.
func outsideRef(s string) string {
	l := strings.ToLower(s)
	for _, p := range []string{"http:", "https:", "ftp:", "url(", "@import", "//"} {
		if strings.Contains(l, p) {
			return p
		}
	}
	return ""
}

// checkSVG wants the chart and everything in it parsed as SVG.
func checkSVG(t errorer, name string, svg *html.Node) {
	for n := range svg.Descendants() {
		if n.Type == html.ElementNode && n.Namespace != "svg" {
			t.Errorf("%s: <%s> inside a chart is not in the SVG namespace", name, n.Data)
			return
		}
	}
	if svg.Namespace != "svg" {
		t.Errorf("%s: a chart not parsed as SVG", name)
	}
}

// checkRows wants every row of a table body as wide as the header.
func checkRows(t errorer, name string, tbody *html.Node) {
	head := 0
	thead := tbody.PrevSibling
	for thead != nil && thead.Type != html.ElementNode {
		thead = thead.PrevSibling
	}
	if thead != nil && thead.DataAtom == atom.Thead {
		for tr := thead.FirstChild; tr != nil; tr = tr.NextSibling {
			head = max(head, countCells(tr))
		}
	}
	for tr := tbody.FirstChild; tr != nil; tr = tr.NextSibling {
		if tr.DataAtom == atom.Tr && countCells(tr) != head {
			t.Errorf("%s: a row of %d cells under a header of %d", name, countCells(tr), head)
		}
	}
}

func countCells(tr *html.Node) int {
	n := 0
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Td || c.DataAtom == atom.Th {
			n++
		}
	}
	return n
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is every text node and attribute value of the document.
func text(root *html.Node) string {
	var b strings.Builder
	for n := range root.Descendants() {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + "\n")
		}
		for _, a := range n.Attr {
			b.WriteString(a.Val + "\n")
		}
	}
	return b.String()
}

func TestReportHTMLParses(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"races", []string{races}},
		{"demo", []string{demo}},
		{"both, redacted", []string{demo, races, "--redact", "--redact-key", "k"}},
		{"no findings", []string{races, "--key", "nothing:*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := report(t, append(tt.args, "-o", "html")...)
			if err := checkNesting(doc); err != nil {
				t.Errorf("%v", err)
			}
			root, err := html.Parse(strings.NewReader(doc))
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "no findings" {
				if !strings.Contains(doc, "No findings") {
					t.Error("no verdict")
				}
				return
			}
			checkTree(t, tt.name, root)
		})
	}
}

// TestReportRedactedHTML wants none of the input's variable keys and
// actors anywhere in a redacted report, text or attributes.
func TestReportRedactedHTML(t *testing.T) {
	root, err := html.Parse(strings.NewReader(report(t, races, "-o", "html", "--redact")))
	if err != nil {
		t.Fatal(err)
	}
	all := text(root)
	for _, s := range []string{"user:42:profile", "order:1001:status", "order:1001:total", "product:7",
		"user-42", "user-3", "user-5", "user-6", "user-7", "user-9", "admin-1"} {
		// Whole words only: a hash may start with what a key's segment was.
		if regexp.MustCompile(`(^|[^0-9A-Za-z])` + regexp.QuoteMeta(s) + `($|[^0-9A-Za-z])`).MatchString(all) {
			t.Errorf("the redacted report shows %q", s)
		}
	}
	if !strings.Contains(all, "The key is random") {
		t.Error("a report redacted under a random key does not say so")
	}
}

// TestCheckersCatch holds the checkers to documents they must reject.
func TestCheckersCatch(t *testing.T) {
	for _, doc := range []string{
		"<html><body><p><b>x</p></b></body></html>",
		"<!DOCTYPE html><html><body><div></body></html>",
		"<!DOCTYPE html><html><body><br/><p></p></body></html>",
		"<p></p><!DOCTYPE html>",
	} {
		if checkNesting(doc) == nil {
			t.Errorf("checkNesting accepted %q", doc)
		}
	}
	bad := `<!DOCTYPE html><html><head><title>x</title><meta charset="utf-8"><style>a{background:url(x.png)}</style></head>` +
		`<body><img src="https://example.com/x.png"><a href="https://example.com">x</a><a href="#nowhere">y</a>` +
		`<p id="a"></p><p id="a" onclick="x()"></p><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></body></html>`
	root, err := html.Parse(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{T: t}
	checkTreeWith(rec, "bad", root)
	for _, want := range []string{"a <img> element", "leaves the document", "#nowhere", `id "a" twice`, "event handler",
		"style sheet refers", "a row of 1 cells under a header of 2", "no chart"} {
		if !slices.ContainsFunc(rec.errs, func(e string) bool { return strings.Contains(e, want) }) {
			t.Errorf("checkTree did not say %q; it said %q", want, rec.errs)
		}
	}
}

// recorder collects the errors a checker reports instead of failing.
type recorder struct {
	*testing.T
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
