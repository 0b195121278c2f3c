package twilio_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

const canary = "+15550142424"

func newSender(t *testing.T, fake *twiliotest.Server, edit func(*twilio.SenderConfig)) *twilio.Sender {
	t.Helper()
	cfg := twilio.SenderConfig{AccountSID: "ACtest", AuthToken: "authtoken", MessagingServiceSID: "MGtest",
		StatusCallback: "https://sms.example.org/twilio/status", APIURL: fake.URL, Backoff: time.Millisecond,
		Transport: twiliotest.LoopbackOnly{}}
	if edit != nil {
		edit(&cfg)
	}
	s, err := twilio.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSender_Send(t *testing.T) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	id, err := newSender(t, fake, nil).Send(context.Background(), canary, "staff reply & more", "k1")
	if err != nil || !strings.HasPrefix(id, "SM") {
		t.Fatalf("Send = %q, %v", id, err)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != "/2010-04-01/Accounts/ACtest/Messages.json" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	if r.User != "ACtest" || r.Pass != "authtoken" {
		t.Errorf("Basic auth %q/%q", r.User, r.Pass)
	}
	want := map[string]string{"To": canary, "Body": "staff reply & more", "MessagingServiceSid": "MGtest",
		"StatusCallback": "https://sms.example.org/twilio/status", "ValidityPeriod": "900", "From": ""}
	for k, v := range want {
		if got := r.Form.Get(k); got != v {
			t.Errorf("form %s = %q, want %q", k, got, v)
		}
	}
}

func TestSender_SendFrom(t *testing.T) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	s := newSender(t, fake, func(c *twilio.SenderConfig) { c.MessagingServiceSID, c.From = "", "+15550199999" })
	if _, err := s.Send(context.Background(), canary, "x", "k"); err != nil {
		t.Fatal(err)
	}
	if f := fake.Requests()[0].Form; f.Get("From") != "+15550199999" || f.Has("MessagingServiceSid") {
		t.Errorf("form %v", f)
	}
}

func TestSender_SendErrors(t *testing.T) {
	cases := []struct {
		name     string
		answers  []twiliotest.Answer
		wantReqs int
		check    func(error) bool
	}{
		{"21610 is an opt-out, not retried", []twiliotest.Answer{{Status: 400, Code: 21610, Message: "Attempt to send to unsubscribed recipient " + canary}},
			1, func(err error) bool { return errors.Is(err, bot.ErrRecipientOptedOut) }},
		{"other 4xx is permanent, not retried", []twiliotest.Answer{{Status: 400, Code: 21211, Message: "The 'To' number " + canary + " is not valid"}},
			1, func(err error) bool { var pe *bot.PermanentError; return errors.As(err, &pe) && pe.Code == "21211" }},
		{"503 is retried", []twiliotest.Answer{{Status: 503}, {Status: 503}},
			3, func(err error) bool { return err == nil }},
		{"503 every time gives up, to be retried later", []twiliotest.Answer{{Status: 503}, {Status: 503}, {Status: 503}, {Status: 503}},
			3, func(err error) bool { return err != nil && !bot.IsPermanent(err) }},
		{"500 may have sent it: not retried", []twiliotest.Answer{{Status: 500}},
			1, func(err error) bool { return errors.Is(err, bot.ErrMaybeSent) && bot.IsPermanent(err) }},
		{"502 and 504 may have sent it: not retried", []twiliotest.Answer{{Status: 502}, {Status: 504}},
			1, func(err error) bool { return errors.Is(err, bot.ErrMaybeSent) }},
		{"a 201 without a SID is not sent again", []twiliotest.Answer{{NoSid: true}},
			1, func(err error) bool { return errors.Is(err, bot.ErrMaybeSent) }},
		{"a connection cut after the request is not retried", []twiliotest.Answer{{Reset: true}},
			1, func(err error) bool { return errors.Is(err, bot.ErrMaybeSent) }},
		{"a timeout after the request is not retried", []twiliotest.Answer{{Hang: time.Second}},
			1, func(err error) bool { return errors.Is(err, bot.ErrMaybeSent) }},
		{"a 400 whose body has no status is permanent, not retried", []twiliotest.Answer{{Status: 400, Code: 21211, NoStatus: true}},
			1, func(err error) bool { var pe *bot.PermanentError; return errors.As(err, &pe) && pe.Code == "21211" }},
		{"a 401 whose body has no status or code is permanent, not retried", []twiliotest.Answer{{Status: 401, NoStatus: true}},
			1, func(err error) bool { var pe *bot.PermanentError; return errors.As(err, &pe) && pe.Code == "http_401" }},
		{"21610 without a status is an opt-out", []twiliotest.Answer{{Status: 400, Code: 21610, NoStatus: true}},
			1, func(err error) bool { return errors.Is(err, bot.ErrRecipientOptedOut) }},
		{"429 is retried", []twiliotest.Answer{{Status: 429, Code: 20429}},
			2, func(err error) bool { return err == nil }},
		{"a long Retry-After goes back to the caller", []twiliotest.Answer{{Status: 429, Code: 20429, RetryAfter: "60"}},
			1, func(err error) bool {
				var ra *bot.RetryAfterError
				return errors.As(err, &ra) && ra.After == time.Minute
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fake := twiliotest.NewServer(c.answers...)
			defer fake.Close()
			_, err := newSender(t, fake, func(c *twilio.SenderConfig) { c.Timeout = 200 * time.Millisecond }).Send(context.Background(), canary, "x", "k")
			if !c.check(err) {
				t.Errorf("err = %v", err)
			}
			if n := len(fake.Requests()); n != c.wantReqs {
				t.Errorf("%d requests, want %d", n, c.wantReqs)
			}
			if err != nil && strings.Contains(err.Error(), canary) {
				t.Errorf("the error quotes the number: %v", err)
			}
		})
	}
}

