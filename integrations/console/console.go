package console

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/directory"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/flows"
)

// Config is the console's part of Frontdoor's configuration.
type Config struct {
	Users  []User
	Secret []byte // keys the session cookies and CSRF tokens (FRONTDOOR_SECRET)
	// Insecure drops the Secure flag from cookies: serve --dev only, on plain-HTTP loopback.
	Insecure bool
	Dev      bool // say so on every page
	// NoDesk: the front door runs without a staff desk, so the simulator answers a handoff as
	// texters are answered then, with 911 and the hotline (bot.Engine.WithoutDesk).
	NoDesk   bool
	Location *time.Location // "today" and the times shown; default UTC
	// ShortCode is the number texters send to, printed on campaign cards (FRONTDOOR_SHORT_CODE).
	ShortCode string

	SessionTTL  time.Duration // how long a sign-in lasts; default 12h
	MaxFailures int           // failed sign-ins that lock an account; default 5
	LockFor     time.Duration // the lockout window; default 15m
}

func (c *Config) defaults() {
	if c.Location == nil {
		c.Location = time.UTC
	}
	if c.SessionTTL <= 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = 5
	}
	if c.LockFor <= 0 {
		c.LockFor = 15 * time.Minute
	}
}

// Store is what the console keeps in the shared store.
type Store interface {
	bot.FlowStore
	bot.AuditLog
	bot.SignInGuard
	bot.Board
}

// Deps are what the console calls.
type Deps struct {
	Store Store
	// Live is this replica's engine holder, to show which version it runs. Optional.
	Live *bot.LiveEngine
	// Published is called after a publish or a rollback, so this replica swaps at once rather
	// than at its next poll. Optional.
	Published func(ctx context.Context)
	// NewStore makes the empty in-memory store a simulation or a transcript test runs on:
	// nothing is sent and nothing is kept.
	NewStore func(bot.Clock) transcript.Stores
	Messages bot.Messages
	Clock    bot.Clock
	Log      *slog.Logger
	// CheckRoster lists the queues the flows hand off to that the on-call roster lacks; flows
	// with any are not published (nobody would answer there). Optional: nil without a desk.
	CheckRoster func(*flows.Set) flows.Problems
	// Stats are the daily counters the Reports and Campaigns pages show. Optional: without them
	// the pages say there are none.
	Stats bot.StatsStore
	// Route names the queue the on-call roster's routing rules pick for a texter with lang and
	// answers, so the simulator shows where a routed handoff would go. Optional: nil without a
	// desk.
	Route func(lang string, answers map[string]string) string
	// Directory is the partner directory, so that the simulator's find_help states offer what
	// texters would get. Optional.
	Directory *directory.Directory
}

// Console is the console's http.Handler.
type Console struct {
	cfg   Config
	deps  Deps
	users map[string]User
	key   []byte // derived from Config.Secret
	pages *pages
	mux   *http.ServeMux
	// reports keeps the last reports built for a moment: a Reports page asks for its range
	// five times (the page and four charts).
	reports reportCache
}

// Prefix is where the console is mounted.
const Prefix = "/console"

// New builds the console. With no users it serves only a page saying it is off.
func New(cfg Config, deps Deps) (*Console, error) {
	cfg.defaults()
	if deps.Store == nil || deps.NewStore == nil || deps.Clock == nil {
		return nil, errors.New("console: the store, a simulation store maker and the clock are required")
	}
	if len(cfg.Users) > 0 && len(cfg.Secret) < bot.MinSecretLength {
		return nil, errors.New("console: the secret is too short")
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	deps.Log = deps.Log.With("comp", "console")
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	c := &Console{cfg: cfg, deps: deps, users: map[string]User{}, key: deriveKey(cfg.Secret), pages: p}
	for _, u := range cfg.Users {
		c.users[u.Name] = u
	}
	c.mux = c.routes()
	return c, nil
}

// ServeHTTP implements http.Handler.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin") // not no-referrer: that makes browsers send "Origin: null" on POSTs
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	c.mux.ServeHTTP(w, r)
}

// maxBody bounds a request: a flow file and its draft's others, posted as a form.
const maxBody = 2 << 20

func (c *Console) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.Handle("GET /console/static/", http.StripPrefix("/console/static/", staticFiles()))
	if len(c.users) == 0 {
		m.HandleFunc("/console/", c.off)
		m.HandleFunc("/console", c.off)
		return m
	}
	m.HandleFunc("GET /console", redirectTo(Prefix+"/"))
	m.HandleFunc("GET /console/login", c.loginPage)
	m.HandleFunc("POST /console/login", c.login)
	auth := func(pattern string, h handler) { m.Handle(pattern, c.signedIn(h)) }
	auth("POST /console/logout", c.logout)
	auth("GET /console/{$}", c.home)
	auth("GET /console/flows", c.flowList)
	auth("GET /console/flows/{flow}", c.flowPage)
	auth("GET /console/edit", c.editPage)
	auth("POST /console/edit", c.saveFile)
	auth("POST /console/lint", c.lintAPI)
	auth("POST /console/files", c.newFile)
	auth("POST /console/files/delete", c.deleteFile)
	auth("POST /console/draft/discard", c.discardDraft)
	auth("POST /console/draft/update", c.updateDraft)
	auth("GET /console/simulator", c.simulatorPage)
	auth("POST /console/simulator", c.simulate)
	auth("GET /console/tests", c.testsPage)
	auth("GET /console/publish", c.publishPage)
	auth("POST /console/publish", c.publish)
	auth("GET /console/versions", c.versionsPage)
	auth("GET /console/versions/{n}", c.versionPage)
	auth("POST /console/versions/{n}/rollback", c.rollback)
	auth("GET /console/campaigns", c.campaignsPage)
	auth("GET /console/campaigns/card/{word}", c.campaignCard)
	auth("GET /console/audit", c.auditPage)
	auth("GET /console/audit/export", c.auditExport)
	auth("GET /console/reports", c.reportsPage)
	auth("GET /console/reports/chart/{chart}", c.reportChart)
	auth("GET /console/reports/export", c.reportExport)
	auth("GET /console/reports/print", c.reportPrint)
	return m
}

func redirectTo(to string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusSeeOther) }
}

func (c *Console) off(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte("The coordinator console is off on this server: set FRONTDOOR_CONSOLE_USERS (see docs/console.md).\n"))
}

// now reads the clock in the console's time zone.
func (c *Console) now() time.Time { return c.deps.Clock.Now().In(c.cfg.Location) }

// audit records what account did; a failure to record is logged, never shown.
func (c *Console) audit(ctx context.Context, who, action, detail string) {
	e := bot.AuditEntry{At: c.deps.Clock.Now().UTC(), Who: who, Action: action, Detail: detail}
	if err := c.deps.Store.Audit(context.WithoutCancel(ctx), e); err != nil {
		c.deps.Log.Error("cannot write the audit log", "action", action, "error", err)
	}
}
