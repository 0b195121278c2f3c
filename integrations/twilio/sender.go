package twilio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	tclient "github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
)

// Sender defaults.
const (
	DefaultAPIURL         = "https://api.twilio.com"
	DefaultTimeout        = 10 * time.Second
	DefaultAttempts       = 3
	DefaultBackoff        = 250 * time.Millisecond
	DefaultValidityPeriod = 900 // seconds a staff message may wait in Twilio's queue
)

// SenderConfig configures the REST sender.
type SenderConfig struct {
	AccountSID, AuthToken string
	From                  string // a Twilio number or short code; or
	MessagingServiceSID   string // a Messaging Service (takes precedence over From)
	// WhatsAppFrom is the WhatsApp sender ("whatsapp:+1..."; a bare number gets the prefix) that
	// sends to "whatsapp:" addresses. Without it those go through MessagingServiceSID (whose pool
	// must then hold a WhatsApp sender); with neither they are refused (ErrNoWhatsAppSender).
	WhatsAppFrom   string
	StatusCallback string // the public URL of /twilio/status
	APIURL         string // default DefaultAPIURL
	Timeout        time.Duration
	Attempts       int           // tries per Send, default DefaultAttempts
	Backoff        time.Duration // base of the jittered exponential backoff
	ValidityPeriod int           // seconds, default DefaultValidityPeriod
	Transport      http.RoundTripper
	Log            *slog.Logger
	// Gate, when set, is called right before every attempt (the first and each retry), with the
	// recipient: an error stops the send with that error (bot.ErrRecipientOptedOut after STOP),
	// and end is called once the attempt returned. bot.Bot.BeginSend is the gate (the opt-out
	// checked, and the attempt marked in flight, in one store step).
	Gate func(ctx context.Context, to string) (end func(), err error)
}

// Sender sends SMS through Twilio's REST API. It implements bot.Sender; wrap it in
// bot.GuardedSender so opt-outs are checked before every send.
type Sender struct {
	cfg    SenderConfig
	target *url.URL
}

var _ bot.Sender = (*Sender)(nil)

