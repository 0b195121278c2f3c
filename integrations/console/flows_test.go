package console_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/console"
)

// lineOf returns the 1-based line of the first occurrence of s in text.
func lineOf(text, s string) int { return strings.Count(text[:strings.Index(text, s)], "\n") + 1 }

func TestEditor_flagsErrorsAtTheirLine(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	main := builtinFile(t, "main.yaml")
	broken := strings.Replace(main, "next: tip.intro", "next: tip.intrro", 1)
	line := lineOf(main, "next: tip.intro")
	res := c.post("/console/edit", url.Values{"file": {"main.yaml"}, "content": {strings.ReplaceAll(broken, "\n", "\r\n")}})
	if res.code != 200 || !strings.Contains(res.body, "Saved to your draft. Lint: 1 error, 0 warnings") {
		t.Fatalf("save: %d\n%s", res.code, res.body)
	}
	if !strings.Contains(res.body, fmt.Sprintf(`data-line="%d">line %d, column`, line, line)) || !strings.Contains(res.body, "intrro") {
		t.Errorf("the problem is not listed at line %d", line)
	}
	if !strings.Contains(res.body, fmt.Sprintf(`<span data-n="%d" class="error">`, line)) {
		t.Errorf("line %d is not marked in the gutter", line)
	}
	d, ok, _ := r.store.Draft(context.Background(), "ana")
	if !ok || d.Base != 1 || strings.Contains(string(d.Files["main.yaml"]), "\r") {
		t.Fatalf("draft %+v, %v: saved with its base and LF line ends", d.Base, ok)
	}
	// The live check answers JSON and saves nothing.
	req := c.post("/console/lint", url.Values{"file": {"main.yaml"}, "content": {main}})
	var lr struct {
		Errors   int
		Problems []struct{ Line int }
		Texts    string
	}
	if err := json.Unmarshal([]byte(req.body), &lr); err != nil || lr.Errors != 0 || !strings.Contains(lr.Texts, "segment") {
		t.Fatalf("lint API on the fixed text: %v %+v", err, lr)
	}
	req = c.post("/console/lint", url.Values{"file": {"main.yaml"}, "content": {broken}})
	json.Unmarshal([]byte(req.body), &lr)
	if lr.Errors != 1 || lr.Problems[0].Line != line {
		t.Fatalf("lint API on the broken text: %+v", lr)
	}
	// Another coordinator still sees the live version.
	b := r.client()
	b.signIn("ben", benPassword)
	if res := b.get("/console/edit?file=main.yaml"); strings.Contains(res.body, "intrro") {
		t.Fatal("ben sees ana's draft")
	}
}

func TestEditor_texts(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	res := c.get("/console/flows/tip")
	for _, want := range []string{`<svg class="diagram"`, "¿Dónde pasó?", "1 segment · UCS-2", "1 segment · GSM-7", "after a bad answer",
		`href="/console/edit?file=tip.yaml&amp;line=`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the tip flow page lacks %q", want)
		}
	}
	long := strings.Replace(builtinFile(t, "tip.yaml"), "When did it happen? Is it still going on?", strings.Repeat("When did it happen? ", 20), 1)
	res = c.post("/console/edit", url.Values{"file": {"tip.yaml"}, "content": {long}})
	if !strings.Contains(res.body, "3 segments · GSM-7 · 399/459 · <strong>over 2 segments</strong>") {
		t.Errorf("a long text is not counted as 3 segments")
	}
	// The review echoes the answers: counted with each at its longest, {{what}} (600) makes it 6 segments.
	echo := strings.Replace(builtinFile(t, "tip.yaml"), "What: {{what:60}}", "What: {{what}}", 1)
	res = c.post("/console/edit", url.Values{"file": {"tip.yaml"}, "content": {echo}})
	if !strings.Contains(res.body, "6 segments · GSM-7 · 802/918 · <strong>over 2 segments</strong>") {
		t.Errorf("a placeholder is not counted at its longest value")
	}
}

