package servetest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

// The credentials the replicas Env makes are given, and the caller signs with.
const (
	TwilioToken = "e2etoken0123456789abcdef"
	PublicURL   = "https://sms.example.org"
	SlackSecret = "e2e-slack-signing-secret"
	Secret      = "e2e-secret-0123456789abcdef-0123456789"
)

// Roster has one queue, national (channel C0NATION01), staffed at every hour by U0STAFF001, with
// the tips channel C0TIPS0001; unclaimed handoffs escalate after 30 s (the shortest allowed).
// Routed handoffs (the built-in talk flow) go to national.
const Roster = `tips:
  channel: C0TIPS0001
routing:
  default: national
queues:
  national:
    channel: C0NATION01
    time_zone: UTC
    escalate_after: 30s
    hotline_after: 10m
    backup: [U0BACKUP01]
    shifts:
      - days: [mon, tue, wed, thu, fri, sat, sun]
        from: "00:00"
        to: "23:59"
        staff: [U0STAFF001]
`

// StaffedRoster is Roster without escalation: U0STAFF001 is on shift at every hour of every day
// (two shifts meeting at noon), so a test does not depend on when it runs.
const StaffedRoster = `tips:
  channel: C0TIPS0001
routing:
  default: national
queues:
  national:
    channel: C0NATION01
    time_zone: UTC
    backup: [U0BACKUP01]
    shifts:
      - days: [mon, tue, wed, thu, fri, sat, sun]
        from: "00:00"
        to: "12:00"
        staff: [U0STAFF001]
      - days: [mon, tue, wed, thu, fri, sat, sun]
        from: "12:00"
        to: "00:00"
        staff: [U0STAFF001]
`

// Env is a production-like serve environment: signatures on, Twilio REST at tw, the Slack desk
// at sl with Roster (written to a temporary file), no drain delay, info logs. Add REDIS_URL and
// anything else the test needs.
func Env(t testing.TB, tw *twiliotest.Server, sl *slackfake.Server) map[string]string {
	t.Helper()
	roster := filepath.Join(t.TempDir(), "oncall.yaml")
	if err := os.WriteFile(roster, []byte(Roster), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"FRONTDOOR_PUBLIC_URL": PublicURL, "FRONTDOOR_SECRET": Secret,
		"TWILIO_AUTH_TOKEN": TwilioToken, "TWILIO_ACCOUNT_SID": "ACe2e", "TWILIO_MESSAGING_SERVICE_SID": "MGe2e",
		"TWILIO_API_URL": tw.URL, "FRONTDOOR_DRAIN_DELAY": "0", "FRONTDOOR_LOG_LEVEL": "info",
		"FRONTDOOR_ONCALL": roster, "SLACK_BOT_TOKEN": slackfake.Token, "SLACK_SIGNING_SECRET": SlackSecret,
		"SLACK_API_URL": sl.URL}
}

// Client is an HTTP client that only talks to loopback.
func Client(timeout time.Duration) *http.Client {
	return &http.Client{Transport: twiliotest.LoopbackOnly{}, Timeout: timeout}
}

// SMS is the answer to an inbound SMS webhook.
type SMS struct {
	Status  int
	Replies []string // the TwiML <Message> texts
	Body    string
}

// SMSForm is the form Twilio posts for an inbound SMS.
func SMSForm(sid, from, body string) url.Values {
	return url.Values{"MessageSid": {sid}, "AccountSid": {"ACe2e"}, "From": {from}, "To": {"+15550199999"},
		"Body": {body}, "NumMedia": {"0"}}
}

// SignedSMS builds the webhook request Twilio would send to base for form, signed with
// TwilioToken for PublicURL.
func SignedSMS(base string, form url.Values) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, base+"/twilio/sms", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(twilio.SignatureHeader, twilio.Sign(TwilioToken, PublicURL+"/twilio/sms", form))
	return req
}

// PostSMS sends a signed SMS webhook and reads the answer (TwiML when the status is 200).
func PostSMS(c *http.Client, base string, form url.Values) (SMS, error) {
	resp, err := c.Do(SignedSMS(base, form))
	if err != nil {
		return SMS{}, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := SMS{Status: resp.StatusCode, Body: string(b)}
	if resp.StatusCode != 200 {
		return out, nil
	}
	var r struct {
		Messages []string `xml:"Message"`
	}
	if err := xml.Unmarshal(b, &r); err != nil {
		return out, fmt.Errorf("not TwiML: %s", b)
	}
	out.Replies = r.Messages
	return out, nil
}

// SignedSlack builds a request to a Slack route of base, signed with SlackSecret as Slack signs them.
func SignedSlack(base, path, contentType, body string) *http.Request {
	ts := time.Now().Unix()
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", SignSlack(SlackSecret, ts, body))
	return req
}

// SignSlack is Slack's v0 signature of body sent at ts (Unix seconds) with secret.
func SignSlack(secret string, ts int64, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + strconv.FormatInt(ts, 10) + ":" + body))
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

// WithBody is req with another body and the same URL and headers.
func WithBody(req *http.Request, body string) *http.Request {
	out, _ := http.NewRequest(req.Method, req.URL.String(), strings.NewReader(body))
	out.Header = req.Header.Clone()
	return out
}

// SlackEvent is the Events API body of a message in a thread.
func SlackEvent(id, channel, thread, ts, user, text string) string {
	ev, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": id, "team_id": "T0TEAM0001",
		"event": map[string]any{"type": "message", "channel": channel, "channel_type": "channel", "user": user,
			"text": text, "ts": ts, "thread_ts": thread, "event_ts": ts}})
	return string(ev)
}

// SlackButton is the interactivity body of a button press on a handoff post; n makes action_ts unique.
func SlackButton(user, channel, thread, action, value string, n int) string {
	p, _ := json.Marshal(map[string]any{"type": "block_actions", "user": map[string]any{"id": user}, "trigger_id": "trig" + action,
		"container": map[string]any{"type": "message", "message_ts": thread, "channel_id": channel},
		"actions": []map[string]any{{"action_id": action, "block_id": "fd_handoff", "type": "button", "value": value,
			"action_ts": fmt.Sprintf("%d.%06d", time.Now().Unix(), n)}}})
	return url.Values{"payload": {string(p)}}.Encode()
}

// ThreadText is the text of every message in the thread ts of the national queue's channel
// (C0NATION01), one per line.
func ThreadText(sl *slackfake.Server, ts string) string {
	var out []string
	for _, m := range sl.Thread("C0NATION01", ts) {
		out = append(out, m.Text)
	}
	return strings.Join(out, "\n")
}

// ScanSlack fails t if any request Slack got holds a form of the canary number (E.164, bare,
// URL-encoded, dashed) or the city and ZIP code of Twilio's geo fields.
func ScanSlack(t testing.TB, sl *slackfake.Server, canary string) {
	t.Helper()
	n := strings.TrimPrefix(canary, "+1")
	forms := []string{canary, n, "%2B1" + n, n[:3] + "-" + n[3:6] + "-" + n[6:], "HOUSTON", "77002"}
	reqs := sl.Requests()
	if len(reqs) < 5 {
		t.Fatalf("Slack got %d requests; the scan proves little", len(reqs))
	}
	for _, r := range reqs {
		for _, f := range forms {
			if strings.Contains(r.Body, f) {
				t.Errorf("a request to Slack %s contains %q", r.Path, f)
			}
		}
	}
}