var alphanumeric = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// NewSender checks the configuration and fills in defaults.
func NewSender(cfg SenderConfig) (*Sender, error) {
	if !alphanumeric.MatchString(cfg.AccountSID) || !alphanumeric.MatchString(cfg.AuthToken) {
		return nil, errors.New("the Twilio account SID and auth token must be set and alphanumeric")
	}
	if cfg.From == "" && cfg.MessagingServiceSID == "" && cfg.WhatsAppFrom == "" {
		return nil, errors.New("set TWILIO_FROM, TWILIO_MESSAGING_SERVICE_SID or TWILIO_WHATSAPP_FROM")
	}
	if cfg.WhatsAppFrom != "" && !strings.HasPrefix(cfg.WhatsAppFrom, whatsAppPrefix) {
		cfg.WhatsAppFrom = whatsAppPrefix + cfg.WhatsAppFrom
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	target, err := url.Parse(cfg.APIURL)
	if err != nil || (target.Scheme != "https" && target.Scheme != "http") || target.Host == "" {
		return nil, fmt.Errorf("the Twilio API URL %q is not an http(s) URL", cfg.APIURL)
	}
	cfg.Timeout = orDefault(cfg.Timeout, DefaultTimeout)
	cfg.Backoff = orDefault(cfg.Backoff, DefaultBackoff)
	if cfg.Attempts <= 0 {
		cfg.Attempts = DefaultAttempts
	}
	if cfg.ValidityPeriod <= 0 {
		cfg.ValidityPeriod = DefaultValidityPeriod
	}
	if cfg.Transport == nil {
		cfg.Transport = http.DefaultTransport
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Sender{cfg: cfg, target: target}, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Send sends body to the number and returns the message SID. It retries with jittered backoff when
// the message was surely not taken (429, 503, a connection that never carried the request), never
// on 4xx answers, and never when it may have been sent (errors.go): that gives bot.ErrMaybeSent.
// Twilio 21610 (the recipient texted STOP) gives bot.ErrRecipientOptedOut; other 4xx give
// *bot.PermanentError; a 429 that outlasts the attempts gives *bot.RetryAfterError. key
// identifies the logical message in logs.
func (s *Sender) Send(ctx context.Context, to, body, key string) (string, error) {
	var err error
	for attempt := 0; attempt < s.cfg.Attempts; attempt++ {
		if attempt > 0 {
			if werr := sleep(ctx, s.wait(attempt, err)); werr != nil {
				return "", werr
			}
		}
		var id string
		var retry bool
		id, retry, err = s.try(ctx, to, body)
		if refusedCredentials(err) {
			s.cfg.Log.Error("twilio refused the account's credentials: no SMS can be sent until TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are fixed",
				"comp", "twilio", "key", key, "error", err)
		}
		if err == nil || !retry || s.wait(attempt+1, err) > maxInlineWait {
			return id, err
		}
		s.cfg.Log.Warn("twilio send failed; retrying", "comp", "twilio", "key", key, "attempt", attempt+1, "error", err)
	}
	return "", err
}

// maxInlineWait is the longest Send waits between attempts; a longer Retry-After goes back to the
// caller as *bot.RetryAfterError.
const maxInlineWait = 5 * time.Second

// wait is how long to wait before an attempt: the jittered backoff, or Retry-After if longer.
func (s *Sender) wait(attempt int, err error) time.Duration {
	d := s.backoff(attempt)
	var ra *bot.RetryAfterError
	if errors.As(err, &ra) && ra.After > d {
		d = ra.After
	}
	return d
}

// try makes one REST call, through the gate; retry says whether another attempt may succeed.
func (s *Sender) try(ctx context.Context, to, body string) (id string, retry bool, err error) {
	if s.cfg.Gate != nil {
		end, err := s.cfg.Gate(ctx, to)
		if err != nil {
			return "", false, err
		}
		defer end()
	}
	params, err := s.params(to, body)
	if err != nil {
		return "", false, err
	}
	t := &callTransport{ctx: ctx, target: s.target, base: s.cfg.Transport}
	msg, err := s.api(t).CreateMessage(params)
	if err != nil {
		retry, err = classify(ctx, t, err)
		return "", retry, err
	}
	if msg == nil || msg.Sid == nil || *msg.Sid == "" {
		return "", false, fmt.Errorf("%w: twilio answered %d without a message SID", bot.ErrMaybeSent, t.status)
	}
	return *msg.Sid, false, nil
}

// api builds a twilio-go API service for one call: cheap, and the only way to give twilio-go a
// context (through the transport).
func (s *Sender) api(t *callTransport) *openapi.ApiService {
	c := &tclient.Client{
		Credentials: tclient.NewCredentials(s.cfg.AccountSID, s.cfg.AuthToken),
		HTTPClient: &http.Client{Transport: t, Timeout: s.cfg.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
	}
	c.SetAccountSid(s.cfg.AccountSID) // ClientParams' AccountSid is ignored with a custom client
	rh := tclient.NewRequestHandler(c)
	rh.Edge, rh.Region = "", "" // twilio-go reads TWILIO_EDGE/REGION itself; only cmd configures us
	return openapi.NewApiService(rh)
}

// params builds the message: a WhatsApp address goes from the WhatsApp sender (Twilio refuses a
// WhatsApp To with an SMS From), a number from the SMS sender.
func (s *Sender) params(to, body string) (*openapi.CreateMessageParams, error) {
	p := &openapi.CreateMessageParams{}
	p.SetTo(to).SetBody(body).SetValidityPeriod(s.cfg.ValidityPeriod)
	switch whatsApp := strings.HasPrefix(to, whatsAppPrefix); {
	case whatsApp && s.cfg.WhatsAppFrom != "":
		p.SetFrom(s.cfg.WhatsAppFrom)
	case s.cfg.MessagingServiceSID != "":
		p.SetMessagingServiceSid(s.cfg.MessagingServiceSID)
	case whatsApp:
		return nil, ErrNoWhatsAppSender
	case s.cfg.From == "":
		return nil, ErrNoSMSSender
	default:
		p.SetFrom(s.cfg.From)
	}
	if s.cfg.StatusCallback != "" {
		p.SetStatusCallback(s.cfg.StatusCallback)
	}
	return p, nil
}

const whatsAppPrefix = "whatsapp:"

// ErrNoWhatsAppSender and ErrNoSMSSender refuse a send for which no sender is configured; they
// are permanent (nothing is attempted).
var (
	ErrNoWhatsAppSender = &bot.PermanentError{Code: "no_whatsapp_sender", Err: errors.New("no WhatsApp sender is configured (TWILIO_WHATSAPP_FROM or TWILIO_MESSAGING_SERVICE_SID)")}
	ErrNoSMSSender      = &bot.PermanentError{Code: "no_sms_sender", Err: errors.New("no SMS sender is configured (TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID)")}
)

// SendsWhatsApp reports whether a WhatsApp sender is configured (TWILIO_WHATSAPP_FROM, or a
// Messaging Service, whose pool is trusted to hold one).
func (s *Sender) SendsWhatsApp() bool {
	return s.cfg.WhatsAppFrom != "" || s.cfg.MessagingServiceSID != ""
}

// backoff is full jitter over an exponential ceiling: rand[0, base·2^attempt).
func (s *Sender) backoff(attempt int) time.Duration {
	ceiling := s.cfg.Backoff << min(attempt, 6)
	return rand.N(ceiling) + time.Millisecond
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