func TestEditor_paths(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	if res := c.get("/console/edit?file=../etc/passwd"); res.code != http.StatusNotFound {
		t.Errorf("a path outside the flows: %d", res.code)
	}
	if res := c.post("/console/edit", url.Values{"file": {"nothere.yaml"}, "content": {"x"}}); res.code != http.StatusNotFound {
		t.Errorf("saving a file that does not exist: %d", res.code)
	}
	for _, bad := range []string{"../x.yaml", "tests/sub/x.yaml", "x.txt", "tests/.yaml"} {
		if res := c.post("/console/files", url.Values{"path": {bad}}); res.code != http.StatusBadRequest {
			t.Errorf("new file %q: %d", bad, res.code)
		}
	}
	res := c.post("/console/files", url.Values{"path": {"tests/my_check.yaml"}})
	if res.code != http.StatusSeeOther || res.hdr.Get("Location") != "/console/edit?file=tests/my_check.yaml" {
		t.Fatalf("new test file: %d %s", res.code, res.hdr.Get("Location"))
	}
	if res := c.get("/console/tests"); !strings.Contains(res.body, fmt.Sprintf("%d passed, 0 failed", builtinTests(t)+1)) {
		t.Errorf("the new test does not run with the others")
	}
}

func TestPublish_gate(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	if res := c.post("/console/publish", nil); res.code != http.StatusConflict || !strings.Contains(res.body, "nothing to publish") {
		t.Fatalf("publish without a draft: %d", res.code)
	}
	main := builtinFile(t, "main.yaml")
	c.post("/console/edit", url.Values{"file": {"main.yaml"}, "content": {strings.Replace(main, "next: tip.intro", "next: nowhere", 1)}})
	if res := c.post("/console/publish", nil); res.code != http.StatusUnprocessableEntity || !strings.Contains(res.body, "lint found 1 error") {
		t.Fatalf("publish with a lint error: %d", res.code)
	}
	// Lint passes, but a transcript test no longer does.
	c.post("/console/edit", url.Values{"file": {"main.yaml"}, "content": {strings.Replace(main, "Reply with a number", "Reply with one number", 1)}})
	res := c.post("/console/publish", nil)
	if res.code != http.StatusUnprocessableEntity || !regexp.MustCompile(`\d+ of \d+ transcript tests fail`).MatchString(res.body) {
		t.Fatalf("publish with failing tests: %d\n%s", res.code, res.body)
	}
	if n, _ := r.store.CurrentFlows(context.Background()); n != 1 || r.published != 0 {
		t.Fatalf("a refused publish changed the live version to %d", n)
	}
	c.post("/console/edit", url.Values{"file": {"main.yaml"}, "content": {strings.Replace(main, "they never see your number.", "they never learn your number.", 1)}})
	res = c.post("/console/publish", url.Values{"note": {"shorter"}})
	if res.code != http.StatusSeeOther || res.hdr.Get("Location") != "/console/versions?live=2" {
		t.Fatalf("publish: %d %s\n%s", res.code, res.hdr.Get("Location"), res.body)
	}
	v, _ := r.store.FlowVersion(context.Background(), 2)
	if v.Author != "ana" || v.Note != "shorter" || !strings.Contains(string(v.Files["main.yaml"]), "they never learn your number.") || r.published != 1 {
		t.Fatalf("version 2: %+v, published hook %d", v.Author, r.published)
	}
	if _, ok, _ := r.store.Draft(context.Background(), "ana"); ok {
		t.Error("the draft is still there after publishing")
	}
	for _, want := range []string{"ana publish_refused lint found 1 error", "ana publish version 2 from version 1: changed main.yaml"} {
		if !strings.Contains(r.audit(), want) {
			t.Errorf("audit lacks %q:\n%s", want, r.audit())
		}
	}
}

func TestPublish_staleDraft(t *testing.T) {
	r := devRig(t)
	ana, ben := r.client(), r.client()
	ana.signIn("ana", anaPassword)
	ben.signIn("ben", benPassword)
	tip := builtinFile(t, "tip.yaml")
	ana.post("/console/edit", url.Values{"file": {"tip.yaml"}, "content": {strings.Replace(tip, "Takes an anonymous tip", "Where was it? An anonymous tip", 1)}})
	ben.post("/console/edit", url.Values{"file": {"main.yaml"}, "content": {strings.Replace(builtinFile(t, "main.yaml"), "they never see your number.", "they never learn your number.", 1)}})
	if res := ben.post("/console/publish", nil); res.code != http.StatusSeeOther {
		t.Fatalf("ben's publish: %d", res.code)
	}
	res := ana.post("/console/publish", nil)
	if res.code != http.StatusConflict || !strings.Contains(res.body, "version 2 was published after your draft began") {
		t.Fatalf("ana's stale publish: %d", res.code)
	}
	res = ana.post("/console/draft/update", nil)
	if !strings.Contains(res.body, "Your changes now sit on version 2") {
		t.Fatalf("update: %s", res.body)
	}
	if res := ana.post("/console/publish", nil); res.code != http.StatusSeeOther {
		t.Fatalf("ana's publish after the update: %d", res.code)
	}
	v, _ := r.store.FlowVersion(context.Background(), 3)
	if !strings.Contains(string(v.Files["tip.yaml"]), "Where was it?") || !strings.Contains(string(v.Files["main.yaml"]), "they never learn your number.") {
		t.Fatal("version 3 lost one of the two changes")
	}
}

