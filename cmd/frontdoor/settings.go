package main

import (
	"fmt"
	"strings"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/twilio"
)

// setting is one environment variable. The configuration reader takes its default from here and
// `serve -h` lists the table, so the two cannot drift; a test holds the README's configuration
// table to the same names.
type setting struct {
	name    string
	def     string // the value used when the variable is unset; "" when there is none
	unset   string // what leaving it unset means, when def does not say it
	meaning string
}

// settings are every variable serve reads, in the README's order.
var settings = []setting{
	{name: "FRONTDOOR_ADDR", def: defaultAddr, unset: "127.0.0.1:8080 with --dev", meaning: "listen address"},
	{name: "FRONTDOOR_PUBLIC_URL", unset: "required", meaning: "the external base URL Twilio and Slack call, e.g. https://sms.example.org; signatures are checked against it"},
	{name: "FRONTDOOR_SECRET", unset: "required, at least 32 bytes", meaning: "keys the texter HMAC and the at-rest encryption; changing it makes stored sessions unreadable"},
	{name: "FRONTDOOR_FLOWS", unset: "the built-in flows", meaning: "a folder of flow files; it seeds the store's published flows when the store has none"},
	{name: "FRONTDOOR_FLOWS_POLL", def: bot.DefaultFlowPoll.String(), meaning: "how often replicas look for a newly published flows version"},
	{name: "FRONTDOOR_CONSOLE_USERS", unset: "the console is off (not in --dev)", meaning: "the coordinator accounts file: name:bcrypt-hash lines (frontdoor console hash-password)"},
	{name: "FRONTDOOR_TIMEZONE", def: "UTC", meaning: `what "today" means in the console's live view, and for tips export --since`},
	{name: "FRONTDOOR_ONCALL", meaning: "the on-call roster file (deploy/oncall.example.yaml); required with SLACK_BOT_TOKEN"},
	{name: "FRONTDOOR_NO_DESK", unset: "serve refuses to start when the flows hand off and SLACK_BOT_TOKEN is unset",
		meaning: noDeskHotline + ": run without a staff desk; a handoff answers with 911 and the National Human Trafficking Hotline, never \"connecting\""},
	{name: "FRONTDOOR_PROGRAM", def: DefaultProgram, meaning: "the program name in HELP and STOP replies; keep it neutral, it shows on the texter's phone"},
	{name: "FRONTDOOR_SHORT_CODE", meaning: "the short code or number texters send to, printed on campaign cards (frontdoor campaigns card)"},
	{name: "FRONTDOOR_RATE_LIMIT", def: defaultRateLimit, meaning: "per-texter limit MESSAGES/WINDOW, or off"},
	{name: "FRONTDOOR_SESSION_TTL", def: "72h", meaning: "how long a session lives after the texter's last message"},
	{name: "FRONTDOOR_DRAIN_DELAY", def: "5s", meaning: "on SIGTERM, how long /readyz fails before the listener closes"},
	{name: "FRONTDOOR_SPOOL_DIR", unset: "none kept", meaning: "a folder (a volume) where messages that arrive while Redis is down wait, encrypted"},
	{name: "FRONTDOOR_OUTBOX_MIN_IDLE", def: "30s", meaning: "how long a replica may be silent before the others take over the effects it holds"},
	{name: "FRONTDOOR_TIP_RETENTION", def: "720h", meaning: "how long a tip is kept after it was filed; older tips are purged daily"},
	{name: "FRONTDOOR_WEBHOOKS", unset: "no tip is sent to partners' systems", meaning: "the destinations file of partners' case systems that get tips, additions and closed handoffs, signed (docs/reporting.md)"},
	{name: "FRONTDOOR_STATS_RETENTION", def: "17520h", meaning: "how long the daily counters behind reports are kept (two years); they hold counts only"},
	{name: "FRONTDOOR_LOG_LEVEL", def: "info", meaning: "debug, info, warn or error"},
	{name: "REDIS_URL", unset: "the in-memory store, with a loud warning", meaning: "redis://, rediss://, redis+sentinel:// or redis+cluster://"},
	{name: "REDIS_CA_FILE", unset: "the system's roots", meaning: "certificate authorities for rediss:// with a private CA"},
	{name: "TWILIO_ACCOUNT_SID", meaning: "Twilio account; with the token and a sender, staff replies are sent"},
	{name: "TWILIO_AUTH_TOKEN", unset: "required", meaning: "checks webhook signatures, and authenticates REST sends"},
	{name: "TWILIO_FROM", meaning: "the number REST sends (staff replies) come from"},
	{name: "TWILIO_MESSAGING_SERVICE_SID", meaning: "or: the Messaging Service REST sends go through"},
	{name: "TWILIO_WHATSAPP_FROM", unset: "WhatsApp sends go through the Messaging Service; without one, WhatsApp handoffs answer with the hotline",
		meaning: "the WhatsApp sender (whatsapp:+1...) staff replies to WhatsApp texters come from"},
	{name: "FRONTDOOR_WEB_CHAT", unset: "off (on with --dev)", meaning: webChatOn + ": the web chat at /chat and its snippet /chat/static/embed.js"},
	{name: "FRONTDOOR_CHAT_EXIT_URL", def: "https://www.google.com/", meaning: "the neutral site the web chat's quick exit replaces the page with"},
	{name: "FRONTDOOR_CHAT_FRAME_ORIGINS", meaning: "origins (https://www.example.org) whose pages may show the web chat in a frame (the snippet)"},
	{name: "TWILIO_AUTH_TOKEN_PREVIOUS", meaning: "during a rotation, the old token still verifies signatures"},
	{name: "SLACK_SIGNING_SECRET_PREVIOUS", meaning: "during a rotation, the old signing secret still verifies Slack's requests"},
	{name: "FRONTDOOR_PREVIOUS_SECRETS_UNTIL", unset: "while the previous ones are set", meaning: "when the previous token and secret stop verifying, e.g. 2026-12-01T00:00:00Z"},
	{name: "TWILIO_API_URL", def: twilio.DefaultAPIURL, meaning: "base URL of the Twilio REST API; tests point it at a fake"},
	{name: "SLACK_BOT_TOKEN", unset: "no staff desk (see FRONTDOOR_NO_DESK)", meaning: "turns the Slack staff desk on (xoxb-...); then FRONTDOOR_ONCALL is required"},
	{name: "SLACK_SIGNING_SECRET", unset: "required with the desk over HTTP", meaning: "checks Slack's requests; new,old during a rotation"},
	{name: "SLACK_APP_TOKEN", meaning: "when set, Slack Socket Mode instead of HTTP events (xapp-...)"},
	{name: "SLACK_API_URL", def: "https://slack.com/api/", meaning: "base URL of the Slack Web API; tests point it at a fake"},
}