func TestSender_SendUnreachable(t *testing.T) {
	fake := twiliotest.NewServer()
	fake.Close() // nothing listens there now: a dial error, retried, then given up
	_, err := newSender(t, fake, nil).Send(context.Background(), canary, "x", "k")
	if err == nil || bot.IsPermanent(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestSender_SendCancelled(t *testing.T) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newSender(t, fake, nil).Send(ctx, canary, "x", "k"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestSender_APIURLWithPath(t *testing.T) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	s := newSender(t, fake, func(c *twilio.SenderConfig) { c.APIURL = fake.URL + "/twilio-proxy" })
	if _, err := s.Send(context.Background(), canary, "x", "k"); err != nil {
		t.Fatal(err)
	}
	if p := fake.Requests()[0].Path; p != "/twilio-proxy/2010-04-01/Accounts/ACtest/Messages.json" {
		t.Errorf("path %s", p)
	}
}

func TestLoopbackOnly(t *testing.T) {
	s, err := twilio.NewSender(twilio.SenderConfig{AccountSID: "ACtest", AuthToken: "x", From: "+1",
		Transport: twiliotest.LoopbackOnly{}, Attempts: 1}) // the real API URL
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Send(context.Background(), canary, "x", "k"); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Fatalf("a test request left the machine: %v", err)
	}
}

func TestNewSender_config(t *testing.T) {
	bad := []twilio.SenderConfig{
		{AuthToken: "x", From: "+1"},
		{AccountSID: "AC_x", AuthToken: "x", From: "+1"},
		{AccountSID: "AC1", AuthToken: "x"},
		{AccountSID: "AC1", AuthToken: "x", From: "+1", APIURL: "ftp://x"},
	}
	for i, c := range bad {
		if _, err := twilio.NewSender(c); err == nil {
			t.Errorf("config %d accepted", i)
		}
	}
}

// TestSender_gate: the gate is asked before every attempt, retries included; a refusal stops
// the send, and each attempt that went out is ended.
func TestSender_gate(t *testing.T) {
	fake := twiliotest.NewServer(twiliotest.Answer{Status: 503}, twiliotest.Answer{Status: 503})
	defer fake.Close()
	asked, ended := 0, 0
	s := newSender(t, fake, func(c *twilio.SenderConfig) {
		c.Gate = func(_ context.Context, to string) (func(), error) {
			if to != canary {
				t.Errorf("the gate was asked about %q", to)
			}
			if asked++; asked == 2 {
				return nil, bot.ErrRecipientOptedOut // the texter opted out between two attempts
			}
			return func() { ended++ }, nil
		}
	})
	_, err := s.Send(context.Background(), canary, "x", "k")
	if !errors.Is(err, bot.ErrRecipientOptedOut) || asked != 2 || ended != 1 || len(fake.Requests()) != 1 {
		t.Fatalf("err %v, gate asked %d, ended %d, requests %d", err, asked, ended, len(fake.Requests()))
	}
}
