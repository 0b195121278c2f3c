package webchat

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/nhttf/frontdoor/bot"
)

//go:embed static templates
var assets embed.FS

// Defaults of Config.
const (
	DefaultExitURL     = "https://www.google.com/"
	DefaultPollWait    = 8 * time.Second // within the server's write timeout (20 s) and shutdown grace (10 s)
	DefaultPollTick    = time.Second
	DefaultPresenceTTL = 45 * time.Second // a page that has not polled for this long is gone
	DefaultMaxPolls    = 10000            // long polls held open at once, in all
	DefaultMaxSends    = 256              // sends handled at once, in all
	DefaultMaxTokens   = 50000            // visitors one replica keeps limits for
	MaxBody            = 4 << 10          // bytes of one request body
	MaxText            = 1000             // characters of one message
	sendBurst          = 8                // a visitor may send this many at once,
	sendPerSecond      = 2.0              // then two a second (the store's per-texter limit still holds)
	pollsPerToken      = 2                // a page has one poll open; a second covers a reload
)

// Config is the chat's settings.
type Config struct {
	// ExitURL is where the quick exit sends the page: a neutral site (default DefaultExitURL).
	ExitURL string
	// FrameOrigins may show the chat in a frame (the task force's site, for the snippet); the
	// chat's own origin always may.
	FrameOrigins []string

	PollWait, PollTick, PresenceTTL time.Duration
	MaxPolls, MaxSends, MaxTokens   int
	HandleTimeout                   time.Duration // for one message, default 10 s
}

// Handler is what the chat hands messages to; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, in bot.Inbound) bot.Outcome
}

// Deps are what the chat calls.
type Deps struct {
	Bot     Handler
	Keys    *bot.Keys
	Mailbox bot.Mailbox
	Log     *slog.Logger
}

// Chat serves /chat and everything under it.
type Chat struct {
	cfg   Config
	deps  Deps
	page  *template.Template
	mux   *http.ServeMux
	lim   *limiter
	polls atomic.Int64
	sends chan struct{}
	csp   string
}

// New builds the chat.
func New(cfg Config, deps Deps) (*Chat, error) {
	if deps.Bot == nil || deps.Keys == nil || deps.Mailbox == nil {
		return nil, errors.New("webchat: the bot, the keys and the mailbox are required")
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	defaults(&cfg)
	page, err := template.ParseFS(assets, "templates/chat.html")
	if err != nil {
		return nil, err
	}
	c := &Chat{cfg: cfg, deps: deps, page: page, mux: http.NewServeMux(),
		lim:   newLimiter(sendBurst, sendPerSecond, pollsPerToken, cfg.MaxTokens),
		sends: make(chan struct{}, cfg.MaxSends)}
	c.csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
		"form-action 'none'; base-uri 'none'; frame-ancestors " + strings.Join(append([]string{"'self'"}, cfg.FrameOrigins...), " ")
	static, _ := fs.Sub(assets, "static")
	c.mux.HandleFunc("GET /chat", c.serve)
	c.mux.Handle("GET /chat/static/", http.StripPrefix("/chat/static/", http.FileServerFS(static)))
	c.mux.HandleFunc("POST /chat/api/send", c.send)
	c.mux.HandleFunc("POST /chat/api/poll", c.poll)
	c.mux.HandleFunc("POST /chat/api/exit", c.exit)
	return c, nil
}

func defaults(c *Config) {
	if c.ExitURL == "" {
		c.ExitURL = DefaultExitURL
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.PollWait, DefaultPollWait)
	def(&c.PollTick, DefaultPollTick)
	def(&c.PresenceTTL, DefaultPresenceTTL)
	def(&c.HandleTimeout, 10*time.Second)
	for _, p := range []struct {
		n *int
		v int
	}{{&c.MaxPolls, DefaultMaxPolls}, {&c.MaxSends, DefaultMaxSends}, {&c.MaxTokens, DefaultMaxTokens}} {
		if *p.n <= 0 {
			*p.n = p.v
		}
	}
}

// ServeHTTP implements http.Handler: every answer carries the strict headers, none sets a cookie.
func (c *Chat) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", c.csp)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	c.mux.ServeHTTP(w, r)
}

// addressPrefix starts a visitor's address (bot.ChannelWeb).
const addressPrefix = "web:"

var tokenRE, idRE = regexp.MustCompile(`^[0-9a-f]{32}$`), regexp.MustCompile(`^[0-9a-f]{16,32}$`)

func validToken(t string) bool { return tokenRE.MatchString(t) }

// request is the body of every API call.
type request struct {
	Token string `json:"token"`
	ID    string `json:"id,omitempty"`    // send: the message's random id (a retry repeats it)
	Text  string `json:"text,omitempty"`  // send
	After int64  `json:"after,omitempty"` // poll: the last staff message the page has
}

// read decodes a bounded JSON body with a valid token; it answers the error itself.
func read(w http.ResponseWriter, r *http.Request) (request, bool) {
	var req request
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		http.Error(w, "use application/json", http.StatusUnsupportedMediaType)
		return req, false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "malformed", http.StatusBadRequest)
		}
		return req, false
	}
	if !validToken(req.Token) {
		http.Error(w, "malformed", http.StatusBadRequest)
		return req, false
	}
	return req, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// texter is the visitor's key.
func (c *Chat) texter(token string) string {
	return c.deps.Keys.TexterKey(bot.ChannelWeb, addressPrefix+token)
}

