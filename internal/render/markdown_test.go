package render

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// ganttRules are the rules of the lexer in Mermaid's gantt grammar
// (packages/mermaid/src/diagrams/gantt/parser/gantt.jison), in its order:
// Jison takes the first rule that matches at the current position,
// ignoring case. Tokens named "" are skipped; "reject" marks the ones our
// charts must never produce (interactivity, directives, accessibility
// statements, bare dates, stray colons and invalid characters).
var ganttRules = []struct {
	token string
	re    *regexp.Regexp
}{
	{"reject", regexp.MustCompile(`^%%\{`)},
	{"reject", regexp.MustCompile(`^(?i)accTitle\s*:\s*`)},
	{"reject", regexp.MustCompile(`^(?i)accDescr\s*[:{]\s*`)},
	{"", regexp.MustCompile(`^%%[^\n]*`)},
	{"", regexp.MustCompile(`^[^}]%%*[^\n]*`)},
	{"", regexp.MustCompile(`^%%*[^\n]*\n*`)},
	{"NL", regexp.MustCompile(`^\n+`)},
	{"", regexp.MustCompile(`^\s+`)},
	{"", regexp.MustCompile(`^#[^\n]*`)},
	{"reject", regexp.MustCompile(`^(?i)(href\s+"|call\s+|click\s+)`)},
	{"gantt", regexp.MustCompile(`^(?i)gantt`)},
	{"dateFormat", regexp.MustCompile(`^(?i)dateFormat\s[^#\n;]+`)},
	{"reject", regexp.MustCompile(`^(?i)(inclusiveEndDates|topAxis)`)},
	{"axisFormat", regexp.MustCompile(`^(?i)axisFormat\s[^#\n;]+`)},
	{"reject", regexp.MustCompile(`^(?i)(tickInterval|includes|excludes)\s[^#\n;]+`)},
	{"todayMarker", regexp.MustCompile(`^(?i)todayMarker\s[^\n;]+`)},
	{"reject", regexp.MustCompile(`^(?i)weekday\s[^#\n;]+`)},
	{"reject", regexp.MustCompile(`^\d\d\d\d-\d\d-\d\d`)},
	{"title", regexp.MustCompile(`^(?i)title\s[^#\n;]+`)},
	{"reject", regexp.MustCompile(`^(?i)accDescription\s[^#\n;]+`)},
	{"section", regexp.MustCompile(`^(?i)section\s[^#:\n;]+`)},
	{"taskTxt", regexp.MustCompile(`^[^#:\n;]+`)},
	{"taskData", regexp.MustCompile(`^:[^#\n;]+`)},
	{"reject", regexp.MustCompile(`^(?s:.)`)},
}

type ganttToken struct{ kind, text string }

// lexGantt splits src into the gantt lexer's tokens, or fails at the first
// token our charts must not produce.
func lexGantt(src string) ([]ganttToken, error) {
	var toks []ganttToken
	for pos := 0; pos < len(src); {
		for _, r := range ganttRules {
			m := r.re.FindString(src[pos:])
			if m == "" {
				continue
			}
			if r.token == "reject" {
				return nil, fmt.Errorf("offset %d: %q is not allowed here", pos, m)
			}
			if r.token != "" {
				toks = append(toks, ganttToken{r.token, m})
			}
			pos += len(m)
			break
		}
	}
	return toks, nil
}

var ganttTags = map[string]bool{"active": true, "done": true, "crit": true, "milestone": true}

