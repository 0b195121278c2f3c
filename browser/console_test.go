package browser

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

// TestConsole_browser drives the real console in headless Chromium on a real `frontdoor serve`
// with Redis: sign in, open a flow, break and fix it in the editor, simulate a whole tip, run the
// tests, publish, see the new text answered to a signed webhook, roll back.
func TestConsole_browser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	bin := servetest.Build(t)
	fake := twiliotest.NewServer()
	defer fake.Close()
	sl := slackfake.New()
	defer sl.Close()
	env := deskEnv(t, fake, sl) // a desk, so the texter who asks for a person is handed off
	env["REDIS_URL"] = redistest.URL(t)
	env["FRONTDOOR_CONSOLE_USERS"] = writeUsers(t, bin, "ana", "correct horse battery")
	env["FRONTDOOR_LOG_LEVEL"] = "info"
	env["FRONTDOOR_SHORT_CODE"] = "233733"
	seedReportDays(t, env)
	s := startServe(t, bin, env)
	defer s.Stop()
	// Browsers keep Secure cookies from http://localhost (a secure context) but not from
	// http://127.0.0.1; the console sets them Secure outside --dev.
	b := newBrowser(t, strings.Replace(s.Base(), "127.0.0.1", "localhost", 1))
	b.logs = s.Logs

	// A tip and a texter waiting for staff, for the live view.
	for i, body := range []string{"hi", "2", "Houston, TX", "A van at the motel", "last night", "NONE", "no", "1", "yes"} {
		s.text(t, fmt.Sprintf("SMtip%d", i), body)
	}
	s.textFrom(t, "SMtalk1", "+15550142425", "hi")
	s.textFrom(t, "SMtalk2", "+15550142425", "3")
	s.textFrom(t, "SMtalk3", "+15550142425", "1")
	s.textFrom(t, "SMtalk4", "+15550142425", "4")
	s.textFrom(t, "SMtalk5", "+15550142425", "skip")

	b.run("open the console", chromedp.Navigate(b.base+"/console/"), chromedp.WaitVisible(chromedp.ID("#name")))
	b.shot("01-sign-in")
	b.run("sign in", chromedp.SendKeys(chromedp.ID("#name"), "ana"), chromedp.SendKeys(chromedp.ID("#password"), "correct horse battery"),
		chromedp.Submit(chromedp.ID("#password")), chromedp.WaitVisible(chromedp.CSS(".cards")))
	if got := strings.Join(strings.Fields(b.text(".cards")), " "); !strings.Contains(got, "Open handoffs 1") || !strings.Contains(got, "Tips today 1") {
		t.Errorf("the live view does not count the handoff and the tip:\n%s", got)
	}
	if got := b.text(".queue"); !strings.Contains(got, "Queue national: 1 open") || !strings.Contains(got, "Texter ") {
		t.Errorf("the live view does not list the handoff:\n%s", got)
	}
	b.shot("02-live")
	headerFits(t, b, b.base)

	b.run("open the flows", chromedp.Navigate(b.base+"/console/flows"), chromedp.WaitVisible(chromedp.CSS("table")))
	b.shot("03-flows")
	b.run("open the tip flow", chromedp.Click(chromedp.CSS(`a[href="/console/flows/tip"]`)), chromedp.WaitVisible(chromedp.CSS("svg.diagram")))
	if got := b.text("#main"); !strings.Contains(got, "Transitions") || !strings.Contains(got, "review") {
		t.Fatalf("the tip flow page lacks its transitions:\n%s", got)
	}
	b.shot("04-flow-tip")
	b.run("open the main flow", chromedp.Navigate(b.base+"/console/flows/main"), chromedp.WaitVisible(chromedp.CSS("svg.diagram")))
	b.shot("04-flow-main")
	diagramsFit(t, b)

	editAndBreak(t, b)
	b.shot("05-editor-error")
	editAndFix(t, b)
	b.shot("06-editor-saved")

	simulateTip(t, b)
	b.shot("07-simulator")

	b.run("run the tests", chromedp.Navigate(b.base+"/console/tests"), chromedp.WaitVisible(chromedp.ID("#tests-summary")))
	if got := b.text("#tests-summary"); !strings.Contains(got, " passed, 0 failed") {
		t.Fatalf("tests: %q", got)
	}
	b.shot("08-tests")

	b.run("publish", chromedp.Navigate(b.base+"/console/publish"), chromedp.WaitVisible(chromedp.ID("#note")),
		chromedp.SendKeys(chromedp.ID("#note"), "say private and confidential"))
	b.shot("09-publish")
	b.run("press publish", chromedp.Click(chromedp.ID("#publish-button")), chromedp.WaitVisible(chromedp.CSS("table.versions")))
	b.waitText(".notice", "Version 2 is live")
	b.shot("10-versions")
	waitReply(t, s, "SMbr1", "private and confidential")

	b.eval("accept the confirmation", `(() => { window.confirm = () => true; return true })()`)
	b.run("roll back", chromedp.Click(chromedp.CSS(`form[action="/console/versions/1/rollback"] button`)))
	b.waitText(".notice", "Version 3 is live")
	waitReply(t, s, "SMbr2", "they never see your number")

	b.run("open the audit log", chromedp.Navigate(b.base+"/console/audit"), chromedp.WaitVisible(chromedp.CSS("table.audit")))
	audit := b.text("table.audit")
	for _, want := range []string{"Rolled back", "Published a version", "Saved a draft", "Signed in"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, audit)
		}
	}
	b.shot("11-audit")
	reportsInBrowser(t, b)
	campaignsPage(t, b, s, env) // after the reports, whose figures it would change
	assertNoCanary(t, s.Logs()+audit)
	devHeaderFits(t, b, bin)
}

