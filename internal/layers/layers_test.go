package layers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/nhttf/frontdoor"

// testSupport are the packages that exist only for tests: fakes, rigs and the fault suite.
// They may break the production rules (read the environment, import each other); no production
// package may import them.
var testSupport = map[string]bool{
	"bot/bottest":                    true,
	"bot/storetest":                  true,
	"faults":                         true,
	"integrations/redis/redistest":   true,
	"integrations/slack/slackfake":   true,
	"integrations/twilio/twiliotest": true,
	"internal/servetest":             true,
}

// pkg is the part of `go list -json` the rules read; Imports excludes test files' imports.
type pkg struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
}

// rel is a project path without the module prefix ("bot/region"), or "" for another module's.
func rel(path string) string {
	if path == module {
		return "."
	}
	if r, ok := strings.CutPrefix(path, module+"/"); ok {
		return r
	}
	return ""
}

func under(p, root string) bool { return p == root || strings.HasPrefix(p, root+"/") }

// listPackages runs `go list` over the module. It first reads every directory and Go file of
// the module itself: go test caches a result by the files the test process opened, and the files
// the go list child reads do not count, so without this a cached pass would hide a new import.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	readSources(t, "../..")
	cmd := exec.Command("go", "list", "-json", module+"/...")
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages; is the test running inside the module?", len(pkgs))
	}
	return pkgs
}

func readSources(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			_, err := os.ReadDir(path)
			return err
		}
		if strings.HasSuffix(path, ".go") || d.Name() == "go.mod" {
			_, err := os.ReadFile(path)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// rule is one import rule: for a production package `from`, the import `imp` (full path) is
// forbidden when bad returns a reason.
type rule func(from, imp string) (reason string)

var rules = []rule{
	func(from, imp string) string {
		if under(from, "flows") && rel(imp) != "" && !under(rel(imp), "internal") && !under(rel(imp), "flows") {
			return "flows imports no project package but internal/..."
		}
		return ""
	},
	func(from, imp string) string {
		if under(from, "bot") && under(rel(imp), "integrations") {
			return "bot and bot/... import no integrations/... (integrations implement bot's interfaces)"
		}
		return ""
	},
	func(from, imp string) string {
		if under(imp, "github.com/labstack/echo") && from != "integrations/web" {
			return "only integrations/web imports Echo"
		}
		return ""
	},
	func(from, imp string) string {
		if testSupport[rel(imp)] {
			return "no production package imports a test-support package"
		}
		return ""
	},
}

// importProblems applies the rules to every production package's imports.
func importProblems(pkgs []pkg) []string {
	var problems []string
	for _, p := range pkgs {
		from := rel(p.ImportPath)
		if testSupport[from] {
			continue
		}
		for _, imp := range p.Imports {
			for _, r := range rules {
				if reason := r(from, imp); reason != "" {
					problems = append(problems, fmt.Sprintf("%s imports %s: %s", from, imp, reason))
				}
			}
		}
	}
	sort.Strings(problems)
	return problems
}

func TestImports(t *testing.T) {
	for _, p := range importProblems(listPackages(t)) {
		t.Error(p)
	}
}

// envReads lists the os.Getenv, os.LookupEnv and os.Environ calls in one file.
func envReads(fset *token.FileSet, f *ast.File) []string {
	osName := ""
	for _, im := range f.Imports {
		if path, _ := strconv.Unquote(im.Path.Value); path == "os" {
			osName = "os"
			if im.Name != nil {
				osName = im.Name.Name
			}
		}
	}
	if osName == "" {
		return nil
	}
	var reads []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == osName {
			switch sel.Sel.Name {
			case "Getenv", "LookupEnv", "Environ":
				reads = append(reads, fmt.Sprintf("%s: os.%s", fset.Position(sel.Pos()), sel.Sel.Name))
			}
		}
		return true
	})
	return reads
}

func TestOnlyCmdReadsTheEnvironment(t *testing.T) {
	fset := token.NewFileSet()
	scanned := 0
	for _, p := range listPackages(t) {
		from := rel(p.ImportPath)
		if testSupport[from] || under(from, "cmd") {
			continue
		}
		for _, name := range p.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			scanned++
			for _, r := range envReads(fset, f) {
				t.Errorf("%s: only cmd/... reads the environment; pass the value in from cmd/frontdoor", r)
			}
		}
	}
	if scanned < 50 {
		t.Fatalf("scanned only %d production files", scanned)
	}
}

// TestRulesCatch proves each rule fails on the import it forbids, so a rule that stopped
// matching (a renamed package, a typo) would not pass silently.
func TestRulesCatch(t *testing.T) {
	forbidden := []pkg{
		{ImportPath: module + "/flows", Imports: []string{module + "/bot"}},
		{ImportPath: module + "/bot/region", Imports: []string{module + "/integrations/redis"}},
		{ImportPath: module + "/integrations/slack", Imports: []string{"github.com/labstack/echo/v4"}},
		{ImportPath: module + "/cmd/frontdoor", Imports: []string{module + "/integrations/twilio/twiliotest"}},
	}
	for _, p := range forbidden {
		if got := importProblems([]pkg{p}); len(got) != 1 {
			t.Errorf("%s importing %v: problems %q, want one", p.ImportPath, p.Imports, got)
		}
	}
	allowed := []pkg{
		{ImportPath: module + "/flows", Imports: []string{module + "/internal/yamlpos", "strings"}},
		{ImportPath: module + "/integrations/web", Imports: []string{"github.com/labstack/echo/v4/middleware"}},
		{ImportPath: module + "/faults", Imports: []string{module + "/internal/servetest"}},
	}
	for _, p := range allowed {
		if got := importProblems([]pkg{p}); len(got) != 0 {
			t.Errorf("%s importing %v: problems %q, want none", p.ImportPath, p.Imports, got)
		}
	}
	src := "package p\nimport env \"os\"\nfunc f() string { _, _ = env.LookupEnv(\"A\"); return env.Getenv(\"B\") }\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := envReads(fset, f); len(got) != 2 {
		t.Errorf("env reads %q, want two", got)
	}
}