func TestRollback(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	c.post("/console/edit", url.Values{"file": {"main.yaml"}, "content": {strings.Replace(builtinFile(t, "main.yaml"), "they never see your number.", "they never learn your number.", 1)}})
	c.post("/console/publish", nil)
	c.get("/console/versions")
	if res := c.post("/console/versions/2/rollback", nil); res.code != http.StatusConflict {
		t.Fatalf("rolling back to the live version: %d", res.code)
	}
	res := c.post("/console/versions/1/rollback", url.Values{"note": {"wording not approved"}})
	if res.code != http.StatusSeeOther || res.hdr.Get("Location") != "/console/versions?live=3" {
		t.Fatalf("rollback: %d %s", res.code, res.hdr.Get("Location"))
	}
	v, _ := r.store.FlowVersion(context.Background(), 3)
	if v.Note != "rollback to version 1: wording not approved" || string(v.Files["main.yaml"]) != builtinFile(t, "main.yaml") {
		t.Fatalf("version 3: %q", v.Note)
	}
	if res := c.get("/console/versions"); !strings.Contains(res.body, "Roll back to version 2") || !strings.Contains(res.body, "3</a> <strong>live</strong>") {
		t.Error("the versions page does not show 3 live and 2 to roll back to")
	}
	if !strings.Contains(r.audit(), "ana rollback version 3 has the files of version 1 (live was 2)") || r.published != 2 {
		t.Errorf("audit:\n%s", r.audit())
	}
	if res := c.get("/console/versions/2"); !strings.Contains(res.body, "they never learn your number.") {
		t.Error("version 2's files are not shown")
	}
	if res := c.post("/console/versions/9/rollback", nil); res.code != http.StatusNotFound {
		t.Errorf("rollback to a version that does not exist: %d", res.code)
	}
}

func TestRollback_refusedWhenItNoLongerLoads(t *testing.T) {
	r := devRig(t)
	files := bot.FlowFiles{"main.yaml": []byte(`flow: main
languages: [en]
start: hello
states:
  hello:
    say: {en: "Reply 1 or help."}
    menu:
      - choice: 1
        words: [help]
        next: hello2
  hello2:
    say: {en: "Bye."}
    end: true
`)}
	r.store.PublishFlows(context.Background(), bot.FlowVersion{Files: files, Author: "old"}, 1) // "help" is a keyword now
	r.store.PublishFlows(context.Background(), bot.FlowVersion{Files: files, Author: "old"}, 2)
	c := r.client()
	c.signIn("ana", anaPassword)
	res := c.post("/console/versions/2/rollback", nil)
	if res.code != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Version 2 cannot go live again: lint found") {
		t.Fatalf("rollback to a version that fails lint: %d", res.code)
	}
}

func TestSimulator(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	history := url.Values{"m": {"hi", "2", "Houston, TX", "A van at the motel", "last night", "NONE", "yes", "1"}, "text": {"yes"}}
	res := c.post("/console/simulator", history)
	for _, want := range []string{"Call 911 now if you can", "Your receipt code is TIP-", "A tip would be filed with receipt code TIP-",
		"marked URGENT", `<dd id="sim-state">none (the next message starts at the menu)</dd>`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the simulation lacks %q", want)
		}
	}
	code := regexp.MustCompile(`TIP-[0-9A-Z]+`).FindString(res.body)
	if again := c.post("/console/simulator", history); !strings.Contains(again.body, code) {
		t.Errorf("a replay gives another tip code than %s", code)
	}
	history.Set("text", "")
	history.Set("action", "undo")
	res = c.post("/console/simulator", history)
	for _, want := range []string{`<dd id="sim-state">tip.review</dd>`, "<dt>where</dt><dd>Houston, TX</dd>", `<dd id="sim-flags">urgent</dd>`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("after undo the state panel lacks %q", want)
		}
	}
	if strings.Contains(r.audit(), "Houston") {
		t.Error("a simulated message reached the audit log")
	}
}

