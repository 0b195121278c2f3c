package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser drives a headless Chromium against a served console, and saves screenshots of the
// main pages into FRONTDOOR_SCREENSHOTS when it is set (never into the repository).
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string
	logs  func() string // the server's log, shown when a step fails
}

// chromiumPath finds Debian's chromium; without it the test skips, or fails when CI is set.
func chromiumPath(t *testing.T) string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("the browser test needs chromium in CI: apt-get install -y chromium (.ci/run does)")
	}
	t.Skip("no chromium: apt-get install -y chromium to run the browser test")
	return ""
}

func newBrowser(t *testing.T, base string) *browser {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelB(); cancelA() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser; its context has no timeout
		t.Fatalf("cannot start chromium: %v", err)
	}
	b := &browser{t: t, ctx: ctx, base: base, shots: os.Getenv("FRONTDOOR_SCREENSHOTS")}
	if b.shots != "" {
		if err := os.MkdirAll(b.shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// step bounds one action; chromedp's actions wait for their elements.
func (b *browser) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, 30*time.Second)
}

func (b *browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.failed(what, err)
	}
}

func (b *browser) failed(what string, err error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	b.t.Fatalf("%s: %v\nat %s:\n%s\nserver log:\n%s", what, err, loc, body, b.logs())
}

// eval runs JavaScript and returns its boolean value.
func (b *browser) eval(what, js string) bool {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
	if err != nil {
		b.failed(what, err)
	}
	return v
}

// text returns the text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.failed("read "+sel, err)
	}
	return s
}

// shot saves a full-page screenshot as NAME.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	if b.shots == "" {
		return
	}
	ctx, cancel := b.step()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.failed("screenshot "+name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// setEditor replaces the editor's text as typing would, so the live check runs.
func (b *browser) setEditor(text string) {
	b.t.Helper()
	js, _ := json.Marshal(text)
	b.eval("type into the editor", fmt.Sprintf(`(() => { const a = document.getElementById("content");
		a.value = %s; a.dispatchEvent(new Event("input")); return true })()`, js))
}

// waitText waits until the element matching sel contains want. It asks again and again rather
// than with one long poll, which a page load in between would end.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	b.waitTrue(fmt.Sprintf("%q in %s", want, sel),
		fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.textContent.includes(%q) })()`, sel, want))
}

// waitTrue waits until the JavaScript expression js is true.
func (b *browser) waitTrue(what, js string) {
	b.t.Helper()
	var err error
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		ctx, cancel := b.step()
		var ok bool
		ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		cancel()
		if ok {
			return
		}
	}
	b.failed("wait for "+what, fmt.Errorf("not so after 20s (last error: %v)", err))
}

// evalString runs JavaScript and returns its string value.
func (b *browser) evalString(what, js string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.failed(what, err)
	}
	return v
}
