package web

import (
	"log/slog"

	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/memory"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/integrations/twilio"
)

// TestTokenRotation: during the overlap both the new and the old auth token verify; after it,
// only the new one; the token never appears in the log.
func TestTokenRotation(t *testing.T) {
	until := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	post := func(r *rig, token, sid string) int {
		form := smsForm(sid, canaryA, "hi")
		req := httptest.NewRequest(http.MethodPost, "/twilio/sms", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(twilio.SignatureHeader, twilio.Sign(token, testPublic+"/twilio/sms", form))
		rec := httptest.NewRecorder()
		r.srv.Handler().ServeHTTP(rec, req)
		return rec.Code
	}
	during := newRig(t, rigOptions{previousToken: "old-token-1", previousUntil: until, now: until.Add(-time.Hour)})
	if post(during, testToken, "SM1") != 200 || post(during, "old-token-1", "SM2") != 200 || post(during, "other", "SM3") != 403 {
		t.Error("during the overlap the current and previous tokens verify, nothing else")
	}
	after := newRig(t, rigOptions{previousToken: "old-token-1", previousUntil: until, now: until})
	if post(after, testToken, "SM1") != 200 || post(after, "old-token-1", "SM2") != 403 {
		t.Error("after the overlap only the current token verifies")
	}
	for _, r := range []*rig{during, after} {
		if strings.Contains(r.logs.String(), "old-token-1") || strings.Contains(r.logs.String(), testToken) {
			t.Error("a token reached the log")
		}
	}
}

// TestSlackSecretRotation: SLACK_SIGNING_SECRET_PREVIOUS verifies until the overlap ends.
func TestSlackSecretRotation(t *testing.T) {
	now := time.Now()
	event := `{"type":"event_callback","event_id":"Ev1","event":{"type":"message"}}`
	for _, c := range []struct {
		name  string
		until time.Time
		want  int
	}{{"During", now.Add(time.Hour), 200}, {"After", now.Add(-time.Second), 401}, {"NoEnd", time.Time{}, 200}} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, rigOptions{})
			srv, err := New(Config{PublicURL: testPublic, TwilioToken: testToken, SlackSecrets: []string{slackSecret},
				SlackPreviousSecret: "slack-old-secret", PreviousUntil: c.until}, Deps{
				Bot: r.bot, Deliveries: memory.NewDeliveries(bottest.NewClock(now)), Log: slog.New(slog.DiscardHandler), Slack: &fakeInbox{}})
			if err != nil {
				t.Fatal(err)
			}
			if got := serve(srv, slackRequest("/slack/events", event, "slack-old-secret", now)).Code; got != c.want {
				t.Errorf("the previous secret: %d, want %d", got, c.want)
			}
			if got := serve(srv, slackRequest("/slack/events", event, slackSecret, now)).Code; got != 200 {
				t.Errorf("the current secret: %d", got)
			}
		})
	}
}
