package webchat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/memory"
	"github.com/nhttf/frontdoor/integrations/webchat"
)

const token = "0123456789abcdef0123456789abcdef"

type rig struct {
	t     *testing.T
	srv   *httptest.Server
	bot   *bot.Bot
	store *memory.Store
	box   *memory.Mailbox
	keys  *bot.Keys
	logs  *bytes.Buffer
	n     int
}

func newRig(t *testing.T, cfg webchat.Config, wrap func(webchat.Handler) webchat.Handler) *rig {
	t.Helper()
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		t.Fatal(probs)
	}
	clock := bot.ClockFunc(time.Now)
	keys := storetest.Keys(t)
	store := memory.New(clock)
	b, _ := storetest.NewRig(t, storetest.Rig{Store: store, Keys: keys, Clock: clock, Program: "Frontdoor"})
	box := memory.NewMailbox(clock)
	logs := &bytes.Buffer{}
	var h webchat.Handler = b
	if wrap != nil {
		h = wrap(b)
	}
	chat, err := webchat.New(cfg, webchat.Deps{Bot: h, Keys: keys, Mailbox: box, Log: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(chat)
	t.Cleanup(srv.Close)
	return &rig{t: t, srv: srv, bot: b, store: store, box: box, keys: keys, logs: logs}
}

func (r *rig) post(path string, body any) *http.Response {
	r.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, r.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "CanaryAgent/1.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	return resp
}

type sendAnswer struct {
	Replies []string
	Erased  bool
	Error   string
}

func (r *rig) send(text string) (int, sendAnswer) {
	r.t.Helper()
	r.n++
	resp := r.post("/chat/api/send", map[string]any{"token": token, "id": fmt.Sprintf("%016x", r.n), "text": text})
	defer resp.Body.Close()
	var a sendAnswer
	_ = json.NewDecoder(resp.Body).Decode(&a)
	return resp.StatusCode, a
}

type pollAnswer struct {
	Messages []struct {
		Seq  int64
		Text string
	}
	After int64
	Gone  bool
}

func (r *rig) poll(after int64) (int, pollAnswer) {
	r.t.Helper()
	resp := r.post("/chat/api/poll", map[string]any{"token": token, "after": after})
	defer resp.Body.Close()
	var a pollAnswer
	_ = json.NewDecoder(resp.Body).Decode(&a)
	return resp.StatusCode, a
}

func (r *rig) texter() string { return r.keys.TexterKey(bot.ChannelWeb, "web:"+token) }

func fast() webchat.Config {
	return webchat.Config{ExitURL: "https://neutral.example/", PollWait: 300 * time.Millisecond, PollTick: 20 * time.Millisecond}
}

// TestChat_conversation: a visitor runs the flows, hands off, gets a staff message by polling,
// and the quick exit erases the conversation and the mailbox and ends the poll.
func TestChat_conversation(t *testing.T) {
	r := newRig(t, fast(), nil)
	for _, body := range []string{"hi", "3", "1", "4"} {
		if status, a := r.send(body); status != 200 || len(a.Replies) == 0 {
			t.Fatalf("%q: %d %+v", body, status, a)
		}
	}
	_, a := r.send("skip")
	if !strings.Contains(strings.Join(a.Replies, " "), "Connecting") {
		t.Fatalf("the handoff answered %q", a.Replies)
	}
	snap, _ := r.store.Load(context.Background(), r.texter(), "")
	if s := snap.Session; s.Channel != bot.ChannelWeb || s.Address != "web:"+token || s.Handoff == nil {
		t.Fatalf("the session: channel %q, handoff %v", s.Channel, s.Handoff)
	}
	sender := webchat.Sender{Keys: r.keys, Mailbox: r.box}
	id, err := sender.Send(context.Background(), "web:"+token, "Hi, I am here. Are you safe?", "k1")
	if err != nil || id != "web-1" {
		t.Fatalf("Send = %q, %v", id, err)
	}
	status, p := r.poll(0)
	if status != 200 || len(p.Messages) != 1 || p.Messages[0].Text != "Hi, I am here. Are you safe?" || p.After != 1 {
		t.Fatalf("poll: %d %+v", status, p)
	}
	if _, p := r.poll(1); len(p.Messages) != 0 || p.After != 1 {
		t.Fatalf("a poll after the last message: %+v", p)
	}
	resp := r.post("/chat/api/exit", map[string]any{"token": token})
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("exit answered %d", resp.StatusCode)
	}
	snap, _ = r.store.Load(context.Background(), r.texter(), "")
	if snap.Session.Version != 0 || snap.Session.Address != "" {
		t.Fatalf("after the quick exit the session is still there: %+v", snap.Session)
	}
	if r.box.Len() != 0 {
		t.Fatal("after the quick exit the mailbox is still there")
	}
	if _, p := r.poll(0); !p.Gone || len(p.Messages) != 0 {
		t.Fatalf("a poll after the quick exit: %+v", p)
	}
	if _, err := sender.Send(context.Background(), "web:"+token, "Still there?", "k2"); !errors.Is(err, bot.ErrVisitorLeft) {
		t.Fatalf("a send after the quick exit: %v", err)
	}
	for _, leak := range []string{token, "127.0.0.1", "CanaryAgent", "Are you safe"} {
		if strings.Contains(r.logs.String(), leak) {
			t.Errorf("the log holds %q", leak)
		}
	}
}