// checkGantt checks src against the grammar the way our charts use it:
// gantt first; then statements (dateFormat x, axisFormat, todayMarker,
// title, section) and tasks (a name, then data of optional tags and a
// start and end in Unix milliseconds, end after start); a dateFormat and
// at least one section with a task.
func checkGantt(src string) error {
	toks, err := lexGantt(src)
	if err != nil {
		return err
	}
	if len(toks) == 0 || toks[0].kind != "gantt" {
		return errors.New("does not start with gantt")
	}
	var dateFormat, section bool
	tasks := 0
	for i := 1; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case "NL", "axisFormat", "todayMarker":
		case "title":
			if strings.TrimSpace(t.text[6:]) == "" {
				return errors.New("empty title")
			}
		case "dateFormat":
			dateFormat = strings.TrimSpace(t.text[11:]) == "x"
		case "section":
			section = strings.TrimSpace(t.text[8:]) != ""
		case "taskTxt":
			if !section {
				return fmt.Errorf("task %q before any section", t.text)
			}
			if i+1 == len(toks) || toks[i+1].kind != "taskData" {
				return fmt.Errorf("task %q has no data", t.text)
			}
			if err := checkTaskData(toks[i+1].text); err != nil {
				return fmt.Errorf("task %q: %v", t.text, err)
			}
			i++
			tasks++
		default:
			return fmt.Errorf("unexpected %s %q", t.kind, t.text)
		}
	}
	if !dateFormat || tasks == 0 {
		return fmt.Errorf("want dateFormat x and a task (dateFormat %v, %d tasks)", dateFormat, tasks)
	}
	return nil
}

// checkTaskData checks ":tag, tag, start, end" as ganttDb reads it.
func checkTaskData(data string) error {
	parts := strings.Split(strings.TrimPrefix(data, ":"), ",")
	for len(parts) > 0 && ganttTags[strings.TrimSpace(parts[0])] {
		parts = parts[1:]
	}
	if len(parts) != 2 {
		return fmt.Errorf("data %q: want a start and an end after the tags", data)
	}
	start, err1 := strconv.ParseInt(strings.TrimSpace(parts[0]), 10, 64)
	end, err2 := strconv.ParseInt(strings.TrimSpace(parts[1]), 10, 64)
	if err1 != nil || err2 != nil || end <= start {
		return fmt.Errorf("data %q: want start < end, in milliseconds", data)
	}
	return nil
}

