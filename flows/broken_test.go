package flows_test

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

var update = flag.Bool("update", false, "rewrite the expected problems of the broken-flow fixtures")

// TestBrokenFlows loads each fixture in testdata/broken as a set of one file and compares every
// problem found, word for word, with the fixture's .want file. Run with -update to rewrite them,
// then read the diff.
func TestBrokenFlows(t *testing.T) {
	entries, err := os.ReadDir("testdata/broken")
	if err != nil || len(entries) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".want" {
			continue
		}
		file := filepath.Join("testdata/broken", e.Name())
		name := strings.TrimSuffix(e.Name(), ".yaml")
		t.Run(name, func(t *testing.T) {
			fsys, err := fixture(file, e.IsDir())
			if err != nil {
				t.Fatal(err)
			}
			set, probs := flows.Load(fsys, bot.FlowOptions())
			var lines []string
			for _, p := range probs {
				lines = append(lines, p.String())
			}
			got := strings.Join(lines, "\n") + "\n"
			wantFile := filepath.Join("testdata/broken", name+".want")
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("no expected problems (run go test ./flows -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("problems differ\n--- want\n%s--- got\n%s", want, got)
			}
			if hasErrors := len(probs.Errors()) > 0; hasErrors == (set != nil) {
				t.Errorf("set returned %v with %d errors", set != nil, len(probs.Errors()))
			}
		})
	}
}

// fixture returns a one-file folder for a .yaml fixture, or the fixture folder itself.
func fixture(path string, dir bool) (fs.FS, error) {
	if dir {
		return os.DirFS(path), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return fstest.MapFS{filepath.Base(path): {Data: data}}, nil
}
