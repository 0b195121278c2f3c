package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/integrations/console"
)

func TestSignIn(t *testing.T) {
	r := devRig(t)
	c := r.client()
	if res := c.get("/console/"); res.code != http.StatusSeeOther || !strings.HasPrefix(res.hdr.Get("Location"), "/console/login") {
		t.Fatalf("signed out, /console/ answers %d %s", res.code, res.hdr.Get("Location"))
	}
	c.get("/console/login")
	if res := c.post("/console/login", url.Values{"name": {"ana"}, "password": {"wrong password"}}); res.code != http.StatusUnauthorized ||
		!strings.Contains(res.body, "do not match") {
		t.Fatalf("a wrong password: %d", res.code)
	}
	res := c.post("/console/login", url.Values{"name": {"Ana "}, "password": {anaPassword}, "next": {"/console/versions"}})
	if res.code != http.StatusSeeOther || res.hdr.Get("Location") != "/console/versions" {
		t.Fatalf("sign in: %d to %q", res.code, res.hdr.Get("Location"))
	}
	if res := c.get("/console/"); res.code != 200 || !strings.Contains(res.body, "Signed in as <strong>ana</strong>") {
		t.Fatalf("after sign-in: %d", res.code)
	}
	c.post("/console/logout", nil)
	if res := c.get("/console/"); res.code != http.StatusSeeOther {
		t.Fatalf("after sign-out: %d", res.code)
	}
	for _, want := range []string{"ana sign_in_failed failure 1 of 5", "ana sign_in \n", "ana sign_out"} {
		if !strings.Contains(r.audit(), want) {
			t.Errorf("the audit log lacks %q:\n%s", want, r.audit())
		}
	}
}

func TestSignIn_redirectStaysInside(t *testing.T) {
	r := devRig(t)
	for _, next := range []string{"https://evil.example/", "//evil.example/console/", "/elsewhere", "/console/\\evil"} {
		c := r.client()
		c.get("/console/login")
		res := c.post("/console/login", url.Values{"name": {"ana"}, "password": {anaPassword}, "next": {next}})
		if res.hdr.Get("Location") != "/console/" {
			t.Errorf("next=%q redirected to %q", next, res.hdr.Get("Location"))
		}
	}
}

func TestLockout(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.get("/console/login")
	for i := 0; i < 5; i++ {
		c.post("/console/login", url.Values{"name": {"ana"}, "password": {"guess"}})
	}
	res := c.post("/console/login", url.Values{"name": {"ana"}, "password": {anaPassword}})
	if res.code != http.StatusTooManyRequests || !strings.Contains(res.body, "Too many failed sign-ins") {
		t.Fatalf("the right password after 5 failures: %d, want 429", res.code)
	}
	if !strings.Contains(r.audit(), "ana account_locked") || !strings.Contains(r.audit(), "ana sign_in_refused") {
		t.Errorf("the lockout is not in the audit log:\n%s", r.audit())
	}
	r.client().signIn("ben", benPassword) // ben is not locked
	r.clock.Advance(16 * 60e9)
	c.get("/console/login")
	if res := c.post("/console/login", url.Values{"name": {"ana"}, "password": {anaPassword}}); res.code != http.StatusSeeOther {
		t.Fatalf("after the lockout window: %d", res.code)
	}
}

func TestSignIn_unknownNameNotRecorded(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.get("/console/login")
	c.post("/console/login", url.Values{"name": {"hunter2-my-password"}, "password": {"x"}})
	if a := r.audit(); strings.Contains(a, "hunter2") || !strings.Contains(a, "sign_in_failed unknown account name") {
		t.Fatalf("audit:\n%s", a)
	}
}

func TestCSRF(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	cases := map[string]func(*http.Request){
		"no token":    func(q *http.Request) {},
		"wrong token": func(q *http.Request) { q.Header.Set("X-CSRF-Token", "forged") },
		"other origin": func(q *http.Request) {
			q.Header.Set("X-CSRF-Token", c.csrf)
			q.Header.Set("Origin", "https://evil.example")
		},
		"cross-site": func(q *http.Request) {
			q.Header.Set("X-CSRF-Token", c.csrf)
			q.Header.Set("Sec-Fetch-Site", "cross-site")
		},
		"null origin":    func(q *http.Request) { q.Header.Set("X-CSRF-Token", c.csrf); q.Header.Set("Origin", "null") },
		"other's token:": func(q *http.Request) { q.Header.Set("X-CSRF-Token", otherToken(t, r)) },
	}
	for name, mod := range cases {
		req, _ := http.NewRequest(http.MethodPost, r.srv.URL+"/console/draft/discard", nil)
		mod(req)
		if res := c.do(req); res.code != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, res.code)
		}
	}
	if strings.Contains(r.audit(), "draft_discarded") {
		t.Fatal("a forged request went through")
	}
	if res := c.post("/console/draft/discard", nil); res.code != http.StatusSeeOther {
		t.Fatalf("with the token: %d", res.code)
	}
	// The sign-in form carries a double-submit token too.
	d := r.client()
	if res := d.post("/console/login", url.Values{"name": {"ana"}, "password": {anaPassword}, "csrf": {"x"}}); res.code != http.StatusForbidden {
		t.Fatalf("sign-in without the form's cookie: %d", res.code)
	}
}

