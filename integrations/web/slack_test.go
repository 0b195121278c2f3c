package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

const slackSecret = "slack-signing-secret-new"

// fakeInbox records what the Slack routes hand over.
type fakeInbox struct {
	mu           sync.Mutex
	events       []string
	interactions []string
	commands     []url.Values
	fail         error
}

func (f *fakeInbox) Event(_ context.Context, body []byte) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, string(body))
	if strings.Contains(string(body), "url_verification") {
		return []byte(`{"challenge":"c1"}`), f.fail
	}
	return nil, f.fail
}

func (f *fakeInbox) Interaction(_ context.Context, payload []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.interactions = append(f.interactions, string(payload))
	return f.fail
}

func (f *fakeInbox) CommandForm(_ context.Context, form url.Values) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commands = append(f.commands, form)
	return []byte(`{"response_type":"ephemeral","text":"ok"}`), f.fail
}

func slackServer(t *testing.T, inbox SlackInbox, secrets ...string) *Server {
	t.Helper()
	r := newRig(t, rigOptions{})
	clock := bottest.NewClock(time.Now())
	srv, err := New(Config{PublicURL: testPublic, TwilioToken: testToken, SlackSecrets: secrets}, Deps{
		Bot: r.bot, Deliveries: memory.NewDeliveries(clock), Log: slog.New(slog.DiscardHandler), Slack: inbox})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func slackRequest(path, body, secret string, at time.Time) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":" + body))
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
	if strings.HasPrefix(body, "{") {
		req.Header.Set("Content-Type", "application/json")
	} else {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

func serve(s *Server, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func TestSlackRoutes(t *testing.T) {
	now := time.Now()
	event := `{"type":"event_callback","event_id":"Ev1","event":{"type":"message"}}`
	inbox := &fakeInbox{}
	s := slackServer(t, inbox, slackSecret, "slack-signing-secret-old")
	for _, c := range []struct {
		name string
		req  *http.Request
		want int
	}{
		{"Valid", slackRequest("/slack/events", event, slackSecret, now), 200},
		{"OldSecretDuringRotation", slackRequest("/slack/events", event, "slack-signing-secret-old", now), 200},
		{"WrongSecret", slackRequest("/slack/events", event, "someone-else", now), 401},
		{"Stale", slackRequest("/slack/events", event, slackSecret, now.Add(-6*time.Minute)), 401},
		{"Tampered", func() *http.Request {
			r := slackRequest("/slack/events", event, slackSecret, now)
			r.Body = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(event+" ")).Body
			return r
		}(), 401},
		{"Missing", httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(event)), 401},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := len(inbox.events)
			rec := serve(s, c.req)
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.want, rec.Body)
			}
			if got := len(inbox.events) - before; (c.want == 200) != (got == 1) {
				t.Fatalf("the inbox got %d events", got)
			}
		})
	}
	t.Run("URLVerification", func(t *testing.T) {
		rec := serve(s, slackRequest("/slack/events", `{"type":"url_verification","challenge":"c1"}`, slackSecret, now))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"challenge":"c1"`) {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
	})
	t.Run("Interaction", func(t *testing.T) {
		form := url.Values{"payload": {`{"type":"block_actions"}`}}.Encode()
		if rec := serve(s, slackRequest("/slack/interactions", form, slackSecret, now)); rec.Code != 200 || inbox.interactions[0] != `{"type":"block_actions"}` {
			t.Fatalf("%d %q", rec.Code, inbox.interactions)
		}
	})
	t.Run("Command", func(t *testing.T) {
		form := url.Values{"command": {"/frontdoor"}, "text": {"oncall"}}.Encode()
		rec := serve(s, slackRequest("/slack/commands", form, slackSecret, now))
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "ephemeral") || inbox.commands[0].Get("text") != "oncall" {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
	})
	t.Run("StoreDownSlackRetries", func(t *testing.T) {
		inbox.fail = errors.New("store down")
		defer func() { inbox.fail = nil }()
		if rec := serve(s, slackRequest("/slack/events", event, slackSecret, now)); rec.Code != 500 {
			t.Fatalf("a failed event answered %d; Slack must retry", rec.Code)
		}
	})
}

func TestSlackRoutes_NotConfigured(t *testing.T) {
	for name, s := range map[string]*Server{"NoSlack": slackServer(t, nil), "SocketMode": slackServer(t, &fakeInbox{})} {
		rec := serve(s, slackRequest("/slack/events", `{}`, slackSecret, time.Now()))
		if rec.Code != http.StatusNotImplemented {
			t.Errorf("%s: %d", name, rec.Code)
		}
	}
}