// TestChat_visitorLeft: staff cannot send to a visitor whose page stopped polling.
func TestChat_visitorLeft(t *testing.T) {
	cfg := fast()
	cfg.PresenceTTL = 100 * time.Millisecond
	r := newRig(t, cfg, nil)
	r.send("hi")
	sender := webchat.Sender{Keys: r.keys, Mailbox: r.box}
	if _, err := sender.Send(context.Background(), "web:"+token, "x", "k"); err != nil {
		t.Fatalf("a send right after the visitor wrote: %v", err)
	}
	time.Sleep(150 * time.Millisecond)
	if _, err := sender.Send(context.Background(), "web:"+token, "x", "k"); !errors.Is(err, bot.ErrVisitorLeft) {
		t.Fatalf("a send to a closed page: %v", err)
	}
	if _, err := sender.Send(context.Background(), "+15550100001", "x", "k"); !bot.IsPermanent(err) {
		t.Fatalf("a send to a number: %v", err)
	}
}

// TestChat_DELETE: DELETE typed in the chat erases like on SMS, and the answer tells the page to
// forget too.
func TestChat_DELETE(t *testing.T) {
	r := newRig(t, fast(), nil)
	r.send("hi")
	if _, a := r.send("DELETE"); !a.Erased || len(a.Replies) != 1 {
		t.Fatalf("DELETE: %+v", a)
	}
	if r.box.Len() != 0 {
		t.Fatal("DELETE left the mailbox")
	}
}

