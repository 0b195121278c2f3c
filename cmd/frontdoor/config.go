package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/internal/card"
	"github.com/nhttf/frontdoor/internal/loopback"
)

// Config is everything `frontdoor serve` reads from the environment (DESIGN.md §4), with
// defaults, validated once at start-up and passed down explicitly.
type Config struct {
	Dev       bool
	Addr      string // FRONTDOOR_ADDR; default ":8080", with --dev "127.0.0.1:8080"
	PublicURL string // FRONTDOOR_PUBLIC_URL: the base URL Twilio calls
	Secret    string // FRONTDOOR_SECRET: ≥ 32 bytes
	FlowsDir  string // FRONTDOOR_FLOWS; "" means the built-in flows
	Oncall    string // FRONTDOOR_ONCALL: the on-call roster; required with SLACK_BOT_TOKEN
	Webhooks  string // FRONTDOOR_WEBHOOKS: the partners' case systems that get tips (docs/reporting.md); "" sends none
	Directory string // FRONTDOOR_DIRECTORY: the partner directory; optional
	Program   string // FRONTDOOR_PROGRAM: the name in HELP and STOP replies
	ShortCode string // FRONTDOOR_SHORT_CODE: the number printed on campaign cards; optional
	// NoDesk is FRONTDOOR_NO_DESK: "hotline" runs without a staff desk, a handoff answering
	// with 911 and the hotline; unset, serve refuses flows that hand off when there is no desk.
	NoDesk   string
	RedisURL string // REDIS_URL; "" means the in-memory store
	RedisCA  string // REDIS_CA_FILE: certificate authorities for rediss:// with a private CA
	// SessionTTL is FRONTDOOR_SESSION_TTL: how long a session lives after the texter's last message.
	SessionTTL time.Duration
	// SpoolDir is FRONTDOOR_SPOOL_DIR: where messages that arrive while Redis is down wait for a
	// replay; "" keeps none (they get the fail-safe reply only).
	SpoolDir string
	// OutboxMinIdle is FRONTDOOR_OUTBOX_MIN_IDLE: how long a replica may be silent before the
	// others take over the effects it holds (a crashed replica's shards wait this long).
	OutboxMinIdle time.Duration
	// TipRetention is FRONTDOOR_TIP_RETENTION: how long a tip is kept after it was filed; older
	// ones are purged daily (and a tip waits this long for Slack before it is dead-lettered).
	TipRetention time.Duration
	// StatsRetention is FRONTDOOR_STATS_RETENTION: how long a day's counters are kept.
	StatsRetention time.Duration

	TwilioAccountSID, TwilioAuthToken string // TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN
	// TWILIO_AUTH_TOKEN_PREVIOUS and SLACK_SIGNING_SECRET_PREVIOUS are accepted for signatures
	// during a rotation, until FRONTDOOR_PREVIOUS_SECRETS_UNTIL (RFC 3339) when it is set.
	TwilioPreviousToken, SlackPreviousSecret string
	PreviousUntil                            time.Time
	TwilioFrom, TwilioMessagingService       string        // TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID
	TwilioWhatsAppFrom                       string        // TWILIO_WHATSAPP_FROM, "whatsapp:+1..." (the prefix added when missing)
	TwilioAPIURL                             string        // TWILIO_API_URL
	SlackBotToken, SlackSigningSecret        string        // SLACK_BOT_TOKEN turns the desk on; SLACK_SIGNING_SECRET checks Slack requests
	SlackAppToken, SlackAPIURL               string        // SLACK_APP_TOKEN: Socket Mode instead of HTTP events
	RateLimit                                bot.RateLimit // FRONTDOOR_RATE_LIMIT, e.g. "30/10m" or "off"
	DrainDelay                               time.Duration // FRONTDOOR_DRAIN_DELAY: /readyz fails this long before the listener closes
	LogLevel                                 slog.Level    // FRONTDOOR_LOG_LEVEL: debug, info, warn, error

	// The web chat (webchat.go): FRONTDOOR_WEB_CHAT, FRONTDOOR_CHAT_EXIT_URL, FRONTDOOR_CHAT_FRAME_ORIGINS.
	WebChat          bool
	ChatExitURL      string
	ChatFrameOrigins []string

	ConsoleUsers string         // FRONTDOOR_CONSOLE_USERS: the coordinator accounts file; "" turns the console off (not in --dev)
	Location     *time.Location // FRONTDOOR_TIMEZONE: what "today" means in the console; default UTC
	FlowPoll     time.Duration  // FRONTDOOR_FLOWS_POLL: how often replicas look for a newly published flows version
}

