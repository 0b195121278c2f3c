package main

import (
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

// TestServe_noDesk: in production without a staff desk, serve refuses flows that hand off unless
// FRONTDOOR_NO_DESK=hotline says so; then a texter who asks for a person gets 911 and the
// hotline, never "connecting", and start-up says so in one line.
func TestServe_noDesk(t *testing.T) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	t.Run("Refused", func(t *testing.T) {
		env := productionEnv(fake)
		delete(env, "FRONTDOOR_NO_DESK")
		var logs bottest.LogBuffer
		err := run(t.Context(), []string{"frontdoor", "serve"}, mapEnv(env), nil, io.Discard, &logs)
		var ee exitError
		if !errors.As(err, &ee) || ee.code != 2 {
			t.Fatalf("err = %v, want exit code 2", err)
		}
		for _, want := range []string{"the flows hand off to staff (talk.yaml, state connect)", "SLACK_BOT_TOKEN", "FRONTDOOR_NO_DESK=hotline"} {
			if !strings.Contains(ee.msg, want) {
				t.Errorf("the refusal lacks %q: %s", want, ee.msg)
			}
		}
	})
	t.Run("Hotline", func(t *testing.T) {
		s := startServe(t, nil, productionEnv(fake))
		defer s.stop()
		var replies []string
		for i, body := range []string{"hi", "3", "1", "4", "skip"} {
			replies = s.text(t, "SMnd"+string(rune('a'+i)), body)
		}
		if strings.Join(replies, "\n") != bot.NoDeskReply("en") {
			t.Fatalf("a handoff without a desk answered %q", replies)
		}
		if got := strings.Join(s.text(t, "SMndz", "are you there?"), ""); !strings.Contains(got, "Reply with a number") {
			t.Errorf("the next message should get the menu: %q", got)
		}
		logs := s.logs.String()
		if n := strings.Count(logs, "no staff desk (SLACK_BOT_TOKEN is not set)"); n != 1 {
			t.Errorf("start-up said %d times that there is no desk, want once:\n%s", n, logs)
		}
		if strings.Contains(logs, "handoff requested") {
			t.Error("no handoff may open without a desk")
		}
		assertNoCanary(t, logs)
	})
	t.Run("FlowsWithoutHandoff", func(t *testing.T) {
		env := productionEnv(fake)
		delete(env, "FRONTDOOR_NO_DESK")
		env["FRONTDOOR_FLOWS"] = writeFlows(t, map[string]string{"main.yaml": tinyMain})
		s := startServe(t, nil, env)
		defer s.stop()
		if !strings.Contains(s.logs.String(), "no staff desk") {
			t.Error("start-up must say there is no desk")
		}
	})
	t.Run("BadValues", func(t *testing.T) {
		for _, c := range []struct{ env map[string]string }{
			{map[string]string{"FRONTDOOR_NO_DESK": "yes"}},
			{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "FRONTDOOR_ONCALL": "x"}},
		} {
			env := productionEnv(fake)
			for k, v := range c.env {
				env[k] = v
			}
			code, _, errOut := runCLI(t, env, "", "serve")
			if code != 2 || !strings.Contains(errOut, "FRONTDOOR_NO_DESK") {
				t.Errorf("%v: exit %d %s", c.env, code, errOut)
			}
		}
	})
}

// TestServe_devPrintsContent: serve --dev keeps handing off as if staff were told, and prints
// what staff would read (the answers, the texter's words) to the log, under the alias only.
func TestServe_devPrintsContent(t *testing.T) {
	s := startServe(t, []string{"--dev"}, map[string]string{})
	defer s.stop()
	post := func(sid, body string) {
		form := url.Values{"MessageSid": {sid}, "From": {e2eCanary}, "Body": {body}}
		resp, err := s.client.PostForm(s.base+"/twilio/sms", form)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%q: %v %v", body, resp, err)
		}
		resp.Body.Close()
	}
	for i, body := range []string{"hi", "2", "Houston, TX", "A van at the motel", "last night", "none", "no", "1", "no",
		"MENU", "3", "1", "4", "skip", "I need help leaving"} {
		post("SMdev"+string(rune('a'+i)), body)
	}
	waitFor(t, "the handoff and the tip in the log", func() bool {
		l := s.logs.String()
		return strings.Contains(l, `"msg":"tip submitted"`) && strings.Contains(l, `"msg":"texter wrote to staff"`)
	})
	logs := s.logs.String()
	for _, want := range []string{`"what":"A van at the motel"`, `"where":"Houston, TX"`, `"text":"I need help leaving"`, `"msg":"handoff requested`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the --dev log lacks %s", want)
		}
	}
	for _, bad := range []string{e2eCanary, "5550142424"} {
		if strings.Contains(logs, bad) {
			t.Errorf("the --dev log contains the number (%s)", bad)
		}
	}
}