// devHeaderFits signs in to a serve --dev console, whose header also carries the dev-mode badge,
// and checks it fits at 1280 px too.
func devHeaderFits(t *testing.T, b *browser, bin string) {
	dev := startServe(t, bin, map[string]string{}, "--dev")
	defer dev.Stop()
	password := dev.DevPassword()
	if password == "" {
		t.Fatalf("--dev did not log the console's password:\n%s", dev.Logs())
	}
	base := strings.Replace(dev.Base(), "127.0.0.1", "localhost", 1)
	b.run("open the dev console", chromedp.Navigate(base+"/console/"), chromedp.WaitVisible(chromedp.ID("#name")))
	b.run("sign in as dev", chromedp.SendKeys(chromedp.ID("#name"), "dev"), chromedp.SendKeys(chromedp.ID("#password"), password),
		chromedp.Submit(chromedp.ID("#password")), chromedp.WaitVisible(chromedp.CSS(".cards")))
	headerFits(t, b, base)
}

// brokenTarget is the menu line editAndBreak breaks: "tip.intro" becomes "tip.intrro".
const brokenTarget = "next: tip.intro"

func editAndBreak(t *testing.T, b *browser) {
	b.run("open main.yaml", chromedp.Navigate(b.base+"/console/edit?file=main.yaml"), chromedp.WaitVisible(chromedp.ID("#content")))
	orig, _ := flowsFile(t, "main.yaml")
	line := strings.Count(orig[:strings.Index(orig, brokenTarget)], "\n") + 1
	b.setEditor(strings.Replace(orig, brokenTarget, "next: tip.intrro", 1))
	b.waitText("#problem-list", fmt.Sprintf("line %d,", line))
	if !strings.Contains(b.text("#problem-list"), "intrro") {
		t.Fatalf("the problem does not name the bad target: %q", b.text("#problem-list"))
	}
	if !b.eval("gutter", fmt.Sprintf(`!!document.querySelector('#gutter span[data-n="%d"].error')`, line)) {
		t.Fatalf("line %d is not marked in the gutter", line)
	}
	b.run("jump to the problem", chromedp.Click(chromedp.CSS("#problem-list a")))
}