// sendAnswer is the answer to a send.
type sendAnswer struct {
	Replies []string `json:"replies"`
	Erased  bool     `json:"erased,omitempty"` // DELETE or a quick-exit word: the page forgets too
	Error   string   `json:"error,omitempty"`  // "slow": over the rate; "busy": try again shortly
}

func (c *Chat) send(w http.ResponseWriter, r *http.Request) {
	req, ok := read(w, r)
	if !ok {
		return
	}
	text := strings.TrimSpace(req.Text)
	if !idRE.MatchString(req.ID) || text == "" || utf8.RuneCountInString(text) > MaxText || !utf8.ValidString(text) {
		http.Error(w, "malformed", http.StatusBadRequest)
		return
	}
	if !c.lim.allowSend(req.Token, time.Now()) {
		writeJSON(w, http.StatusTooManyRequests, sendAnswer{Replies: []string{}, Error: "slow"})
		return
	}
	select {
	case c.sends <- struct{}{}:
		defer func() { <-c.sends }()
	default: // every slot busy: refuse at once rather than queue behind a flood
		writeJSON(w, http.StatusServiceUnavailable, sendAnswer{Replies: []string{}, Error: "busy"})
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), c.cfg.HandleTimeout)
	defer cancel()
	out := c.deps.Bot.Handle(ctx, bot.Inbound{ID: "web:" + req.ID, Channel: bot.ChannelWeb, From: addressPrefix + req.Token, Body: text})
	texter := c.texter(req.Token)
	erased := hasErased(out.Effects)
	var err error
	if erased {
		err = c.deps.Mailbox.Clear(ctx, texter)
	} else {
		err = c.deps.Mailbox.Seen(ctx, texter, c.cfg.PresenceTTL)
	}
	if err != nil {
		c.deps.Log.Warn("web chat mailbox failed", "alias", out.Alias, "error", err)
	}
	replies := out.Replies
	if replies == nil {
		replies = []string{}
	}
	writeJSON(w, http.StatusOK, sendAnswer{Replies: replies, Erased: erased})
}

func hasErased(effects []bot.Effect) bool {
	for _, e := range effects {
		if e.Kind == bot.Erased {
			return true
		}
	}
	return false
}

// pollAnswer is the answer to a poll: staff messages after the page's last, and the new last.
type pollAnswer struct {
	Messages []message `json:"messages"`
	After    int64     `json:"after"`
	Gone     bool      `json:"gone,omitempty"` // the visitor left: stop polling
}

type message struct {
	Seq  int64  `json:"seq"`
	Text string `json:"text"`
}

// poll holds the request until staff wrote, PollWait passed, or the page went away. While it
// waits the visitor counts as present (the staff's messages can be shown).
func (c *Chat) poll(w http.ResponseWriter, r *http.Request) {
	req, ok := read(w, r)
	if !ok {
		return
	}
	if c.polls.Add(1) > int64(c.cfg.MaxPolls) {
		c.polls.Add(-1)
		writeJSON(w, http.StatusServiceUnavailable, pollAnswer{Messages: []message{}, After: req.After})
		return
	}
	defer c.polls.Add(-1)
	done, ok := c.lim.openPoll(req.Token, time.Now())
	if !ok {
		writeJSON(w, http.StatusTooManyRequests, pollAnswer{Messages: []message{}, After: req.After, Gone: c.lim.left(req.Token)})
		return
	}
	defer done()
	ctx := r.Context()
	texter := c.texter(req.Token)
	deadline := time.Now().Add(c.cfg.PollWait)
	tick := time.NewTicker(c.cfg.PollTick)
	defer tick.Stop()
	var seen time.Time
	for {
		if c.lim.left(req.Token) {
			writeJSON(w, http.StatusOK, pollAnswer{Messages: []message{}, After: req.After, Gone: true})
			return
		}
		if time.Since(seen) > c.cfg.PresenceTTL/3 {
			if err := c.deps.Mailbox.Seen(ctx, texter, c.cfg.PresenceTTL); err != nil && ctx.Err() == nil {
				c.deps.Log.Warn("web chat mailbox failed", "error", err)
			}
			seen = time.Now()
		}
		msgs, err := c.deps.Mailbox.Fetch(ctx, texter, req.After)
		if err != nil && ctx.Err() == nil {
			c.deps.Log.Warn("web chat mailbox failed", "error", err)
		}
		if len(msgs) > 0 || time.Now().After(deadline) {
			ans := pollAnswer{Messages: make([]message, 0, len(msgs)), After: req.After}
			for _, m := range msgs {
				ans.Messages = append(ans.Messages, message{Seq: m.Seq, Text: m.Text})
				ans.After = m.Seq
			}
			writeJSON(w, http.StatusOK, ans)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// exit is the quick exit: the conversation is erased as by the quick-exit word (staff are told
// the visitor left quickly and must not write back), and the visitor's mailbox with it.
func (c *Chat) exit(w http.ResponseWriter, r *http.Request) {
	req, ok := read(w, r)
	if !ok {
		return
	}
	c.lim.leave(req.Token, time.Now())
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), c.cfg.HandleTimeout)
	defer cancel()
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	out := c.deps.Bot.Handle(ctx, bot.Inbound{ID: "web:exit:" + hex.EncodeToString(id), Channel: bot.ChannelWeb,
		From: addressPrefix + req.Token, Body: "EXIT"})
	if err := c.deps.Mailbox.Clear(ctx, c.texter(req.Token)); err != nil {
		c.deps.Log.Error("web chat quick exit: the mailbox was not cleared", "alias", out.Alias, "error", err)
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	if out.FailSafe {
		c.deps.Log.Error("web chat quick exit: the conversation was not erased", "alias", out.Alias)
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