// TestCheckGantt holds the checker to examples checked by hand against
// the grammar.
func TestCheckGantt(t *testing.T) {
	head := "gantt\n    title t\n    dateFormat x\n    axisFormat %H:%M:%S.%L\n    todayMarker off\n    %% a comment\n"
	tests := []struct {
		name, src string
		ok        bool
	}{
		{"valid", head + "    section api on host-a\n    GET /x (1ms) :1, 2\n    read ：a (2ms) :crit, done, 3, 5\n", true},
		{"sectionfoo is a task name", head + "    section s\n    sectionfoo :1, 2\n", true},
		{"no gantt", "    dateFormat x\n    section s\n    a :1, 2\n", false},
		{"no section", head + "    a :1, 2\n", false},
		{"colon in name", head + "    section s\n    a:b :1, 2\n", false},
		{"hash in name", head + "    section s\n    a#b :1, 2\n", false},
		{"semicolon in name", head + "    section s\n    a;b :1, 2\n", false},
		{"colon in section", head + "    section a:b\n    t :1, 2\n", false},
		{"keyword first", head + "    section s\n    gantt chart :1, 2\n", false},
		{"click first", head + "    section s\n    click here :1, 2\n", false},
		{"date first", head + "    section s\n    2026-11-21 deploy :1, 2\n", false},
		{"end before start", head + "    section s\n    a :5, 2\n", false},
		{"a duration, not a date", head + "    section s\n    a :1, 2ms\n", false},
		{"unknown tag", head + "    section s\n    a :hot, 1, 2\n", false},
		{"no data", head + "    section s\n    a\n", false},
		{"other date format", strings.Replace(head, "dateFormat x", "dateFormat YYYY", 1) + "    section s\n    a :1, 2\n", false},
	}
	for _, tt := range tests {
		if err := checkGantt(tt.src); (err == nil) != tt.ok {
			t.Errorf("%s: checkGantt = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

// nastyFinding is sampleFindings' first finding with every name and key
// holding what Markdown, Mermaid, HTML and XML give a meaning to.
func nastyFinding(t *testing.T) Finding {
	f := sampleFindings(t).Findings[0]
	const nasty = "a:b#c;d%e<f>g&h`i|j*k_l[m]\"n'o\x07\n2026-11-21 ```"
	f.Key, f.Keys = "user:"+nasty, []string{"user:" + nasty}
	f.Summary = "summary " + nasty
	f.Request.Name, f.Request.Service, f.Request.Host = "gantt "+nasty, "section "+nasty, "host "+nasty
	f.Job.Name = "click " + nasty
	for i := range f.Events {
		f.Events[i].Name = "title " + nasty
		if f.Events[i].Key != "" {
			f.Events[i].Key = f.Key
		}
	}
	return f
}

func TestWriteChartMermaidNastyNames(t *testing.T) {
	f := nastyFinding(t)
	var b strings.Builder
	writeChartMermaid(&b, findingChart(&f, nil))
	if err := checkGantt(b.String()); err != nil {
		t.Errorf("%v\n%s", err, b.String())
	}
}

func TestMarkdownEscapes(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"text", mdText("a*b_c [d](e) <f> | ~g & #h `i` \\"), `a\*b\_c \[d\](e) \<f\> \| \~g \& \#h \` + "`i\\`" + ` \\`},
		{"text newline", mdText("a\nb\r\nc"), "a b c"},
		{"code", mdCode("user:42"), "`user:42`"},
		{"code with backticks", mdCode("a``b"), "```a``b```"},
		{"code starting with one", mdCode("`a"), "`` `a ``"},
		{"code empty", mdCode(""), "—"},
		{"cell", mdCell("`a|b` \\| c"), "`a\\|b` \\| c"},
		{"share all", share(5, 5), "100%"},
		{"share part", share(2, 3), "66.6%"},
		{"share never 100", share(9999, 10000), "99.9%"},
		{"share none", share(0, 0), "n/a"},
		{"presence", presence(2, 1, "link", "links", "missing", "missing"), "66.6%: 2 of the 3 links (1 missing)"},
		{"presence of none", presence(0, 0, "link", "links", "missing", "missing"), "n/a: no link"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestWriteReportMarkdownNasty(t *testing.T) {
	f := sampleFindings(t)
	f.Findings[0] = nastyFinding(t)
	var b strings.Builder
	if err := WriteReportMarkdown(&b, &Report{Findings: f, GroupPatterns: defaultPatterns()}); err != nil {
		t.Fatal(err)
	}
	checkMermaidBlocks(t, "nasty", b.String())
	// The fence of a chart is longer than any run of backticks in it.
	if !strings.Contains(b.String(), "````mermaid\n") {
		t.Errorf("no four-backtick fence around a chart holding ```")
	}
}

// mermaidBlock finds each fenced Mermaid block: its fence and content.
var mermaidBlock = regexp.MustCompile("(?s)\n(`{3,})mermaid\n(.*?)\n(`{3,})\n")

// checkMermaidBlocks checks every Mermaid block of a Markdown document.
func checkMermaidBlocks(t *testing.T, name, md string) int {
	t.Helper()
	blocks := mermaidBlock.FindAllStringSubmatch(md, -1)
	for i, m := range blocks {
		if m[1] != m[3] {
			t.Errorf("%s: block %d: fence %q closed by %q", name, i, m[1], m[3])
		}
		if err := checkGantt(m[2]); err != nil {
			t.Errorf("%s: block %d: %v\n%s", name, i, err, m[2])
		}
	}
	return len(blocks)
}

// TestReportGoldensMermaid checks the Mermaid blocks of the Markdown
// reports the cli package's tests keep as golden files.
func TestReportGoldensMermaid(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "golden", "report", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Skip("no golden reports yet: run the cli package's tests with -update")
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if n := checkMermaidBlocks(t, p, string(b)); n == 0 && strings.Contains(string(b), "## Findings") {
			t.Errorf("%s: findings but no Mermaid block", p)
		}
	}
}
