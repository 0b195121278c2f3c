package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/twilio"
)

// Config is the server's part of Frontdoor's configuration.
type Config struct {
	PublicURL   string // the base URL Twilio calls; signatures are checked against it
	TwilioToken string // the auth token that signs Twilio's requests
	// TwilioPreviousToken is also accepted while a rotated token phases out, until
	// PreviousUntil (when set); see RELIABILITY requirement 6.
	TwilioPreviousToken string
	PreviousUntil       time.Time
	Now                 func() time.Time // the clock for PreviousUntil; default time.Now
	Insecure            bool             // serve --dev only: no Twilio signature checks
	// SlackSecrets sign Slack's requests: the signing secret, and during a rotation the old one
	// too. Slack requests are always verified.
	SlackSecrets []string
	// SlackPreviousSecret is also accepted until PreviousUntil (when set), like
	// TwilioPreviousToken.
	SlackPreviousSecret string

	BodyLimit         string        // default "64KiB" (binary units; "64K" would be 64,000)
	HandleTimeout     time.Duration // bound on handling one webhook, default 5s
	ReadHeaderTimeout time.Duration // default 5s (Slowloris)
	ReadTimeout       time.Duration // default 10s
	WriteTimeout      time.Duration // default 20s
	IdleTimeout       time.Duration // default 60s
	DrainDelay        time.Duration // how long /readyz fails before the listener closes
	ShutdownTimeout   time.Duration // how long in-flight requests get to finish, default 10s
}

func (c *Config) defaults() {
	if c.BodyLimit == "" {
		c.BodyLimit = "64KiB"
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.HandleTimeout, 5*time.Second)
	def(&c.ReadHeaderTimeout, 5*time.Second)
	def(&c.ReadTimeout, 10*time.Second)
	def(&c.WriteTimeout, 20*time.Second)
	def(&c.IdleTimeout, 60*time.Second)
	def(&c.ShutdownTimeout, 10*time.Second)
}

// Handler answers inbound messages; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, in bot.Inbound) bot.Outcome
}

// DeliveryTracker remembers how far each sent message got, so late status callbacks cannot
// move it back. Advance reports false when the message already reached rank; Reached returns
// the rank reached so far (0 when none is known).
type DeliveryTracker interface {
	Advance(ctx context.Context, messageSid string, rank int) (bool, error)
	Reached(ctx context.Context, messageSid string) (int, error)
}

// Check is one readiness check: the store answers, the flows are loaded.
type Check struct {
	Name string
	Fn   func(context.Context) error
}

// Deps are what the server calls.
type Deps struct {
	Bot        Handler
	Checks     []Check
	Deliveries DeliveryTracker
	// OnUndelivered is called for a message that failed (undelivered or failed), e.g. for the
	// desk's "not delivered (code)" note, before the failure is recorded as reached: when it
	// returns an error the callback answers 500 and is handled again when it comes again, so
	// it must be idempotent. Optional.
	OnUndelivered func(context.Context, twilio.Status) error
	// Slack answers the Slack routes; nil: they answer 501 (no Slack, or Socket Mode).
	Slack   SlackInbox
	Metrics *Metrics
	Log     *slog.Logger
	// Console serves /console and everything under it (integrations/console, wired by cmd).
	// Optional.
	Console http.Handler
	// WebChat serves /chat and everything under it (integrations/webchat, wired by cmd), with its
	// own limits and headers. Optional.
	WebChat http.Handler
}

// Server is the Echo server.
type Server struct {
	cfg      Config
	deps     Deps
	e        *echo.Echo
	verifier *twilio.Verifier
	previous *twilio.Verifier // the token being rotated out, or nil
	failSafe []byte           // TwiML of bot.FailSafeReply, made once
	draining atomic.Bool
}

// New builds the server and its routes.
func New(cfg Config, deps Deps) (*Server, error) {
	cfg.defaults()
	if deps.Bot == nil || deps.Deliveries == nil {
		return nil, errors.New("web: the bot and the delivery tracker are required")
	}
	if !cfg.Insecure && (cfg.TwilioToken == "" || cfg.PublicURL == "") {
		return nil, errors.New("web: signature checks need the Twilio auth token and the public URL")
	}
	if deps.Metrics == nil {
		deps.Metrics = NewMetrics()
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	deps.Log = deps.Log.With("comp", "web")
	fs, err := twilio.Reply([]string{bot.FailSafeReply})
	if err != nil {
		return nil, fmt.Errorf("web: cannot render the fail-safe reply: %w", err)
	}
	s := &Server{cfg: cfg, deps: deps, failSafe: fs,
		verifier: twilio.NewVerifier(cfg.TwilioToken, strings.TrimRight(cfg.PublicURL, "/"))}
	if cfg.TwilioPreviousToken != "" {
		s.previous = twilio.NewVerifier(cfg.TwilioPreviousToken, strings.TrimRight(cfg.PublicURL, "/"))
	}
	if s.cfg.Now == nil {
		s.cfg.Now = time.Now
	}
	s.e = s.routes()
	return s, nil
}

// Handler returns the HTTP handler, for tests and for servers the caller runs.
func (s *Server) Handler() http.Handler { return s.e }

// Serve serves on ln until ctx ends, then drains: /readyz fails at once, the listener closes
// after DrainDelay, and in-flight requests get ShutdownTimeout to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.e,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(s.deps.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	s.deps.Log.Info("draining: readiness fails now", "drain_delay", s.cfg.DrainDelay.String())
	if s.cfg.DrainDelay > 0 {
		t := time.NewTimer(s.cfg.DrainDelay)
		select {
		case <-t.C:
		case err := <-errc:
			t.Stop()
			return err
		}
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown did not finish: %w", err)
	}
	s.deps.Log.Info("stopped: in-flight requests finished")
	return nil
}
