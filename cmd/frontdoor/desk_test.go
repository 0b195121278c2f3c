package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

const e2eSlackSecret = servetest.SlackSecret

func deskEnv(t *testing.T, tw *twiliotest.Server, sl *slackfake.Server) map[string]string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "oncall.yaml")
	if err := os.WriteFile(file, []byte(servetest.StaffedRoster), 0o600); err != nil {
		t.Fatal(err)
	}
	env := productionEnv(tw)
	delete(env, "FRONTDOOR_NO_DESK")
	env["FRONTDOOR_ONCALL"] = file
	env["FRONTDOOR_DIRECTORY"] = "../../deploy/directory.example.yaml"
	env["SLACK_BOT_TOKEN"] = slackfake.Token
	env["SLACK_SIGNING_SECRET"] = e2eSlackSecret
	env["SLACK_API_URL"] = sl.URL // without the trailing slash: serve adds it
	return env
}

// slack posts a signed request to a Slack route.
func (s *served) slack(t *testing.T, path, contentType, body string) *http.Response {
	t.Helper()
	resp, err := s.client.Do(servetest.SignedSlack(s.base, path, contentType, body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s answered %d", path, resp.StatusCode)
	}
	return resp
}

func (s *served) slackEvent(t *testing.T, id, channel, thread, ts, user, text string) {
	t.Helper()
	s.slack(t, "/slack/events", "application/json", servetest.SlackEvent(id, channel, thread, ts, user, text))
}

func (s *served) slackButton(t *testing.T, user, channel, thread, action, value string, n int) {
	t.Helper()
	s.slack(t, "/slack/interactions", "application/x-www-form-urlencoded", servetest.SlackButton(user, channel, thread, action, value, n))
}

// status posts a signed Twilio status callback.
func (s *served) status(t *testing.T, sid, status string, code int) {
	t.Helper()
	form := url.Values{"MessageSid": {sid}, "MessageStatus": {status}, "ErrorCode": {strconv.Itoa(code)}, "To": {e2eCanary}}
	req, _ := http.NewRequest(http.MethodPost, s.base+"/twilio/status", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(twilio.SignatureHeader, twilio.Sign(e2eToken, e2ePublic+"/twilio/status", form))
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// TestServe_desk runs the Slack desk through the real serve command: a texter reaches staff,
// staff claim and answer, the answer reaches Twilio, a failed delivery is told, the texter's
// words reach the thread escaped, and /frontdoor close ends it; no form of the number reaches
// Slack or the log.
func TestServe_desk(t *testing.T) {
	t.Run("Memory", func(t *testing.T) { deskEndToEnd(t, "") })
	t.Run("Redis", func(t *testing.T) { deskEndToEnd(t, redistest.URL(t)) })
}

func deskEndToEnd(t *testing.T, redisURL string) {
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	env := deskEnv(t, tw, sl)
	env["REDIS_URL"] = redisURL
	s := startServe(t, nil, env)
	defer s.stop()
	for i, body := range []string{"hi", "3", "1", "4", "skip"} {
		s.text(t, fmt.Sprintf("SMd%d", i), body)
	}
	var th slackfake.Message
	waitFor(t, "the handoff post", func() bool {
		if m := sl.Messages("C0NATION01"); len(m) > 0 {
			th = m[0]
			return true
		}
		return false
	})
	if !strings.Contains(th.Text, "<@U0STAFF001>") {
		t.Fatalf("the post says %q", th.Text)
	}
	claimed := func() bool { return strings.Contains(string(sl.Messages("C0NATION01")[0].Blocks), "Claimed by") }
	press := 0
	waitFor(t, "the claim", func() bool {
		// The post may be in Slack a moment before the desk recorded it; like staff, press again.
		if press++; press%25 == 1 {
			s.slackButton(t, "U0STAFF001", "C0NATION01", th.TS, "fd_claim", "", press)
		}
		return claimed()
	})
	reply := sl.AddUserMessage("C0NATION01", th.TS, "U0STAFF001", "Hi, this is Sam &amp; team. Are you safe?")
	s.slackEvent(t, "Ev1", "C0NATION01", th.TS, reply, "U0STAFF001", "Hi, this is Sam &amp; team. Are you safe?")
	s.slackEvent(t, "Ev1", "C0NATION01", th.TS, reply, "U0STAFF001", "Hi, this is Sam &amp; team. Are you safe?") // a retry
	waitFor(t, "the reply at Twilio and its check", func() bool {
		return slices.ContainsFunc(sl.Reactions(), func(r slackfake.Reaction) bool { return r.TS == reply && r.Name == "white_check_mark" })
	})
	sent := tw.Requests()
	if len(sent) != 1 || sent[0].Form.Get("Body") != "Hi, this is Sam & team. Are you safe?" || sent[0].Form.Get("To") != e2eCanary ||
		sent[0].Form.Get("ValidityPeriod") != "900" {
		t.Fatalf("Twilio got %+v", sent)
	}
	s.status(t, "SM00000000000000000000000000000001", "undelivered", 30003)
	waitFor(t, "the undelivered note", func() bool { return strings.Contains(servetest.ThreadText(sl, th.TS), "not delivered (30003)") })
	s.text(t, "SMd9", "<!channel> yes I am safe")
	waitFor(t, "the texter's message in the thread", func() bool { return strings.Contains(servetest.ThreadText(sl, th.TS), "yes I am safe") })
	if got := servetest.ThreadText(sl, th.TS); !strings.Contains(got, "&lt;!channel&gt; yes I am safe") {
		t.Fatalf("the thread shows %q", got)
	}
	if out := s.slackCommand(t, "guide minors"); !strings.Contains(out, "When the texter may be a minor") || !strings.Contains(out, `"ephemeral"`) {
		t.Fatalf("/frontdoor guide minors answered %s", out)
	}
	if out := s.slackCommand(t, "say safe_now"); !strings.Contains(out, "Sending the prepared reply safe_now") {
		t.Fatalf("/frontdoor say safe_now answered %s", out)
	}
	waitFor(t, "the prepared reply at Twilio", func() bool { return len(tw.Requests()) == 2 })
	if body := tw.Requests()[1].Form.Get("Body"); body != "Is it safe to text right now? Reply YES or NO. You can stop any time." || tw.Requests()[1].Form.Get("To") != e2eCanary {
		t.Fatalf("the prepared reply went out as %q", body)
	}
	waitFor(t, "the prepared reply's note", func() bool { return strings.Contains(servetest.ThreadText(sl, th.TS), "It was sent to the texter.") })
	// A referral: the providers for shelter in Texas, then one's contact, once.
	if out := s.slackCommand(t, "refer shelter TX"); !strings.Contains(out, "ephemeral") {
		t.Fatalf("/frontdoor refer answered %s", out)
	}
	waitFor(t, "the providers shown to the owner", func() bool {
		eph := sl.Ephemerals()
		return len(eph) > 0 && strings.Contains(string(eph[len(eph)-1].Blocks), th.TS+" tx_safe_place")
	})
	send := servetest.SlackButton("U0STAFF001", "C0NATION01", th.TS, "fd_refer", th.TS+" tx_safe_place", 901)
	for range 2 { // Slack retries with the same payload: sent once
		s.slack(t, "/slack/interactions", "application/x-www-form-urlencoded", send).Body.Close()
	}
	waitFor(t, "the referral at Twilio", func() bool { return len(tw.Requests()) == 3 })
	if body := tw.Requests()[2].Form.Get("Body"); body != "Example Safe Place (Austin): call 512-555-0100. Hours: 24/7." {
		t.Fatalf("the referral went out as %q", body)
	}
	waitFor(t, "the referral's note", func() bool {
		got := servetest.ThreadText(sl, th.TS)
		return strings.Contains(got, "the provider Example Safe Place (Austin) (tx_safe_place)") && strings.Count(got, "It was sent to the texter.") == 2
	})
	if out := s.slackCommand(t, "close"); !strings.Contains(out, "Pick an outcome to close it") || !strings.Contains(out, `"fd_outcome"`) {
		t.Fatalf("/frontdoor close without an outcome answered %s", out)
	}
	if out := s.slackCommand(t, "close referred 512-555-0100"); !strings.Contains(out, "looks like a phone number") {
		t.Fatalf("/frontdoor close with a phone-like case number answered %s", out)
	}
	out := s.slackCommand(t, "close referred HT-2026-0042")
	if !strings.Contains(out, "Closed the conversation") {
		t.Fatalf("/frontdoor close answered %s", out)
	}
	waitFor(t, "the closing SMS", func() bool { return len(tw.Requests()) == 4 })
	if body := tw.Requests()[3].Form.Get("Body"); !strings.Contains(body, "DELETE") {
		t.Fatalf("the closing SMS says %q", body)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	servetest.ScanSlack(t, sl, e2eCanary)
	assertNoCanary(t, s.logs.String())
	if redisURL == "" {
		return
	}
	// The close is kept with its outcome, without the number, and exported.
	cli := map[string]string{"REDIS_URL": redisURL, "FRONTDOOR_SECRET": env["FRONTDOOR_SECRET"]}
	code, csv, errOut := runCLI(t, cli, "", "handoffs", "export", "--since", time.Now().UTC().Add(-time.Hour).Format(time.RFC3339))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if code != 0 || len(lines) != 2 || lines[0] != "handoff,opened_at,closed_at,queue,language,urgent,need,state,tip,outcome,case_number" ||
		!strings.HasSuffix(lines[1], ",national,en,false,talk,,,referred,HT-2026-0042") {
		t.Fatalf("handoffs export: exit %d\n%s%s", code, csv, errOut)
	}
	assertNoCanary(t, csv)
}

func (s *served) slackCommand(t *testing.T, text string) string {
	t.Helper()
	form := url.Values{"command": {"/frontdoor"}, "text": {text}, "user_id": {"U0STAFF001"}, "channel_id": {"C0NATION01"}, "trigger_id": {"trigC-" + strings.ReplaceAll(text, " ", "_")}}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	body := form.Encode()
	m := hmac.New(sha256.New, []byte(e2eSlackSecret))
	m.Write([]byte("v0:" + ts + ":" + body))
	req, _ := http.NewRequest(http.MethodPost, s.base+"/slack/commands", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(m.Sum(nil)))
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	_, _ = fmt.Fprint(&b, readAll(resp))
	return b.String()
}

func readAll(resp *http.Response) string {
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// TestServe_deskSocketMode: with SLACK_APP_TOKEN the same desk works over Socket Mode, and the
// HTTP routes stay off.
func TestServe_deskSocketMode(t *testing.T) {
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	env := deskEnv(t, tw, sl)
	env["SLACK_APP_TOKEN"] = slackfake.AppToken
	delete(env, "SLACK_SIGNING_SECRET")
	s := startServe(t, nil, env)
	defer s.stop()
	for i, body := range []string{"hi", "3", "1", "4", "skip"} {
		s.text(t, fmt.Sprintf("SMs%d", i), body)
	}
	waitFor(t, "the handoff post", func() bool { return len(sl.Messages("C0NATION01")) > 0 })
	th := sl.Messages("C0NATION01")[0]
	press := 0
	waitFor(t, "the claimed post", func() bool {
		if press++; press%25 == 1 { // the post may land a moment before the desk recorded it
			id, err := sl.SendSocket("interactive", map[string]any{"type": "block_actions", "user": map[string]any{"id": "U0STAFF001"},
				"container": map[string]any{"type": "message", "message_ts": th.TS, "channel_id": "C0NATION01"},
				"actions": []map[string]any{{"action_id": "fd_claim", "block_id": "fd_handoff", "type": "button",
					"action_ts": fmt.Sprintf("1.%06d", press)}}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sl.WaitAck(id); err != nil {
				t.Fatal(err)
			}
		}
		return strings.Contains(string(sl.Messages("C0NATION01")[0].Blocks), "Claimed by")
	})
	resp, err := s.client.Post(s.base+"/slack/events", "application/json", strings.NewReader("{}"))
	if err != nil || resp.StatusCode != http.StatusNotImplemented {
		t.Fatalf("the HTTP events route in Socket Mode: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestServe_deskRefusesToStart(t *testing.T) {
	tw := twiliotest.NewServer()
	defer tw.Close()
	write := func(yaml string) string {
		f := filepath.Join(t.TempDir(), "oncall.yaml")
		if err := os.WriteFile(f, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	cases := []struct {
		name string
		env  map[string]string
		code int
		want []string
	}{
		{"no roster, no secret", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, 2,
			[]string{"FRONTDOOR_ONCALL is not set", "SLACK_SIGNING_SECRET is not set"}},
		{"secret without token", map[string]string{"SLACK_SIGNING_SECRET": "s"}, 2, []string{"SLACK_BOT_TOKEN is not"}},
		{"roster with errors", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
			"FRONTDOOR_ONCALL": write("tips:\n  channel: C0TIPS0001\nqueues:\n  national:\n    channel: nope\n")}, 1,
			[]string{"oncall.yaml:5:", "not a Slack channel ID"}},
		{"roster without the flows' queue", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
			"FRONTDOOR_ONCALL": write("tips:\n  channel: C0TIPS0001\nqueues:\n  other:\n    channel: C0OTHER001\n    time_zone: UTC\n    backup: [U0BACKUP01]\n")}, 1,
			[]string{`the flows route handoffs by the roster's rules (talk.yaml, state connect), but the roster has no "routing" (rules and a default queue)`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := productionEnv(tw)
			for k, v := range c.env {
				env[k] = v
			}
			if env["SLACK_BOT_TOKEN"] != "" {
				delete(env, "FRONTDOOR_NO_DESK")
			}
			var stderr bottest.LogBuffer
			err := run(t.Context(), []string{"frontdoor", "serve"}, mapEnv(env), nil, &stderr, &stderr)
			var ee exitError
			if !errors.As(err, &ee) || ee.code != c.code {
				t.Fatalf("err = %v, want exit code %d", err, c.code)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr.String()+ee.msg, w) {
					t.Errorf("the refusal lacks %q:\n%s%s", w, stderr.String(), ee.msg)
				}
			}
		})
	}
}
