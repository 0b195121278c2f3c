package console_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/console"
	"github.com/nhttf/frontdoor/integrations/memory"
)

var t0 = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)

const (
	anaPassword = "ana's long password"
	benPassword = "ben's long password"
)

// rig is a console on an in-memory store seeded with the built-in flows as version 1.
type rig struct {
	t         *testing.T
	store     *memory.Console
	clock     *bottest.Clock
	srv       *httptest.Server
	published int
}

func user(t *testing.T, name, password string) console.User {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost) // fast; production uses cost 12
	if err != nil {
		t.Fatal(err)
	}
	return console.User{Name: name, Hash: h}
}

func newRig(t *testing.T, cfg console.Config, edit ...func(*console.Deps)) *rig {
	t.Helper()
	r := &rig{t: t, clock: bottest.NewClock(t0)}
	r.store = memory.NewConsole(r.clock)
	files, err := flows.ReadFiles(flows.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.PublishFlows(context.Background(), bot.FlowVersion{Files: files, Author: "system", Published: t0}, 0); err != nil {
		t.Fatal(err)
	}
	if cfg.Users == nil {
		cfg.Users = []console.User{user(t, "ana", anaPassword), user(t, "ben", benPassword)}
	}
	if cfg.Secret == nil {
		cfg.Secret = []byte("console-test-secret-0123456789-abcdefghij")
	}
	deps := console.Deps{Store: r.store, Clock: r.clock, Messages: bot.NewMessages("Frontdoor"),
		NewStore: func(c bot.Clock) transcript.Stores {
			m := checkedStore(t, c)
			return transcript.Stores{Sessions: m, Tips: m, Stats: m}
		}, Log: slog.New(slog.DiscardHandler),
		Published: func(context.Context) { r.published++ }}
	for _, e := range edit {
		e(&deps)
	}
	c, err := console.New(cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	r.srv = httptest.NewServer(c)
	t.Cleanup(r.srv.Close)
	return r
}

// devRig is a console whose cookies work over the test server's plain HTTP.
func devRig(t *testing.T) *rig { return newRig(t, console.Config{Insecure: true}) }

// client is a browser: a cookie jar, no automatic redirects.
type client struct {
	r    *rig
	http *http.Client
	csrf string // the token of the last page read
}

func (r *rig) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{r: r, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type resp struct {
	code int
	body string
	hdr  http.Header
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

func (c *client) do(req *http.Request) resp {
	c.r.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.r.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRE.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return resp{code: res.StatusCode, body: string(b), hdr: res.Header}
}

func (c *client) get(path string) resp {
	c.r.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.r.srv.URL+path, nil)
	return c.do(req)
}

// post sends a form with the current CSRF token, as the page's form would.
func (c *client) post(path string, form url.Values) resp {
	c.r.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, c.r.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.r.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// signIn signs in and fails the test if that does not work.
func (c *client) signIn(name, password string) {
	c.r.t.Helper()
	c.get("/console/login")
	if r := c.post("/console/login", url.Values{"name": {name}, "password": {password}}); r.code != http.StatusSeeOther {
		c.r.t.Fatalf("sign in as %s: %d\n%s", name, r.code, r.body)
	}
	c.get("/console/flows") // picks up the session's CSRF token
}

func (r *rig) audit() string {
	es, _ := r.store.AuditEntries(context.Background(), 1000)
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.Who + " " + e.Action + " " + e.Detail + "\n")
	}
	return b.String()
}

func builtinFile(t *testing.T, name string) string {
	files, err := flows.ReadFiles(flows.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return string(files[name])
}

// checkedStore is a memory store that fails t for an effect committed with a field its kind
// does not carry.
func checkedStore(t *testing.T, c bot.Clock) *memory.Store {
	m := memory.New(c)
	m.ObserveEffects(bottest.CheckEffects(t))
	return m
}