func otherToken(t *testing.T, r *rig) string {
	b := r.client()
	b.signIn("ben", benPassword)
	return b.csrf
}

func TestCookiesAndHeaders(t *testing.T) {
	r := newRig(t, console.Config{}) // production: Secure cookies
	c := r.client()
	res := c.get("/console/login")
	ck := res.hdr.Get("Set-Cookie")
	for _, want := range []string{"__Secure-fd_login=", "Path=/console", "HttpOnly", "Secure", "SameSite=Strict"} {
		if !strings.Contains(ck, want) {
			t.Errorf("the sign-in cookie %q lacks %s", ck, want)
		}
	}
	for h, want := range map[string]string{"Content-Security-Policy": "default-src 'none'; script-src 'self'", "X-Frame-Options": "DENY",
		"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "Referrer-Policy": "same-origin"} {
		if !strings.Contains(res.hdr.Get(h), want) {
			t.Errorf("%s = %q, want %q", h, res.hdr.Get(h), want)
		}
	}
	token := csrfRE.FindStringSubmatch(res.body)[1]
	form := url.Values{"name": {"ana"}, "password": {anaPassword}, "csrf": {token}}
	req, _ := http.NewRequest(http.MethodPost, r.srv.URL+"/console/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "__Secure-fd_login", Value: token})
	res = c.do(req)
	if res.code != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.code)
	}
	var session string
	for _, v := range res.hdr.Values("Set-Cookie") {
		if strings.HasPrefix(v, "__Secure-fd_console=") {
			session = v
		}
	}
	for _, want := range []string{"HttpOnly", "Secure", "SameSite=Strict", "Max-Age=43200"} {
		if !strings.Contains(session, want) {
			t.Errorf("the session cookie %q lacks %s", session, want)
		}
	}
}

func TestSession_tamperedAndExpired(t *testing.T) {
	r := devRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	u, _ := url.Parse(r.srv.URL + "/console/")
	ck := c.http.Jar.Cookies(u)[0]
	for _, forged := range []string{strings.Replace(ck.Value, "ana.", "ben.", 1), ck.Value + "x", "ana.99999999999.x"} {
		req, _ := http.NewRequest(http.MethodGet, r.srv.URL+"/console/", nil)
		req.AddCookie(&http.Cookie{Name: "fd_console", Value: forged})
		if res, _ := http.DefaultTransport.RoundTrip(req); res.StatusCode != http.StatusSeeOther {
			t.Errorf("a forged cookie %q was accepted", forged)
		}
	}
	r.clock.Advance(13 * 3600e9)
	if res := c.get("/console/"); res.code != http.StatusSeeOther {
		t.Fatalf("an expired session still works: %d", res.code)
	}
}

func TestOff(t *testing.T) {
	r := newRig(t, console.Config{Users: []console.User{}})
	res := r.client().get("/console/")
	if res.code != http.StatusNotFound || !strings.Contains(res.body, "FRONTDOOR_CONSOLE_USERS") {
		t.Fatalf("without accounts: %d %q", res.code, res.body)
	}
}

func TestReadUsers(t *testing.T) {
	hash := string(user(t, "x", "y").Hash)
	good := "# accounts\n\nana:" + hash + "\nben.smith:" + hash + "\n"
	users, err := console.ReadUsers(strings.NewReader(good))
	if err != nil || len(users) != 2 || users[1].Name != "ben.smith" {
		t.Fatalf("ReadUsers = %v, %v", users, err)
	}
	for in, want := range map[string]string{
		"ana " + hash:                   "line 1: expected name:bcrypt-hash",
		"Ana:" + hash:                   `line 1: "Ana" is not an account name`,
		"ana:plaintext":                 "line 1: the hash of \"ana\" is not a bcrypt hash",
		"ana:" + hash + "\nana:" + hash: `line 2: account "ana" is listed twice`,
		"# nobody\n":                    "no accounts",
	} {
		if _, err := console.ReadUsers(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	if _, err := console.HashPassword("short"); err == nil {
		t.Error("a short password was hashed")
	}
}
