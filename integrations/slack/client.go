package slack

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/slack-go/slack"
)

// DefaultAPIURL is Slack's Web API.
const DefaultAPIURL = "https://slack.com/api/"

// ClientConfig configures the Web API client.
type ClientConfig struct {
	BotToken string // xoxb-...
	AppToken string // xapp-..., for Socket Mode; optional
	APIURL   string // default DefaultAPIURL; a trailing slash is added if missing
	// Transport carries the requests; default http.DefaultTransport. Each call is bounded by a
	// 10 s timeout.
	Transport http.RoundTripper
}

// NewClient returns a slack-go client for the bot token. It does not retry by itself: failed
// calls go back to the outbox worker (Classify), which retries with backoff and keeps each
// conversation's order.
func NewClient(cfg ClientConfig) (*slack.Client, error) {
	if !strings.HasPrefix(cfg.BotToken, "xoxb-") {
		return nil, errors.New("the Slack bot token must start with xoxb-")
	}
	if cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-") {
		return nil, errors.New("the Slack app token must start with xapp-")
	}
	u := cfg.APIURL
	if u == "" {
		u = DefaultAPIURL
	}
	if !strings.HasSuffix(u, "/") {
		u += "/" // slack-go appends the method name to the URL as it is
	}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: cfg.Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	opts := []slack.Option{slack.OptionAPIURL(u), slack.OptionHTTPClient(hc)}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	return slack.New(cfg.BotToken, opts...), nil
}

// transient are Slack error codes worth retrying.
var transient = map[string]bool{"ratelimited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true}

// Classify turns a Slack API error into the outbox's contract: HTTP 429 waits Retry-After
// (bot.RetryAfterError), 5xx, timeouts and connection failures are retried, and other refusals
// (a channel the app is not in, a revoked token) are permanent. Slack's answers carry error codes,
// never message text.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return &bot.RetryAfterError{After: rl.RetryAfter, Err: errors.New("slack: rate limited")}
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		if sc.Code >= 500 {
			return fmt.Errorf("slack: HTTP %d", sc.Code)
		}
		return &bot.PermanentError{Code: strconv.Itoa(sc.Code), Err: fmt.Errorf("slack: HTTP %d", sc.Code)}
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		if transient[se.Err] {
			return fmt.Errorf("slack: %s", se.Err)
		}
		return &bot.PermanentError{Code: se.Err, Err: fmt.Errorf("slack: %s", se.Err)}
	}
	return fmt.Errorf("slack: %w", err)
}

// isCode reports whether err is Slack's ok:false answer with the given code.
func isCode(err error, code string) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se) && se.Err == code
}