func TestLiveView(t *testing.T) {
	r := devRig(t)
	ctx := context.Background()
	r.store.HandoffOpened(ctx, bot.OpenHandoff{Alias: "K7QF", Queue: "national", Opened: t0.Add(-25 * 60e9), Urgent: true})
	r.store.HandoffOpened(ctx, bot.OpenHandoff{Alias: "B2CD", Queue: "texas", Opened: t0.Add(-3 * 60e9)})
	r.store.Count(ctx, "2026-03-02", bot.BoardTips)
	r.store.Count(ctx, "2026-03-02", bot.BoardOptOuts)
	r.store.Count(ctx, "2026-03-02", bot.BoardOptOuts)
	c := r.client()
	c.signIn("ana", anaPassword)
	res := c.get("/console/")
	body := strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(res.body, " ")), " ")
	for _, want := range []string{"Open handoffs 2", "1 urgent", "Tips today 1", "Opt-outs today 2", "Queue national: 1 open, longest 25 min",
		"Texter K7QF 25 min urgent", "Queue texas: 1 open"} {
		if !strings.Contains(body, want) {
			t.Errorf("the live view lacks %q:\n%s", want, body)
		}
	}
}

func TestAuditExport(t *testing.T) {
	r := devRig(t)
	r.store.Audit(context.Background(), bot.AuditEntry{At: t0, Who: "ana", Action: "publish", Detail: "=HYPERLINK(\"x\")"})
	c := r.client()
	c.signIn("ana", anaPassword)
	res := c.get("/console/audit/export?format=csv")
	if res.hdr.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(res.hdr.Get("Content-Disposition"), "attachment") {
		t.Fatalf("headers %v", res.hdr)
	}
	rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if err != nil || rows[0][0] != "at" || len(rows) < 3 {
		t.Fatalf("csv: %v %v", rows, err)
	}
	if last := rows[len(rows)-1]; last[3] != `'=HYPERLINK("x")` {
		t.Errorf("a formula is not defused: %q", last[3])
	}
	res = c.get("/console/audit/export?format=json")
	var es []bot.AuditEntry
	if err := json.Unmarshal([]byte(res.body), &es); err != nil || es[0].Action != "audit_exported" {
		t.Fatalf("json export: %v %+v", err, es)
	}
	if page := c.get("/console/audit"); !strings.Contains(page.body, "<td>Exported the audit log</td>") || strings.Contains(page.body, "audit_exported") {
		t.Error("the audit page should say in words that the log was exported, not show the action's name")
	}
	if rows[0][4] != "what" || rows[1][2] != "sign_in" || rows[1][4] != "Signed in" {
		t.Errorf("the export's what column: %q", rows[:2])
	}
}

func TestDeleteFile(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	res := c.post("/console/files/delete", url.Values{"path": {"tests/bad_input.yaml"}})
	if !strings.Contains(res.body, "tests/bad_input.yaml is deleted in your draft") || !strings.Contains(res.body, "Removed: tests/bad_input.yaml") {
		t.Fatalf("delete: %d", res.code)
	}
	if res := c.get("/console/tests"); !strings.Contains(res.body, fmt.Sprintf("%d passed, 0 failed", builtinTests(t)-1)) {
		t.Error("the deleted test still runs")
	}
	if !strings.Contains(r.audit(), "ana file_deleted tests/bad_input.yaml") {
		t.Errorf("audit:\n%s", r.audit())
	}
}

// TestEditor_lintsTranscripts: a transcript test in the editor is checked like a flow file, with
// its line and a suggestion, and an error there blocks publishing.
func TestEditor_lintsTranscripts(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	bad := "name: a typo\nsteps:\n  - send: hi\n    contain: [\"911\"]\n"
	res := c.post("/console/lint", url.Values{"file": {"tests/main_en.yaml"}, "content": {bad}})
	var lr struct {
		Errors   int
		Problems []struct {
			Line int
			Msg  string
		}
	}
	if err := json.Unmarshal([]byte(res.body), &lr); err != nil || lr.Errors != 1 || lr.Problems[0].Line != 4 ||
		lr.Problems[0].Msg != `step 1 has an unknown field "contain" (did you mean "contains"?)` {
		t.Fatalf("lint API on a transcript: %v %+v", err, lr)
	}
	c.post("/console/edit", url.Values{"file": {"tests/main_en.yaml"}, "content": {bad}})
	if res := c.post("/console/publish", nil); res.code != http.StatusUnprocessableEntity || !strings.Contains(res.body, "lint found 1 error") {
		t.Fatalf("publish with a transcript that does not read: %d", res.code)
	}
}

