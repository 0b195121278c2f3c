package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// session is a signed-in coordinator.
type session struct {
	User string
	CSRF string // the token every form of this session carries
}

// handler is a handler for signed-in coordinators.
type handler func(w http.ResponseWriter, r *http.Request, s *session)

func deriveKey(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("frontdoor console sessions v1"))
	return m.Sum(nil)
}

func (c *Console) mac(parts ...string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// cookieName is __Secure- prefixed outside --dev, so a browser only accepts it over HTTPS.
func (c *Console) cookieName(base string) string {
	if c.cfg.Insecure {
		return base
	}
	return "__Secure-" + base
}

func (c *Console) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: c.cookieName(name), Value: value, Path: Prefix, MaxAge: maxAge,
		HttpOnly: true, Secure: !c.cfg.Insecure, SameSite: http.SameSiteStrictMode})
}

// sessionValue is "name.expiry.mac"; the MAC covers the account's password hash, so a new
// password ends the account's sessions.
func (c *Console) sessionValue(u User, exp time.Time) string {
	e := strconv.FormatInt(exp.Unix(), 10)
	return u.Name + "." + e + "." + c.mac("session", u.Name, e, string(u.Hash))
}

// readSession returns the session of a valid, unexpired cookie.
func (c *Console) readSession(r *http.Request) (*session, bool) {
	ck, err := r.Cookie(c.cookieName("fd_console"))
	if err != nil {
		return nil, false
	}
	parts := strings.Split(ck.Value, ".")
	if len(parts) != 3 {
		return nil, false
	}
	u, ok := c.users[parts[0]]
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if !ok || err != nil || c.deps.Clock.Now().Unix() >= exp {
		return nil, false
	}
	if !hmac.Equal([]byte(parts[2]), []byte(c.mac("session", u.Name, parts[1], string(u.Hash)))) {
		return nil, false
	}
	return &session{User: u.Name, CSRF: c.mac("csrf", ck.Value)}, true
}

// signedIn lets signed-in coordinators through, checking the CSRF token of every POST; others
// go to the sign-in page.
func (c *Console) signedIn(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, ok := c.readSession(r)
		if !ok {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, Prefix+"/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Error(w, "Your sign-in has ended: sign in again.", http.StatusUnauthorized)
			return
		}
		if r.Method == http.MethodPost && !c.sameOrigin(r, s.CSRF) {
			http.Error(w, "This form is out of date or came from another site: reload the page and try again.", http.StatusForbidden)
			return
		}
		h(w, r, s)
	})
}

// sameOrigin checks a POST: the token (form field csrf or header X-CSRF-Token) matches, and the
// browser does not say the request came from another site.
func (c *Console) sameOrigin(r *http.Request, want string) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	return want != "" && hmac.Equal([]byte(got), []byte(want))
}

type loginData struct {
	Name, Next, Token, Error string
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := c.readSession(r); ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	c.showLogin(w, r, http.StatusOK, loginData{Next: r.URL.Query().Get("next")})
}

// showLogin renders the sign-in form with a fresh double-submit token.
func (c *Console) showLogin(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	b := make([]byte, 18)
	rand.Read(b)
	d.Token = base64.RawURLEncoding.EncodeToString(b)
	c.setCookie(w, "fd_login", d.Token, 3600)
	c.render(w, r, status, "login", nil, "Sign in", d)
}

// login checks a sign-in. A locked account is refused before its password is checked; an
// unknown name costs the same bcrypt work as a known one.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(strings.ToLower(r.PostFormValue("name")))
	d := loginData{Name: name, Next: r.PostFormValue("next")}
	ck, err := r.Cookie(c.cookieName("fd_login"))
	if err != nil || !c.sameOrigin(r, ck.Value) {
		d.Error = "The sign-in form was out of date. Please try again."
		c.showLogin(w, r, http.StatusForbidden, d)
		return
	}
	ctx := r.Context()
	if len(name) > 64 {
		name = name[:64]
	}
	fails, err := c.deps.Store.SignInFailures(ctx, name)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if fails >= c.cfg.MaxFailures {
		c.audit(ctx, c.known(name), "sign_in_refused", "account locked after repeated failures")
		d.Error = fmt.Sprintf("Too many failed sign-ins for this account. Try again in %s, or ask an administrator.", c.cfg.LockFor)
		c.showLogin(w, r, http.StatusTooManyRequests, d)
		return
	}
	u, known := c.users[name]
	hash := u.Hash
	if !known {
		hash = dummyHash
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(r.PostFormValue("password"))) != nil || !known {
		c.failedLogin(w, r, name, d)
		return
	}
	c.deps.Store.SignInCleared(ctx, name)
	c.setCookie(w, "fd_login", "", -1)
	c.setCookie(w, "fd_console", c.sessionValue(u, c.deps.Clock.Now().Add(c.cfg.SessionTTL)), int(c.cfg.SessionTTL.Seconds()))
	c.audit(ctx, name, "sign_in", "")
	http.Redirect(w, r, safeNext(d.Next), http.StatusSeeOther)
}

func (c *Console) failedLogin(w http.ResponseWriter, r *http.Request, name string, d loginData) {
	n, err := c.deps.Store.SignInFailed(r.Context(), name, c.cfg.LockFor)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	detail := fmt.Sprintf("failure %d of %d", n, c.cfg.MaxFailures)
	if c.known(name) == "" {
		detail = "unknown account name"
	}
	c.audit(r.Context(), c.known(name), "sign_in_failed", detail)
	if n >= c.cfg.MaxFailures {
		c.audit(r.Context(), c.known(name), "account_locked", fmt.Sprintf("for %s", c.cfg.LockFor))
	}
	d.Error = "That name and password do not match."
	c.showLogin(w, r, http.StatusUnauthorized, d)
}

// known returns name when it is an account, else "": a name typed wrong may be a password, so
// it is never recorded.
func (c *Console) known(name string) string {
	if _, ok := c.users[name]; ok {
		return name
	}
	return ""
}

// dummyHash is compared against when the name is unknown, so the answer takes as long: the
// hash, at cost 12, of random bytes that were thrown away.
var dummyHash = []byte("$2a$12$RcQr.rVQSPuINiZXivSY4uNjoKorFj1Zdg3Qre/NcGK4eITTa.UwO")

func (c *Console) logout(w http.ResponseWriter, r *http.Request, s *session) {
	c.setCookie(w, "fd_console", "", -1)
	c.audit(r.Context(), s.User, "sign_out", "")
	http.Redirect(w, r, Prefix+"/login", http.StatusSeeOther)
}

// safeNext keeps a redirect after sign-in inside the console.
func safeNext(next string) string {
	if strings.HasPrefix(next, Prefix+"/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return Prefix + "/"
}