func editAndFix(t *testing.T, b *browser) {
	orig, _ := flowsFile(t, "main.yaml")
	b.setEditor(strings.Replace(orig, "they never see your number.", "they never see your number, private and confidential.", 1))
	b.waitText("#problems-summary", "0 in this file")
	b.run("save", chromedp.Click(chromedp.CSS(`#editor-form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if got := b.text(".notice"); !strings.Contains(got, "Saved to your draft. Lint: 0 errors") {
		t.Fatalf("after saving: %q", got)
	}
	if got := b.text(".banner"); !strings.Contains(got, "Changed: main.yaml") {
		t.Fatalf("the banner does not show the draft: %q", got)
	}
}

func simulateTip(t *testing.T, b *browser) {
	b.run("open the simulator", chromedp.Navigate(b.base+"/console/simulator"), chromedp.WaitVisible(chromedp.ID("#sim-text")))
	sent := 0
	send := func(msg string) { // type, press Enter, and wait for the new page to show the message
		b.run("send "+msg, chromedp.SendKeys(chromedp.ID("#sim-text"), msg+"\n"))
		sent++
		b.waitTrue("the simulator to show message "+msg, fmt.Sprintf(`document.querySelectorAll("#chat li.texter").length === %d`, sent))
	}
	for _, msg := range []string{"hi", "2", "Houston, TX", "A van drops girls at the motel", "last night", "NONE", "no"} {
		send(msg)
	}
	if got := b.text("#chat"); !strings.Contains(got, "private and confidential") || !strings.Contains(got, "Where: Houston, TX") {
		t.Fatalf("the simulator does not run the draft to the review:\n%s", got)
	}
	if got := b.text("#sim-answers"); !strings.Contains(got, "Houston, TX") || !strings.Contains(got, "no") {
		t.Fatalf("saved answers: %q", got)
	}
	if got := b.text("#sim-state"); got != "tip.review" {
		t.Fatalf("state %q, want tip.review", got)
	}
	b.shot("07-simulator-review")
	send("1")
	send("yes")
	got := b.text("#chat")
	if !strings.Contains(got, "Your receipt code is TIP-") || !strings.Contains(got, "A tip would be filed with receipt code TIP-") {
		t.Fatalf("the simulated tip was not filed:\n%s", got)
	}
}

// flowsFile returns a built-in flow file.
func flowsFile(t *testing.T, name string) (string, error) {
	files, err := flows.ReadFiles(flows.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return string(files[name]), nil
}

// waitReply sends MENU through the signed webhook until the reply contains want: the replica
// swaps at once after a publish, and this only allows for a slow machine.
func waitReply(t *testing.T, s *served, sid, want string) {
	t.Helper()
	var got []string
	for i := 0; i < 50; i++ {
		got = s.text(t, fmt.Sprintf("%s%d", sid, i), "MENU")
		if strings.Contains(strings.Join(got, "\n"), want) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the webhook answers %q, want %q", got, want)
}

// writeUsers writes an accounts file with one account, its line made by
// `frontdoor console hash-password`.
func writeUsers(t *testing.T, bin, name, password string) string {
	out := servetest.Run(t, bin, nil, password+"\n", "console", "hash-password", name)
	if out.Code != 0 {
		t.Fatalf("console hash-password: exit %d: %s", out.Code, out.Stderr)
	}
	p := filepath.Join(t.TempDir(), "users")
	if err := os.WriteFile(p, []byte("# console accounts\n"+out.Stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// headerFits: at 1280 px the console's header is one row: the brand, every navigation link and
// the sign-out form sit side by side, none wrapped below.
func headerFits(t *testing.T, b *browser, base string) {
	t.Helper()
	b.run("a 1280 px window", chromedp.EmulateViewport(1280, 900))
	defer b.run("back to the usual window", chromedp.EmulateViewport(1366, 900))
	for _, page := range []string{"/console/", "/console/flows/safety", "/console/publish"} {
		b.run("open "+page, chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS("header.top")))
		rows := b.eval("count the header's rows", `(() => {
			let top = -1e9, bottom = 1e9, n = 0;
			document.querySelectorAll("header.top .brand, header.top .dev, header.top nav li, header.top .signout > span, header.top .signout > button").forEach(e => {
				const r = e.getBoundingClientRect(); top = Math.max(top, r.top); bottom = Math.min(bottom, r.bottom); n++;
			});
			return n >= 9 && top < bottom && document.documentElement.scrollWidth <= 1280;
		})()`)
		if !rows {
			b.shot("header-1280")
			t.Errorf("%s: at 1280 px the header wraps onto a second row (or the page scrolls sideways)", page)
		}
	}
}

// diagramsFit measures every built-in flow's diagram with the browser's real fonts: each
// state's name and kind, and each edge label, lies inside its box.
func diagramsFit(t *testing.T, b *browser) {
	t.Helper()
	for _, f := range []string{"main", "safety", "prevention", "parents", "faith", "school", "business", "youth", "talk", "tip"} {
		b.run("open flow "+f, chromedp.Navigate(b.base+"/console/flows/"+f), chromedp.WaitVisible(chromedp.CSS("svg.diagram")))
		if f == "safety" {
			b.shot("04-flow-safety")
		}
		ok := b.eval("measure the diagram's text", `(() => {
			const groups = document.querySelectorAll("svg.diagram g.node, svg.diagram g.edge-label-group");
			if (groups.length < 4) return false;
			for (const g of groups) {
				const r = g.querySelector("rect").getBBox();
				for (const t of g.querySelectorAll("text")) {
					const b = t.getBBox();
					if (b.x < r.x + 1 || b.x + b.width > r.x + r.width - 1 || b.y < r.y || b.y + b.height > r.y + r.height + 1) return false;
				}
			}
			return true;
		})()`)
		if !ok {
			t.Errorf("flow %s: a text of the diagram spills out of its box in the browser's fonts", f)
		}
	}
}

// campaignsPage texts campaign words, then reads the Campaigns page: the counts (1 to 4 as <5)
// agree with frontdoor campaigns report, and the card's image shows.
func campaignsPage(t *testing.T, b *browser, s *served, env map[string]string) {
	t.Helper()
	for i := range 6 {
		s.textFrom(t, fmt.Sprintf("SMcp%d", i), fmt.Sprintf("+1555016%04d", i), "PARENTS")
	}
	s.textFrom(t, "SMcp10", "+15550170001", "padres")
	s.textFrom(t, "SMcp11", "+15550170002", "hi")
	s.textFrom(t, "SMcp12", "+15550170002", "FE")
	b.run("open the campaigns", chromedp.Navigate(b.base+"/console/campaigns?card=PARENTS"), chromedp.WaitVisible(chromedp.CSS("table.campaigns")))
	page := map[string]string{}
	for _, line := range strings.Split(b.text("table.campaigns tbody"), "\n") {
		if f := strings.Fields(line); len(f) >= 2 {
			page[f[0]] = f[1]
		}
	}
	today := time.Now().UTC().Format("2006-01-02")
	out := servetest.Run(t, s.bin, map[string]string{"REDIS_URL": env["REDIS_URL"], "FRONTDOOR_SECRET": env["FRONTDOOR_SECRET"]}, "",
		"campaigns", "report", "--since", today, "--format", "json")
	if out.Code != 0 {
		t.Fatalf("campaigns report: exit %d: %s", out.Code, out.Stderr)
	}
	var report campaignReport
	if err := json.Unmarshal([]byte(out.Stdout), &report); err != nil {
		t.Fatal(err)
	}
	for _, c := range report.Campaigns {
		if page[c.Word] != c.Total {
			t.Errorf("%s: the page shows %q, the report %q", c.Word, page[c.Word], c.Total)
		}
	}
	if page["PARENTS"] != "6" || page["PADRES"] != "<5" || page["FE"] != "<5" || page["SCHOOL"] != "0" {
		t.Errorf("the campaigns page shows %v", page)
	}
	if !b.eval("the card's image loads", `(() => { const i = document.querySelector("figure.card img"); return i.complete && i.naturalWidth > 0 })()`) {
		t.Errorf("the card's image does not load")
	}
	cardQRReads(t, b, "sms:233733?&body=PARENTS")
	b.shot("12-campaigns")
}

// cardQRReads screenshots the card as the browser draws its SVG and reads the QR code back with
// an independent decoder.
func cardQRReads(t *testing.T, b *browser, want string) {
	t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	shot, err := chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.CSS("figure.card img"), 2))
	if err != nil {
		b.failed("screenshot the card", err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil || res.GetText() != want {
		t.Errorf("the card's QR code, as the browser draws it, reads %v (%v); want %q", res, err, want)
	}
}

// campaignReport is the part of `frontdoor campaigns report --format json` the page is checked
// against: each word's total, "<5" for 1 to 4.
type campaignReport struct {
	Campaigns []struct {
		Word  string `json:"word"`
		Total string `json:"total"`
	} `json:"campaigns"`
}
