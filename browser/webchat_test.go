package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

// neutralSite stands for the site before the chat (where the visitor came from), for the
// neutral site the quick exit goes to, and at /partner for the task force's site with the
// snippet of the chat at *chat; it is another origin than the chat's.
func neutralSite(t *testing.T, chat *string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		snippet := ""
		if r.URL.Path == "/partner" {
			snippet = `<script src="` + *chat + `/chat/static/embed.js" defer></script>`
		}
		fmt.Fprintf(w, `<!doctype html><html lang="en"><title>Weather</title><body><h1 id="neutral">Weather %s</h1>%s</body></html>`,
			strings.TrimPrefix(r.URL.Path, "/"), snippet)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// chatSay types a message into the chat and waits until a reply holding want is shown.
func (b *browser) chatSay(text, want string) {
	b.t.Helper()
	time.Sleep(300 * time.Millisecond) // a person's pace: the chat limits a visitor to two a second
	b.run("type "+text, chromedp.SetValue(chromedp.ID("#text"), text), chromedp.Click(chromedp.ID("#send")))
	b.waitTrue(fmt.Sprintf("a reply with %q", want), fmt.Sprintf(`(() => { const m = document.querySelectorAll(".msg.bot");
		return m.length > 0 && m[m.length-1].textContent.includes(%q) })()`, want))
}

// TestWebChat_browser drives the web chat in headless Chromium on a real `frontdoor serve` with
// Redis and the fake Slack: a tip, a handoff, a staff reply from the Slack event shown on the
// page, the quick exit (the conversation erased on the server, Back does not show the chat,
// sessionStorage empty), in English and on a phone-sized screen in Spanish.
func TestWebChat_browser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	bin := servetest.Build(t)
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	var chatBase string
	neutral := neutralSite(t, &chatBase)
	env := deskEnv(t, tw, sl)
	env["FRONTDOOR_CHAT_FRAME_ORIGINS"] = neutral.URL
	env["REDIS_URL"] = redistest.URL(t)
	env["FRONTDOOR_WEB_CHAT"] = "on"
	env["FRONTDOOR_CHAT_EXIT_URL"] = neutral.URL + "/today"
	env["FRONTDOOR_LOG_LEVEL"] = "info"
	s := startServe(t, bin, env)
	defer s.Stop()
	chatBase = s.Base()
	b := newBrowser(t, s.Base())
	b.logs = s.Logs

	b.run("open the site, then the chat", chromedp.Navigate(neutral.URL+"/before"), chromedp.WaitVisible(chromedp.ID("#neutral")),
		chromedp.Navigate(b.base+"/chat"), chromedp.WaitVisible(chromedp.ID("#start")))
	if !b.eval("the quick exit is in view", `(() => { const r = document.getElementById("exit").getBoundingClientRect();
		return r.top >= 0 && r.bottom <= innerHeight && r.width >= 44 && r.height >= 44 })()`) {
		t.Fatal("the quick exit button is not in view, or smaller than 44 px")
	}
	b.shot("webchat-start")
	b.run("start", chromedp.Click(chromedp.ID("#start")))
	b.waitText("#log", "Reply with a number")

	// A tip.
	b.chatSay("2", "Where")
	for _, step := range [][2]string{{"Boise, ID", "What"}, {"Workers at a farm are not paid", "When"}, {"now", ""}, {"none", ""}, {"no", ""}} {
		b.chatSay(step[0], step[1])
	}
	b.chatSay("1", "May staff")
	b.chatSay("no", "TIP-")
	b.shot("webchat-tip")

	// A person.
	b.chatSay("3", "Reply with a number") // the tip ended: a new message gets the menu
	b.chatSay("3", "Reply 1 to connect")
	b.chatSay("1", "What would help most")
	b.chatSay("4", "Which state")
	b.chatSay("skip", "Connecting")
	var post slackfake.Message
	waitFor(t, "the handoff post", func() bool {
		if m := sl.Messages("C0NATION01"); len(m) > 0 {
			post = m[0]
			return true
		}
		return false
	})
	if !strings.Contains(string(post.Blocks), "on *web chat*") {
		t.Fatalf("the post does not say web chat: %s", post.Blocks)
	}
	press := 0
	waitFor(t, "the claim", func() bool {
		if press++; press%25 == 1 {
			s.slackButton(t, "U0STAFF001", "C0NATION01", post.TS, "fd_claim", "", press)
		}
		return strings.Contains(string(sl.Messages("C0NATION01")[0].Blocks), "Claimed by")
	})
	reply := sl.AddUserMessage("C0NATION01", post.TS, "U0STAFF001", "Hi, I am Sam &amp; I am here. Are you safe?")
	s.slackEvent(t, "EvWeb1", "C0NATION01", post.TS, reply, "U0STAFF001", "Hi, I am Sam &amp; I am here. Are you safe?")
	b.waitTrue("the staff reply on the page", `(() => { const m = document.querySelector(".msg.staff");
		return !!m && m.textContent.includes("Hi, I am Sam & I am here. Are you safe?") })()`)
	if !b.eval("sessionStorage holds the conversation", `sessionStorage.getItem("frontdoor.log").includes("Are you safe?")`) {
		t.Fatal("the page does not keep the conversation in sessionStorage")
	}
	if b.eval("no cookie, no localStorage", `document.cookie !== "" || localStorage.length !== 0`) {
		t.Fatal("the chat left a cookie or localStorage")
	}
	b.shot("webchat-staff-reply")

	// Quick exit, by the Escape key.
	token := b.evalString("the token", `sessionStorage.getItem("frontdoor.token")`)
	if !tokenRE.MatchString(token) {
		t.Fatalf("the token %q", token)
	}
	if sess, msgs := webVisitor(t, env, token); sess.Version == 0 || len(msgs) != 1 {
		t.Fatalf("before the quick exit: session version %d, %d staff messages", sess.Version, len(msgs))
	}
	b.run("press Escape", chromedp.KeyEvent("\x1b"))
	b.waitTrue("the neutral site", `location.pathname === "/today" && !!document.getElementById("neutral")`)
	b.shot("webchat-after-exit")
	waitFor(t, "the conversation erased on the server", func() bool {
		sess, msgs := webVisitor(t, env, token)
		return sess.Version == 0 && sess.Address == "" && len(msgs) == 0
	})
	waitFor(t, "the thread told the visitor left quickly", func() bool { return strings.Contains(servetest.ThreadText(sl, post.TS), "quickly") })
	b.eval("go back", `(history.back(), true)`) // as the Back button (a page from the back-forward cache fires no load)
	b.waitTrue("the page before the chat", `location.pathname === "/before"`)
	if b.eval("the chat is not shown", `!!document.getElementById("log") || document.body.textContent.includes("Are you safe")`) {
		t.Fatal("Back shows the chat")
	}
	b.run("open a chat asset in the same tab", chromedp.Navigate(b.base+"/chat/static/chat.css"))
	if !b.eval("sessionStorage is empty", `sessionStorage.length === 0`) {
		t.Fatal("the quick exit left sessionStorage")
	}

	// In Spanish, on a phone, with the button.
	b.run("open the chat in Spanish on a phone", chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(b.base+"/chat?lang=es"), chromedp.WaitVisible(chromedp.ID("#start")))
	b.run("empezar", chromedp.Click(chromedp.ID("#start")))
	b.waitText("#log", "Responda 1, 2, 3 o 4")
	if !b.eval("Spanish page", `document.documentElement.lang === "es" && document.getElementById("exit").textContent === "Salida rápida"`) {
		t.Fatal("the Spanish page is not in Spanish")
	}
	b.shot("webchat-es-phone")
	b.run("press the quick exit", chromedp.Click(chromedp.ID("#exit")))
	b.waitTrue("the neutral site", `location.pathname === "/today"`)

	// The snippet on the task force's site: the chat in a frame, and Escape there leaves the site.
	b.run("open the partner site", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(neutral.URL+"/partner"),
		chromedp.WaitVisible(chromedp.CSS("button")))
	b.run("open the chat panel", chromedp.Click(chromedp.CSS("button")))
	b.waitTrue("the chat in its frame", `!!document.querySelector("iframe[data-loaded]")`)
	time.Sleep(300 * time.Millisecond) // the chat's script runs after its load event
	b.shot("webchat-snippet")
	b.run("press Escape on the site", chromedp.KeyEvent("\x1b"))
	b.waitTrue("the site replaced by the neutral page", `location.pathname === "/today" && !document.querySelector("iframe")`)
	if err := s.StopErr(); err != nil {
		t.Fatal(err)
	}
	servetest.ScanSlack(t, sl, canary)
	logs := s.Logs()
	for _, leak := range []string{token, "HeadlessChrome", "Mozilla", "Boise", "farm", "Are you safe"} {
		if strings.Contains(logs, leak) {
			t.Errorf("the log holds %q", leak)
		}
	}
	if strings.Contains(logs, `"remote`) || strings.Contains(logs, "user_agent") {
		t.Error("the log records a remote address or user agent")
	}
}

var tokenRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// webVisitor reads a web chat visitor's session and mailbox in the Redis serve uses.
func webVisitor(t *testing.T, env map[string]string, token string) (bot.Session, []bot.WebMessage) {
	t.Helper()
	ctx := context.Background()
	keys, err := bot.NewKeys([]byte(env["FRONTDOOR_SECRET"]))
	if err != nil {
		t.Fatal(err)
	}
	store, err := redis.Open(ctx, env["REDIS_URL"], redis.Options{Keys: keys, Clock: bot.ClockFunc(time.Now)})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	texter := keys.TexterKey(bot.ChannelWeb, "web:"+token)
	snap, err := store.Sessions().Load(ctx, texter, "")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := store.Mailbox().Fetch(ctx, texter, 0)
	if err != nil {
		t.Fatal(err)
	}
	return snap.Session, msgs
}