func lookupSetting(name string) (setting, bool) {
	for _, s := range settings {
		if s.name == name {
			return s, true
		}
	}
	return setting{}, false
}

// value reads a variable of the settings table, or its default. A name outside the table is a
// programming mistake the tests catch.
func (e environment) value(name string) string {
	s, ok := lookupSetting(name)
	if !ok {
		panic("frontdoor: " + name + " is not in the settings table")
	}
	if v := e(name); v != "" {
		return v
	}
	return s.def
}

// describe is a setting as -h shows it: the name, the default, the meaning.
func (s setting) describe() string {
	def := s.unset
	switch {
	case s.def != "" && s.unset != "":
		def = "default " + s.def + "; " + s.unset
	case s.def != "":
		def = "default " + s.def
	case s.unset != "" && !strings.HasPrefix(s.unset, "required"):
		def = "unset: " + s.unset
	}
	if def != "" {
		def = " (" + def + ")"
	}
	return fmt.Sprintf("  %s%s\n      %s\n", s.name, def, s.meaning)
}

// serveHelp lists every variable serve reads.
func serveHelp() string {
	var b strings.Builder
	b.WriteString("Environment (the README's Configuration table says more):\n")
	for _, s := range settings {
		b.WriteString(s.describe())
	}
	return b.String()
}

// envHelp lists some of the settings, for the commands that read them.
func envHelp(names ...string) func() string {
	return func() string {
		var b strings.Builder
		b.WriteString("Environment:\n")
		for _, n := range names {
			if s, ok := lookupSetting(n); ok {
				b.WriteString(s.describe())
			}
		}
		return b.String()
	}
}