// Default values; the others are in the settings table (settings.go). The outbox's 30 s: a live
// worker renews its hold every poll (0.5 s), so 30 s of silence means it is gone; a crashed
// replica's effects wait at most this long.
const (
	defaultAddr      = ":8080"
	defaultDevAddr   = "127.0.0.1:8080"
	defaultRateLimit = "30/10m"
	// noDeskHotline is the one value of FRONTDOOR_NO_DESK.
	noDeskHotline = "hotline"
)

// loadConfig reads the configuration. It returns one line per problem; serve refuses to start on
// any. addr, when set, is the --addr flag, which overrides FRONTDOOR_ADDR.
func loadConfig(env environment, dev bool, addr string) (Config, []string) {
	v := env.value
	c := Config{Dev: dev,
		Addr: v("FRONTDOOR_ADDR"), PublicURL: strings.TrimRight(v("FRONTDOOR_PUBLIC_URL"), "/"),
		Secret: v("FRONTDOOR_SECRET"), FlowsDir: v("FRONTDOOR_FLOWS"), Oncall: v("FRONTDOOR_ONCALL"), Webhooks: v("FRONTDOOR_WEBHOOKS"), Directory: v("FRONTDOOR_DIRECTORY"), NoDesk: v("FRONTDOOR_NO_DESK"),
		Program: v("FRONTDOOR_PROGRAM"), RedisURL: v("REDIS_URL"), RedisCA: v("REDIS_CA_FILE"), SpoolDir: v("FRONTDOOR_SPOOL_DIR"),
		TwilioAccountSID: v("TWILIO_ACCOUNT_SID"), TwilioAuthToken: v("TWILIO_AUTH_TOKEN"),
		TwilioPreviousToken: v("TWILIO_AUTH_TOKEN_PREVIOUS"), SlackPreviousSecret: v("SLACK_SIGNING_SECRET_PREVIOUS"),
		TwilioFrom: v("TWILIO_FROM"), TwilioMessagingService: v("TWILIO_MESSAGING_SERVICE_SID"),
		TwilioWhatsAppFrom: v("TWILIO_WHATSAPP_FROM"),
		TwilioAPIURL:       v("TWILIO_API_URL"),
		SlackBotToken:      v("SLACK_BOT_TOKEN"), SlackSigningSecret: v("SLACK_SIGNING_SECRET"),
		SlackAppToken: v("SLACK_APP_TOKEN"), SlackAPIURL: v("SLACK_API_URL"),
		ConsoleUsers: v("FRONTDOOR_CONSOLE_USERS"), ShortCode: v("FRONTDOOR_SHORT_CODE"),
	}
	if dev && env("FRONTDOOR_ADDR") == "" {
		c.Addr = defaultDevAddr
	}
	if addr != "" {
		c.Addr = addr
	}
	var probs []string
	problem := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	var err error
	if c.RateLimit, err = parseRateLimit(v("FRONTDOOR_RATE_LIMIT")); err != nil {
		problem("FRONTDOOR_RATE_LIMIT: %v", err)
	}
	if c.DrainDelay, err = parseDuration(env, "FRONTDOOR_DRAIN_DELAY"); err != nil {
		problem("%v", err)
	}
	if c.SessionTTL, err = parseDuration(env, "FRONTDOOR_SESSION_TTL"); err != nil || c.SessionTTL < time.Hour {
		problem("FRONTDOOR_SESSION_TTL should be a duration of at least 1h, like 72h")
	}
	if c.Location, err = time.LoadLocation(v("FRONTDOOR_TIMEZONE")); err != nil {
		problem("FRONTDOOR_TIMEZONE: %q is not a time zone name like America/Chicago", v("FRONTDOOR_TIMEZONE"))
	}
	if c.ShortCode != "" {
		if err := (card.Card{To: c.ShortCode, Word: "X"}).Check(); err != nil {
			problem("FRONTDOOR_SHORT_CODE: %q should be a short code or a number in E.164, like 233733 or +15550100000", c.ShortCode)
		}
	}
	if c.FlowPoll, err = parseDuration(env, "FRONTDOOR_FLOWS_POLL"); err != nil || c.FlowPoll < 100*time.Millisecond {
		problem("FRONTDOOR_FLOWS_POLL should be a duration of at least 100ms, like 3s")
	}
	if c.OutboxMinIdle, err = parseDuration(env, "FRONTDOOR_OUTBOX_MIN_IDLE"); err != nil || c.OutboxMinIdle < time.Second {
		problem("FRONTDOOR_OUTBOX_MIN_IDLE should be a duration of at least 1s, like 30s")
	}
	if c.TipRetention, err = tipRetention(env); err != nil {
		problem("%v", err)
	}
	if c.StatsRetention, err = parseDuration(env, "FRONTDOOR_STATS_RETENTION"); err != nil || c.StatsRetention < 24*time.Hour {
		problem("FRONTDOOR_STATS_RETENTION should be a duration of at least 24h, like 17520h (two years)")
	}
	if until := v("FRONTDOOR_PREVIOUS_SECRETS_UNTIL"); until != "" {
		if c.PreviousUntil, err = time.Parse(time.RFC3339, until); err != nil {
			problem("FRONTDOOR_PREVIOUS_SECRETS_UNTIL %q is not a time like 2026-12-01T00:00:00Z", until)
		}
	}
	if c.TwilioWhatsAppFrom != "" {
		if !whatsAppSender.MatchString(c.TwilioWhatsAppFrom) {
			problem("TWILIO_WHATSAPP_FROM should be the WhatsApp sender's number, like whatsapp:+14155550100")
		}
		c.TwilioWhatsAppFrom = "whatsapp:" + strings.TrimPrefix(c.TwilioWhatsAppFrom, "whatsapp:")
	}
	probs = append(probs, c.checkWebChat(v)...)
	if err := c.LogLevel.UnmarshalText([]byte(v("FRONTDOOR_LOG_LEVEL"))); err != nil {
		problem("FRONTDOOR_LOG_LEVEL: use debug, info, warn or error")
	}
	probs = append(probs, c.checkFolders()...)
	if dev {
		probs = append(probs, c.checkDev()...)
	} else {
		probs = append(probs, c.checkProduction()...)
	}
	probs = append(probs, c.checkSlack()...)
	return c, probs
}

