package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to Load: it must not panic, every error
// must be an *Error naming the file, and a loaded config must be usable.
//
//	go test ./internal/config -run '^$' -fuzz FuzzLoad -fuzztime 1m
func FuzzLoad(f *testing.F) {
	f.Add(DefaultYAML())
	if data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "config", "example.yaml")); err == nil {
		f.Add(data)
	}
	for _, s := range []string{
		"", "rules: {lost-update: false}\n", "actors: *a\n", "a: &a [*a]\n", "match:\n  job: |\n    kind ==\n",
		"cache: {key_pattern: '(?P<key>x'}\n", "match: {job: 'attr(\"a\") matches \"(\"'}\n", "\xef\xbb\xbfactors: [a]\n",
		"x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n", "? [a]\n: b\n", "match: {job: '((((((((((((((((kind == \"server\"))))))))))))))))'}\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Load(path)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.File != path || e.Msg == "" {
				t.Fatalf("error %q (%T) is not an *Error naming the file", err, err)
			}
			return
		}
		c.Keep()
		span := SpanView{Name: "n", Kind: "server", Attr: func(string) (string, bool) { return "1", true }}
		for _, m := range []*Matcher{c.Match.Request, c.Match.Job, c.Match.Cache, c.Match.Source} {
			m.Match(span)
		}
	})
}
