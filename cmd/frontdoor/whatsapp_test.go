package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

const (
	e2eWhatsApp       = "whatsapp:" + e2eCanary // the canary number on WhatsApp
	e2eWhatsAppSender = "whatsapp:+14155238886"
)

// whatsApp posts a signed inbound WhatsApp webhook, as Twilio sends them (profile name and
// WhatsApp id included), and returns the TwiML messages.
func (s *served) whatsApp(t *testing.T, sid, from, body string) []string {
	t.Helper()
	form := url.Values{"MessageSid": {sid}, "SmsMessageSid": {sid}, "AccountSid": {"ACe2e"}, "From": {from},
		"To": {e2eWhatsAppSender}, "Body": {body}, "NumMedia": {"0"}, "MessageType": {"text"},
		"ProfileName": {"Houston"}, "WaId": {strings.TrimPrefix(e2eCanary, "+")}}
	req, _ := http.NewRequest(http.MethodPost, s.base+"/twilio/sms", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(twilio.SignatureHeader, twilio.Sign(e2eToken, e2ePublic+"/twilio/sms", form))
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	replies, err := readTwiML(resp)
	if err != nil {
		t.Fatalf("%q: %v", body, err)
	}
	return replies
}

// TestServe_whatsApp runs a WhatsApp texter through the real serve command on Redis with the
// fake Twilio and Slack: the handoff post names WhatsApp, the staff reply goes from the
// WhatsApp sender, an SMS from the same number is another conversation, a reply 25 hours after
// the texter's last message is not attempted and staff are told why, and STOP on WhatsApp
// leaves SMS answered. No form of the number reaches Slack or the log.
func TestServe_whatsApp(t *testing.T) {
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	env := deskEnv(t, tw, sl)
	env["REDIS_URL"] = redistest.URL(t)
	env["TWILIO_WHATSAPP_FROM"] = strings.TrimPrefix(e2eWhatsAppSender, "whatsapp:") // the prefix is optional
	s := startServe(t, nil, env)
	defer s.stop()
	for i, body := range []string{"hi", "3", "1", "4", "skip"} {
		if r := s.whatsApp(t, fmt.Sprintf("SMw%d", i), e2eWhatsApp, body); len(r) == 0 {
			t.Fatalf("WhatsApp %q got no answer", body)
		}
	}
	var th slackfake.Message
	waitFor(t, "the handoff post", func() bool {
		if m := sl.Messages("C0NATION01"); len(m) > 0 {
			th = m[0]
			return true
		}
		return false
	})
	if !strings.Contains(string(th.Blocks), "on *WhatsApp*") {
		t.Fatalf("the post does not name WhatsApp: %s", th.Blocks)
	}
	press := 0
	waitFor(t, "the claim", func() bool {
		if press++; press%25 == 1 {
			s.slackButton(t, "U0STAFF001", "C0NATION01", th.TS, "fd_claim", "", press)
		}
		return strings.Contains(string(sl.Messages("C0NATION01")[0].Blocks), "Claimed by")
	})
	if !strings.Contains(string(sl.Messages("C0NATION01")[0].Blocks), "on *WhatsApp*") {
		t.Fatal("the redrawn post lost the channel")
	}
	reply := sl.AddUserMessage("C0NATION01", th.TS, "U0STAFF001", "Are you safe?")
	s.slackEvent(t, "EvW1", "C0NATION01", th.TS, reply, "U0STAFF001", "Are you safe?")
	waitFor(t, "the reply at Twilio and its check", func() bool {
		return slices.ContainsFunc(sl.Reactions(), func(r slackfake.Reaction) bool { return r.TS == reply && r.Name == "white_check_mark" })
	})
	sent := tw.Requests()
	if len(sent) != 1 {
		t.Fatalf("Twilio got %d requests", len(sent))
	}
	if f := sent[0].Form; f.Get("To") != e2eWhatsApp || f.Get("From") != e2eWhatsAppSender || f.Has("MessagingServiceSid") ||
		f.Get("Body") != "Are you safe?" || sent[0].Status != http.StatusCreated {
		t.Fatalf("Twilio got %v (%d)", f, sent[0].Status)
	}

	// The same number by SMS is someone else: the menu, not the staff thread.
	if r := strings.Join(s.textFrom(t, "SMs1", e2eCanary, "hi"), "\n"); !strings.Contains(r, "Reply with a number") {
		t.Fatalf("an SMS from the same number answered %q", r)
	}

	// A day passes: the texter's last WhatsApp message is 25 hours old.
	ageLastInbound(t, env, e2eWhatsApp, 25*time.Hour)
	late := sl.AddUserMessage("C0NATION01", th.TS, "U0STAFF001", "Are you still there?")
	s.slackEvent(t, "EvW2", "C0NATION01", th.TS, late, "U0STAFF001", "Are you still there?")
	waitFor(t, "the staff note on the late reply", func() bool {
		return slices.ContainsFunc(sl.Ephemerals(), func(e slackfake.Ephemeral) bool {
			return e.User == "U0STAFF001" && strings.Contains(e.Text, "24 hours") && strings.Contains(e.Text, "WhatsApp")
		})
	})
	if !slices.ContainsFunc(sl.Reactions(), func(r slackfake.Reaction) bool { return r.TS == late && r.Name != "white_check_mark" }) {
		t.Error("the late reply is not marked as not sent")
	}
	if n := len(tw.Requests()); n != 1 {
		t.Fatalf("Twilio got %d requests; the late reply must not be attempted", n)
	}

	// STOP on WhatsApp silences WhatsApp, not SMS.
	if r := s.whatsApp(t, "SMw8", e2eWhatsApp, "STOP"); len(r) != 1 {
		t.Fatalf("STOP on WhatsApp answered %q", r)
	}
	if r := s.whatsApp(t, "SMw9", e2eWhatsApp, "hi"); len(r) != 0 {
		t.Fatalf("after STOP WhatsApp answered %q", r)
	}
	if r := s.textFrom(t, "SMs2", e2eCanary, "hi"); len(r) == 0 {
		t.Fatal("STOP on WhatsApp silenced SMS")
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(tw.Requests()); n != 1 {
		t.Errorf("Twilio got %d requests in all, want the one staff reply", n)
	}
	servetest.ScanSlack(t, sl, e2eCanary)
	assertNoCanary(t, s.logs.String())
}

// ageLastInbound moves a texter's last message back by d in the store serve uses, as if that
// much time had passed (serve's clock is the system's).
func ageLastInbound(t *testing.T, env map[string]string, address string, d time.Duration) {
	t.Helper()
	ctx := context.Background()
	keys, err := bot.NewKeys([]byte(env["FRONTDOOR_SECRET"]))
	if err != nil {
		t.Fatal(err)
	}
	store, err := redis.Open(ctx, env["REDIS_URL"], redis.Options{Keys: keys, Clock: bot.ClockFunc(time.Now)})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	texter := keys.TexterKey(bot.ChannelOf(address), address)
	snap, err := store.Sessions().Load(ctx, texter, "")
	if err != nil || snap.Session.Version == 0 {
		t.Fatalf("no session to age: %v", err)
	}
	s := snap.Session
	s.LastInbound = s.LastInbound.Add(-d)
	if err := store.Sessions().Commit(ctx, bot.Commit{Texter: texter, Session: s}); err != nil {
		t.Fatal(err)
	}
}

// TestServe_whatsAppWithoutSender: with only an SMS number configured, a WhatsApp texter still
// gets every answer, and asking for a person gives 911 and the hotline (staff could not reply)
// with nothing posted; SMS texters still reach staff; start-up says so in one line.
func TestServe_whatsAppWithoutSender(t *testing.T) {
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	env := deskEnv(t, tw, sl)
	delete(env, "TWILIO_MESSAGING_SERVICE_SID")
	env["TWILIO_FROM"] = "+15550199999"
	s := startServe(t, nil, env)
	defer s.stop()
	var last []string
	for i, body := range []string{"hi", "3", "1", "4", "skip"} {
		if last = s.whatsApp(t, fmt.Sprintf("SMw%d", i), e2eWhatsApp, body); len(last) == 0 {
			t.Fatalf("WhatsApp %q got no answer", body)
		}
	}
	if got := strings.Join(last, "\n"); got != bot.NoDeskReply("en") {
		t.Fatalf("a WhatsApp handoff without a sender answered %q", got)
	}
	// Someone who hides their number behind a WhatsApp username: a business-scoped id.
	const bsuid = "whatsapp:US.13491208655302741918"
	if r := s.whatsApp(t, "SMb1", bsuid, "hi"); !strings.Contains(strings.Join(r, "\n"), "Reply with a number") {
		t.Fatalf("a business-scoped id got %q", r)
	}
	for i, body := range []string{"hi", "3", "1", "4", "skip"} {
		s.textFrom(t, fmt.Sprintf("SMs%d", i), e2eCanary, body)
	}
	waitFor(t, "the SMS texter's handoff post", func() bool { return len(sl.Messages("C0NATION01")) > 0 })
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(sl.Messages("C0NATION01")); n != 1 {
		t.Errorf("%d handoff posts, want only the SMS texter's", n)
	}
	if strings.Contains(s.logs.String(), "13491208655302741918") {
		t.Error("the log holds the business-scoped id")
	}
	if n := strings.Count(s.logs.String(), "no WhatsApp sender"); n != 1 {
		t.Errorf("the log says %d times that there is no WhatsApp sender, want once", n)
	}
	assertNoCanary(t, s.logs.String())
}

// TestConfig_channels: the WhatsApp and web chat settings are read, normalised, and refused with
// a line that says what to change.
func TestConfig_channels(t *testing.T) {
	base := map[string]string{"FRONTDOOR_PUBLIC_URL": e2ePublic, "FRONTDOOR_SECRET": "e2e-secret-0123456789abcdef-0123456789",
		"TWILIO_AUTH_TOKEN": e2eToken, "TWILIO_ACCOUNT_SID": "ACe2e", "TWILIO_FROM": "+15550199999"}
	load := func(extra map[string]string, dev bool) (Config, []string) {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for k, v := range extra {
			env[k] = v
		}
		return loadConfig(environment(mapEnv(env)), dev, "")
	}
	c, probs := load(map[string]string{"TWILIO_WHATSAPP_FROM": "+14155238886", "FRONTDOOR_WEB_CHAT": "on",
		"FRONTDOOR_CHAT_FRAME_ORIGINS": "https://taskforce.example, https://www.taskforce.example/"}, false)
	if len(probs) != 0 {
		t.Fatalf("problems: %q", probs)
	}
	if c.TwilioWhatsAppFrom != "whatsapp:+14155238886" || !c.repliesOnWhatsApp() || !c.WebChat || c.ChatExitURL != "https://www.google.com/" ||
		strings.Join(c.ChatFrameOrigins, " ") != "https://taskforce.example https://www.taskforce.example" {
		t.Fatalf("read %+v", c)
	}
	if c, _ := load(nil, false); c.repliesOnWhatsApp() || c.WebChat {
		t.Fatal("an SMS number alone replies on WhatsApp, or the web chat is on by default")
	}
	if c, _ := load(nil, true); !c.WebChat {
		t.Fatal("--dev without FRONTDOOR_WEB_CHAT: the web chat is off")
	}
	for name, bad := range map[string]string{"TWILIO_WHATSAPP_FROM": "4155238886", "FRONTDOOR_WEB_CHAT": "yes",
		"FRONTDOOR_CHAT_EXIT_URL": "javascript:alert(1)", "FRONTDOOR_CHAT_FRAME_ORIGINS": "https://taskforce.example/chat"} {
		_, probs := load(map[string]string{name: bad}, false)
		if len(probs) != 1 || !strings.HasPrefix(probs[0], name) {
			t.Errorf("%s=%s: problems %q", name, bad, probs)
		}
	}
}