// TestPublish_showsDiff: the Publish page shows, file by file, the lines the draft changes.
func TestPublish_showsDiff(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	main := builtinFile(t, "main.yaml")
	c.post("/console/edit", url.Values{"file": {"main.yaml"}, "content": {strings.Replace(main, "Reply with a number", "Reply with one number", 1)}})
	c.post("/console/files", url.Values{"path": {"tests/extra.yaml"}})
	c.post("/console/files/delete", url.Values{"path": {"tests/bad_input.yaml"}})
	body := c.get("/console/publish").body
	line := lineOf(main, "Reply with a number")
	for _, want := range []string{
		`<a href="/console/edit?file=main.yaml">main.yaml</a>`, "1 line added, 1 line removed",
		fmt.Sprintf(`<tr class="del"><td class="ln">%d</td><td class="ln"></td><td class="mark">−<span class="sr"> removed</span></td>`, line),
		fmt.Sprintf(`<tr class="add"><td class="ln"></td><td class="ln">%d</td><td class="mark">&#43;<span class="sr"> added</span></td>`, line),
		"Reply with one number", "tests/extra.yaml", "new file, 4 lines", "tests/bad_input.yaml", "removed (",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the Publish page lacks %q", want)
		}
	}
	if n := strings.Count(body, `<tr class="add">`); n != 1+4 {
		t.Errorf("%d added lines shown, want 5 (one in main.yaml, four in the new test)", n)
	}
}

// TestSimulator_noDesk: where the front door runs without a staff desk, the simulator answers a
// handoff as texters are answered, with 911 and the hotline, not "connecting".
func TestSimulator_noDesk(t *testing.T) {
	r := newRig(t, console.Config{Insecure: true, NoDesk: true})
	c := r.client()
	c.signIn("ana", anaPassword)
	res := c.post("/console/simulator", url.Values{"m": {"hi", "3"}, "text": {"1"}})
	if !strings.Contains(res.body, "No staff member can text with you here right now") || strings.Contains(res.body, "Connecting you") {
		t.Errorf("the simulator without a desk should answer with the hotline:\n%s", res.body)
	}
}

// TestPublish_missingQueue: flows that hand off to a queue the on-call roster lacks are not
// published, and the publish page says which queue and where.
func TestPublish_missingQueue(t *testing.T) {
	r := newRig(t, console.Config{Insecure: true}, func(d *console.Deps) {
		d.CheckRoster = func(set *flows.Set) flows.Problems {
			var probs flows.Problems
			for _, f := range set.Flows() {
				for _, name := range f.Order {
					if h := f.States[name].Handoff; h != nil && h.Queue != "national" {
						probs = append(probs, flows.Problem{Pos: flows.Pos{File: "oncall.yaml"},
							Msg: fmt.Sprintf("the flows hand off to queue %q (%s, state %s), which the roster does not have", h.Queue, f.File, name)})
					}
				}
			}
			return probs
		}
	})
	c := r.client()
	c.signIn("ana", anaPassword)
	talk := builtinFile(t, "talk.yaml")
	c.post("/console/edit", url.Values{"file": {"talk.yaml"}, "content": {strings.Replace(talk, "queue: national", "queue: youth", 1)}})
	want := `the flows hand off to queue &#34;youth&#34; (talk.yaml, state connect), which the roster does not have`
	if res := c.get("/console/publish"); !strings.Contains(res.body, "On-call roster: "+want) {
		t.Fatalf("the publish page does not show the missing queue:\n%s", res.body)
	}
	res := c.post("/console/publish", nil)
	if res.code != http.StatusUnprocessableEntity || !strings.Contains(res.body, want) {
		t.Fatalf("publish to a missing queue: %d\n%s", res.code, res.body)
	}
	if n, _ := r.store.CurrentFlows(context.Background()); n != 1 {
		t.Fatalf("the live version moved to %d", n)
	}
}

// builtinTests counts the built-in transcript tests.
func builtinTests(t *testing.T) int {
	t.Helper()
	names, err := fs.Glob(flows.Builtin(), flows.TestsDir+"/*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no built-in tests: %v", err)
	}
	return len(names)
}
