package console

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestAuditWords: every action the console and the command line record has words for the audit
// page, found in the source so that a new action without words fails here.
func TestAuditWords(t *testing.T) {
	re := regexp.MustCompile(`(?:c\.audit\([^,]+, [^,]+, |saveDraft\(r, s, ws, |Action: )"([a-z_]+)"`)
	files, _ := filepath.Glob("*.go")
	more, _ := filepath.Glob("../../cmd/frontdoor/*.go")
	found := 0
	for _, f := range append(files, more...) {
		if matched, _ := filepath.Match("*_test.go", filepath.Base(f)); matched {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			found++
			if _, ok := auditWords[m[1]]; !ok {
				t.Errorf("%s records the action %q, which has no words in auditWords", f, m[1])
			}
		}
	}
	if found < 15 {
		t.Fatalf("found only %d recorded actions; the pattern no longer matches the code", found)
	}
	if got := auditWhat("some_new_thing"); got != "Some new thing" {
		t.Errorf("an unknown action shows as %q", got)
	}
}