// checkFolders: FRONTDOOR_FLOWS naming no folder is a typo to fix now, not a puzzle later.
func (c *Config) checkFolders() []string {
	if c.FlowsDir == "" {
		return nil
	}
	if msg := folderProblem(c.FlowsDir); msg != "" {
		return []string{fmt.Sprintf("FRONTDOOR_FLOWS=%s: %s; set it to a folder of flow files, or unset it for the built-in flows", c.FlowsDir, msg)}
	}
	return nil
}

// folderProblem says what is wrong with a folder path, or "".
func folderProblem(path string) string {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such folder"
	case errors.Is(err, fs.ErrPermission):
		return "this process may not read it"
	case err != nil:
		return err.Error()
	case !st.IsDir():
		return "it is a file, not a folder"
	}
	return ""
}

// checkSlack: the desk needs its token, a way to receive Slack's requests (signed HTTP or Socket
// Mode) and the on-call roster. Slack settings without the bot token are a mistake, not a choice.
func (c *Config) checkSlack() []string {
	var probs []string
	switch {
	case c.NoDesk != "" && c.NoDesk != noDeskHotline:
		probs = append(probs, fmt.Sprintf("FRONTDOOR_NO_DESK %q: the one value is %s (run without a staff desk, handoffs answer with 911 and the hotline), or leave it unset", c.NoDesk, noDeskHotline))
	case c.NoDesk != "" && c.SlackBotToken != "":
		probs = append(probs, "FRONTDOOR_NO_DESK is set but so is SLACK_BOT_TOKEN: unset one (with the token, handoffs go to the Slack desk)")
	}
	if c.SlackBotToken == "" {
		if c.SlackSigningSecret != "" || c.SlackAppToken != "" {
			probs = append(probs, "SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: set the bot token (xoxb-...) to turn the Slack desk on")
		}
		return probs
	}
	if !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
		probs = append(probs, "SLACK_BOT_TOKEN should be the app's bot token, starting with xoxb-")
	}
	if c.SlackAppToken != "" && !strings.HasPrefix(c.SlackAppToken, "xapp-") {
		probs = append(probs, "SLACK_APP_TOKEN should be an app-level token with connections:write, starting with xapp-")
	}
	if c.SlackAppToken == "" && c.SlackSigningSecret == "" {
		probs = append(probs, "SLACK_SIGNING_SECRET is not set: it is needed to check that requests come from Slack (or set SLACK_APP_TOKEN for Socket Mode)")
	}
	if c.Oncall == "" {
		probs = append(probs, "FRONTDOOR_ONCALL is not set: the Slack desk needs the on-call roster (see deploy/oncall.example.yaml)")
	}
	return probs
}

