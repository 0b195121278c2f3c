package browser

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

// canary is the texter number the tests text from; no form of it may reach a log or Slack.
const canary = "+15550142424"

// served is a `frontdoor serve` process of the built binary bin.
type served struct {
	*servetest.Replica
	bin    string
	client *http.Client
}

// startServe runs bin as `serve ARGS...` with env on 127.0.0.1:0 and waits until it is ready.
func startServe(t *testing.T, bin string, env map[string]string, args ...string) *served {
	t.Helper()
	return &served{Replica: servetest.Start(t, bin, env, args...), bin: bin, client: servetest.Client(5 * time.Second)}
}

// deskEnv is a production serve environment with the Slack desk at sl, Twilio REST at tw, the
// example directory and servetest.StaffedRoster.
func deskEnv(t *testing.T, tw *twiliotest.Server, sl *slackfake.Server) map[string]string {
	t.Helper()
	roster := filepath.Join(t.TempDir(), "oncall.yaml")
	if err := os.WriteFile(roster, []byte(servetest.StaffedRoster), 0o600); err != nil {
		t.Fatal(err)
	}
	directory, err := filepath.Abs("../deploy/directory.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	env := servetest.Env(t, tw, sl)
	env["FRONTDOOR_ONCALL"] = roster
	env["FRONTDOOR_DIRECTORY"] = directory
	env["FRONTDOOR_LOG_LEVEL"] = "debug"
	return env
}

// text posts a signed SMS webhook from the canary number and returns the TwiML messages.
func (s *served) text(t *testing.T, sid, body string) []string {
	t.Helper()
	return s.textFrom(t, sid, canary, body)
}

// textFrom is text from another number, with the geo fields Twilio adds.
func (s *served) textFrom(t *testing.T, sid, from, body string) []string {
	t.Helper()
	form := servetest.SMSForm(sid, from, body)
	form.Set("FromCity", "HOUSTON")
	form.Set("FromZip", "77002")
	got, err := servetest.PostSMS(s.client, s.Base(), form)
	if err != nil {
		t.Fatalf("%q: %v", body, err)
	}
	if got.Status != 200 {
		t.Fatalf("%q: status %d %s", body, got.Status, got.Body)
	}
	return got.Replies
}

// slack posts a signed request to a Slack route and wants 200.
func (s *served) slack(t *testing.T, path, contentType, body string) {
	t.Helper()
	resp, err := s.client.Do(servetest.SignedSlack(s.Base(), path, contentType, body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s answered %d", path, resp.StatusCode)
	}
}

func (s *served) slackEvent(t *testing.T, id, channel, thread, ts, user, text string) {
	t.Helper()
	s.slack(t, "/slack/events", "application/json", servetest.SlackEvent(id, channel, thread, ts, user, text))
}

func (s *served) slackButton(t *testing.T, user, channel, thread, action, value string, n int) {
	t.Helper()
	s.slack(t, "/slack/interactions", "application/x-www-form-urlencoded", servetest.SlackButton(user, channel, thread, action, value, n))
}

// waitFor polls cond for up to 10 seconds; work that happens in the background (the outbox
// worker) is waited for, never timed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// assertNoCanary: no form of the canary number, its geo fields or its tip's words in logs.
func assertNoCanary(t *testing.T, logs string) {
	t.Helper()
	for _, c := range []string{canary, "5550142424", "HOUSTON", "77002", "van drops", "Houston"} {
		if strings.Contains(logs, c) {
			t.Errorf("the log contains %q", c)
		}
	}
}
