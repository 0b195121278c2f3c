package layers_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoBrowserDriver: the product's module graph holds no browser driver. chromedp is required
// by browser/, a module of its own, so `go mod download` here never fetches it; a production
// or test file of this module that imported it would bring it back into go.mod.
func TestNoBrowserDriver(t *testing.T) {
	readSources(t, "../..")
	cmd := exec.Command("go", "list", "-m", "all")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -m all: %v", err)
	}
	if problems := driverModules(string(out)); len(problems) > 0 {
		t.Errorf("the module requires %s: browser code belongs in browser/", strings.Join(problems, ", "))
	}
}

// driverModules are the browser-driver modules in a `go list -m all` listing.
func driverModules(listing string) []string {
	var found []string
	for _, line := range strings.Split(listing, "\n") {
		if strings.HasPrefix(line, "github.com/chromedp/") {
			found = append(found, strings.Fields(line)[0])
		}
	}
	return found
}

// TestBrowserModuleHoldsOnlyTests: browser/ is outside `go list` of this module, so the rules
// above do not see it; it may import test-support packages because it has no code but tests
// (doc.go aside).
func TestBrowserModuleHoldsOnlyTests(t *testing.T) {
	files, err := filepath.Glob("../../browser/*.go")
	if err != nil || len(files) < 2 {
		t.Fatalf("browser/ has %d Go files (%v)", len(files), err)
	}
	for _, f := range files {
		if name := filepath.Base(f); name != "doc.go" && !strings.HasSuffix(name, "_test.go") {
			t.Errorf("browser/%s: the browser module holds tests only", name)
		}
	}
	if _, err := os.Stat("../../browser/go.mod"); err != nil {
		t.Errorf("browser/ is not a module of its own: %v", err)
	}
}

func TestDriverModulesCatch(t *testing.T) {
	listing := "github.com/nhttf/frontdoor\ngithub.com/chromedp/chromedp v0.23.0\ngithub.com/chromedp/cdproto v0.159.0\n"
	if got := driverModules(listing); len(got) != 2 {
		t.Errorf("driverModules found %v in a listing with chromedp and cdproto", got)
	}
}