// slackSecrets are the signing secrets: "new,old" during a rotation.
func (c *Config) slackSecrets() []string {
	var out []string
	for _, s := range strings.Split(c.SlackSigningSecret, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkProduction: the three settings without which the front door is unsafe, one line each.
func (c *Config) checkProduction() []string {
	var probs []string
	switch {
	case c.Secret == "":
		probs = append(probs, "FRONTDOOR_SECRET is not set: set at least 32 random bytes (it keys the texter HMAC and the at-rest encryption)")
	case len(c.Secret) < bot.MinSecretLength:
		probs = append(probs, fmt.Sprintf("FRONTDOOR_SECRET is %d bytes: it must be at least %d", len(c.Secret), bot.MinSecretLength))
	}
	if c.TwilioAuthToken == "" {
		probs = append(probs, "TWILIO_AUTH_TOKEN is not set: it is needed to check that webhooks come from Twilio")
	}
	switch u, err := url.Parse(c.PublicURL); {
	case c.PublicURL == "":
		probs = append(probs, "FRONTDOOR_PUBLIC_URL is not set: set the base URL Twilio calls, e.g. https://sms.example.org")
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "":
		probs = append(probs, fmt.Sprintf("FRONTDOOR_PUBLIC_URL %q is not a base URL like https://sms.example.org", c.PublicURL))
	}
	return probs
}

// checkDev: --dev is for trying the product on one's own machine, never for production. It needs
// no credentials: a missing secret is made up (nothing outlives the process anyway).
func (c *Config) checkDev() []string {
	if len(c.Secret) < bot.MinSecretLength {
		c.Secret = randomHex(32)
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	}
	c.DrainDelay = 0
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return []string{fmt.Sprintf("FRONTDOOR_ADDR %q is not host:port", c.Addr)}
	}
	if !loopback.Host(host) {
		return []string{fmt.Sprintf("--dev listens on loopback only; %q is not a loopback address", c.Addr)}
	}
	return nil
}

// parseRateLimit reads "30/10m" (30 messages per 10 minutes) or "off".
func parseRateLimit(s string) (bot.RateLimit, error) {
	if s == "off" || s == "0" {
		return bot.RateLimit{}, nil
	}
	n, w, ok := strings.Cut(s, "/")
	max, err1 := strconv.Atoi(n)
	window, err2 := time.ParseDuration(w)
	if !ok || err1 != nil || err2 != nil || max <= 0 || window <= 0 {
		return bot.RateLimit{}, fmt.Errorf("%q is not MESSAGES/WINDOW like 30/10m, or off", s)
	}
	return bot.RateLimit{Max: max, Window: window}, nil
}

// parseDuration reads a duration setting, or its default from the settings table.
func parseDuration(env environment, key string) (time.Duration, error) {
	v := env.value(key)
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s %q is not a duration like 5s", key, v)
	}
	return d, nil
}

// senderConfigured reports whether REST sends (staff replies) can be made, to SMS or WhatsApp.
func (c *Config) senderConfigured() bool {
	return c.TwilioAccountSID != "" && c.TwilioAuthToken != "" &&
		(c.TwilioFrom != "" || c.TwilioMessagingService != "" || c.TwilioWhatsAppFrom != "")
}

// whatsAppSender is TWILIO_WHATSAPP_FROM's form: an E.164 number, "whatsapp:" optional.
var whatsAppSender = regexp.MustCompile(`^(whatsapp:)?\+[1-9][0-9]{6,14}$`)

// repliesOnWhatsApp reports whether staff could answer a WhatsApp texter: REST sends are
// configured with TWILIO_WHATSAPP_FROM or a Messaging Service (its pool then holds the WhatsApp
// sender). --dev hands off to the log, on every channel.
func (c *Config) repliesOnWhatsApp() bool {
	return c.Dev || (c.senderConfigured() && (c.TwilioWhatsAppFrom != "" || c.TwilioMessagingService != ""))
}

// tipRetention reads FRONTDOOR_TIP_RETENTION (default 30 days, 720h).
func tipRetention(env environment) (time.Duration, error) {
	d, err := parseDuration(env, "FRONTDOOR_TIP_RETENTION")
	if err != nil || d < time.Hour {
		return 0, errors.New("FRONTDOOR_TIP_RETENTION should be a duration of at least 1h, like 720h (30 days)")
	}
	return d, nil
}