func TestChat_page(t *testing.T) {
	r := newRig(t, fast(), nil)
	get := func(path, accept string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, r.srv.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	resp, page := get("/chat", "")
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'self'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if resp.Header.Get("Set-Cookie") != "" || resp.Header.Get("Referrer-Policy") != "no-referrer" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", resp.Header)
	}
	for _, want := range []string{`lang="en"`, "Quick exit", "private (incognito) window", "Call 911", `data-exit="https://neutral.example/"`, `src="/chat/static/chat.js"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{"http://", "https://fonts", "<script>", "onclick", "style=\""} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q (third-party or inline code)", bad)
		}
	}
	if _, es := get("/chat", "es-MX,es;q=0.9,en;q=0.5"); !strings.Contains(es, `lang="es"`) || !strings.Contains(es, "Salida rápida") {
		t.Errorf("the Spanish page: %.300s", es)
	}
	if _, en := get("/chat?lang=en", "es"); !strings.Contains(en, `lang="en"`) {
		t.Error("?lang=en does not win over the browser's language")
	}
	for _, asset := range []string{"/chat/static/chat.js", "/chat/static/chat.css", "/chat/static/embed.js"} {
		if resp, body := get(asset, ""); resp.StatusCode != 200 || len(body) < 100 {
			t.Errorf("%s: %d", asset, resp.StatusCode)
		}
	}
	js := func() string { _, b := get("/chat/static/chat.js", ""); return b }()
	for _, bad := range []string{"localStorage", "document.cookie", "innerHTML"} {
		if strings.Contains(js, bad) {
			t.Errorf("chat.js uses %s", bad)
		}
	}
	framed := newRig(t, webchat.Config{FrameOrigins: []string{"https://taskforce.example"}}, nil)
	resp2, err := http.Get(framed.srv.URL + "/chat")
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if csp := resp2.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self' https://taskforce.example") {
		t.Errorf("CSP with a frame origin: %q", csp)
	}
}

func TestChat_limits(t *testing.T) {
	t.Run("Malformed", func(t *testing.T) {
		r := newRig(t, fast(), nil)
		cases := []struct {
			body any
			want int
		}{
			{map[string]any{"token": "short", "id": "aaaaaaaaaaaaaaaa", "text": "hi"}, 400},
			{map[string]any{"token": token, "id": "x", "text": "hi"}, 400},
			{map[string]any{"token": token, "id": "aaaaaaaaaaaaaaaa", "text": "   "}, 400},
			{map[string]any{"token": token, "id": "aaaaaaaaaaaaaaaa", "text": strings.Repeat("a", webchat.MaxText+1)}, 400},
			{map[string]any{"token": token, "id": "aaaaaaaaaaaaaaaa", "text": strings.Repeat("é", webchat.MaxBody)}, 413},
		}
		for i, c := range cases {
			resp := r.post("/chat/api/send", c.body)
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Errorf("case %d: %d, want %d", i, resp.StatusCode, c.want)
			}
		}
		req, _ := http.NewRequest(http.MethodPost, r.srv.URL+"/chat/api/send", strings.NewReader("token="+token))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, _ := http.DefaultClient.Do(req)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("a form body: %d", resp.StatusCode)
		}
	})
	t.Run("SendRate", func(t *testing.T) {
		r := newRig(t, fast(), nil)
		var limited int
		for range 12 {
			if status, a := r.send("hi"); status == http.StatusTooManyRequests && a.Error == "slow" {
				limited++
			}
		}
		if limited < 2 {
			t.Fatalf("12 sends at once: %d refused, want the ones over the burst of 8", limited)
		}
	})
	t.Run("PollsPerToken", func(t *testing.T) {
		cfg := fast()
		cfg.PollWait = 2 * time.Second
		r := newRig(t, cfg, nil)
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { r.poll(0) })
		}
		time.Sleep(200 * time.Millisecond)
		if status, _ := r.poll(0); status != http.StatusTooManyRequests {
			t.Errorf("a third poll of one token: %d", status)
		}
		wg.Wait()
	})
	t.Run("SendsAtOnce", func(t *testing.T) {
		release := make(chan struct{})
		cfg := fast()
		cfg.MaxSends = 1
		r := newRig(t, cfg, func(h webchat.Handler) webchat.Handler { return slowBot{h, release} })
		done := make(chan int)
		go func() { s, _ := r.send("hi"); done <- s }()
		time.Sleep(100 * time.Millisecond)
		other := "fedcba9876543210fedcba9876543210"
		resp := r.post("/chat/api/send", map[string]any{"token": other, "id": "bbbbbbbbbbbbbbbb", "text": "hi"})
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("a send while every slot is busy: %d, want 503 at once", resp.StatusCode)
		}
		close(release)
		if s := <-done; s != 200 {
			t.Errorf("the slow send: %d", s)
		}
	})
}

// slowBot holds every message until release is closed.
type slowBot struct {
	webchat.Handler
	release chan struct{}
}

func (s slowBot) Handle(ctx context.Context, in bot.Inbound) bot.Outcome {
	<-s.release
	return s.Handler.Handle(ctx, in)
}
