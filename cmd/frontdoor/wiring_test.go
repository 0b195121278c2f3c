package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/integrations/web"
)

func newTestApp(t *testing.T, fake *twiliotest.Server) *app {
	t.Helper()
	cfg, probs := loadConfig(environment(mapEnv(productionEnv(fake))), false, "127.0.0.1:0")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	a, err := newApp(cfg, web.NewLogger(io.Discard, slog.LevelInfo))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (a *app) testText(t *testing.T, sid, body string) {
	t.Helper()
	form := url.Values{"MessageSid": {sid}, "From": {e2eCanary}, "Body": {body}}
	req := httptest.NewRequest(http.MethodPost, "/twilio/sms", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(twilio.SignatureHeader, twilio.Sign(e2eToken, e2ePublic+"/twilio/sms", form))
	rec := httptest.NewRecorder()
	a.server.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("%q: %d", body, rec.Code)
	}
}

// TestApp_sender: the wired REST sender reaches TWILIO_API_URL with the status callback, and the
// opt-out guard stops sends to a texter who texted STOP.
func TestApp_sender(t *testing.T) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	a := newTestApp(t, fake)
	a.testText(t, "SM1", "hi")
	if _, err := a.sender.Send(context.Background(), e2eCanary, "staff: hello", "k1"); err != nil {
		t.Fatal(err)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/2010-04-01/Accounts/ACe2e/Messages.json" || reqs[0].User != "ACe2e" ||
		reqs[0].Form.Get("StatusCallback") != e2ePublic+"/twilio/status" || reqs[0].Form.Get("MessagingServiceSid") != "MGe2e" ||
		reqs[0].Form.Get("To") != e2eCanary || reqs[0].Form.Get("ValidityPeriod") != "900" {
		t.Fatalf("requests %+v", reqs)
	}
	a.testText(t, "SM2", "STOP")
	if _, err := a.sender.Send(context.Background(), e2eCanary, "staff: still there?", "k2"); !errors.Is(err, bot.ErrRecipientOptedOut) {
		t.Fatalf("send after STOP: %v", err)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Fatalf("the Twilio API got %d requests, want 1: nothing may go to an opted-out texter", n)
	}
}

func TestApp_sender21610(t *testing.T) {
	fake := twiliotest.NewServer(twiliotest.Answer{Status: 400, Code: 21610})
	defer fake.Close()
	a := newTestApp(t, fake)
	a.testText(t, "SM1", "hi")
	if _, err := a.sender.Send(context.Background(), e2eCanary, "x", "k1"); !errors.Is(err, bot.ErrRecipientOptedOut) {
		t.Fatalf("err %v", err)
	}
	if _, err := a.sender.Send(context.Background(), e2eCanary, "x", "k2"); !errors.Is(err, bot.ErrRecipientOptedOut) {
		t.Fatalf("second send: %v", err)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Fatalf("%d requests: the opt-out Twilio reported was not recorded", n)
	}
}

func TestParseRateLimit(t *testing.T) {
	good := map[string]bot.RateLimit{"30/10m": {Max: 30, Window: 600e9}, "5/1s": {Max: 5, Window: 1e9}, "off": {}}
	for in, want := range good {
		if got, err := parseRateLimit(in); err != nil || got != want {
			t.Errorf("%q: %+v %v", in, got, err)
		}
	}
	for _, in := range []string{"", "30", "x/10m", "30/x", "-1/1m", "30/-1m"} {
		if _, err := parseRateLimit(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestLoadgen_smoke(t *testing.T) {
	var out bottest.LogBuffer
	err := run(context.Background(), []string{"frontdoor", "loadgen", "--self", "--bare", "--texters", "4",
		"--duration", "300ms", "--warmup", "0", "--max", "40"}, mapEnv(map[string]string{}), nil, &out, io.Discard)
	if err != nil {
		t.Fatalf("loadgen: %v\n%s", err, out.String())
	}
	for _, w := range []string{"frontdoor ", "bare ", "ratio", "errors 0"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("report lacks %q:\n%s", w, out.String())
		}
	}
}

func TestLoadgen_refusesRemote(t *testing.T) {
	err := run(context.Background(), []string{"frontdoor", "loadgen", "--url", "http://192.0.2.1:8080", "--token", "x",
		"--duration", "1s"}, mapEnv(map[string]string{}), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("err = %v", err)
	}
}
