package main

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

const (
	e2eToken  = "e2etoken0123456789abcdef"
	e2ePublic = "https://sms.example.org"
	e2eCanary = "+15550142424"
)

func mapEnv(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// served is a `frontdoor serve` run in this process.
type served struct {
	base   string
	logs   *bottest.LogBuffer
	client *http.Client
	stop   func() error
}

// startServe runs the real serve command on 127.0.0.1:0 and waits for /healthz.
func startServe(t *testing.T, args []string, env map[string]string) *served {
	t.Helper()
	env["FRONTDOOR_ADDR"] = "127.0.0.1:0"
	s := &served{logs: &bottest.LogBuffer{}, client: &http.Client{Transport: twiliotest.LoopbackOnly{}, Timeout: 5 * time.Second}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"frontdoor", "serve"}, args...), mapEnv(env), strings.NewReader(""), io.Discard, s.logs)
	}()
	var once sync.Once
	var stopErr error
	s.stop = func() error { once.Do(func() { cancel(); stopErr = <-done }); return stopErr } // safe to defer and call
	// generous: -race on two busy cores is slow to start
	deadline := time.Now().Add(30 * time.Second)
	for s.base == "" || !s.healthy() {
		if time.Now().After(deadline) {
			s.stop()
			t.Fatalf("serve did not become healthy; log:\n%s", s.logs)
		}
		s.base = listeningAddr(s.logs.String())
		time.Sleep(10 * time.Millisecond)
	}
	return s
}

func listeningAddr(logs string) string {
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var rec struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "listening" {
			return "http://" + rec.Addr
		}
	}
	return ""
}

func (s *served) healthy() bool {
	if s.base == "" {
		return false
	}
	resp, err := s.client.Get(s.base + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == 200
}

// text posts a signed SMS webhook and returns the TwiML messages.
func (s *served) text(t *testing.T, sid, body string) []string {
	t.Helper()
	return s.textFrom(t, sid, e2eCanary, body)
}

// textFrom is text from another number.
func (s *served) textFrom(t *testing.T, sid, from, body string) []string {
	t.Helper()
	form := url.Values{"MessageSid": {sid}, "From": {from}, "To": {"+15550199999"}, "Body": {body},
		"NumMedia": {"0"}, "FromCity": {"HOUSTON"}, "FromZip": {"77002"}}
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

// readTwiML reads a webhook answer: status 200 and the <Message> texts of the TwiML.
func readTwiML(resp *http.Response) ([]string, error) {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("status %d %s", resp.StatusCode, b)
	}
	var r struct {
		Messages []string `xml:"Message"`
	}
	if err := xml.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("not TwiML: %s", b)
	}
	return r.Messages, nil
}

var receiptRE = regexp.MustCompile(`TIP-[0-9A-Z]{6}`)

// receiptCode finds the tip receipt code in replies.
func receiptCode(replies []string) string { return receiptRE.FindString(strings.Join(replies, "\n")) }

func productionEnv(fake *twiliotest.Server) map[string]string {
	return map[string]string{"FRONTDOOR_PUBLIC_URL": e2ePublic, "FRONTDOOR_SECRET": "e2e-secret-0123456789abcdef-0123456789",
		"TWILIO_AUTH_TOKEN": e2eToken, "TWILIO_ACCOUNT_SID": "ACe2e", "TWILIO_MESSAGING_SERVICE_SID": "MGe2e",
		"TWILIO_API_URL": fake.URL, "FRONTDOOR_DRAIN_DELAY": "0", "FRONTDOOR_LOG_LEVEL": "debug", "FRONTDOOR_NO_DESK": "hotline"}
}

// TestServe_endToEnd walks a whole tip and a STOP/START/HELP cycle through the real serve
// command, on the in-memory store and on a real redis-server.
func TestServe_endToEnd(t *testing.T) {
	t.Run("Memory", func(t *testing.T) { endToEnd(t, "") })
	t.Run("Redis", func(t *testing.T) { endToEnd(t, redistest.URL(t)) })
}

func endToEnd(t *testing.T, redisURL string) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	env := productionEnv(fake)
	env["REDIS_URL"] = redisURL
	s := startServe(t, nil, env)
	steps := []struct{ body, want string }{
		{"hi", "they never see your number"},
		{"2", "your tip is anonymous"},
		{"Houston, TX", "What happened?"},
		{"A van drops girls at the motel every night", "When did it happen?"},
		{"last night", "Describe any people"},
		{"NONE", "immediate danger"},
		{"no", "Where: Houston, TX"},
		{"1", "May staff text you here with questions?"},
		{"no", "Your receipt code is TIP-"},
		{"STOP", "You are unsubscribed"},
		{"hello?", ""},
		{"HELP", "Msg & data rates may apply"},
		{"START", "You are subscribed to Frontdoor again"},
		{"HELP", "Reply STOP to opt out"},
	}
	for i, st := range steps {
		got := s.text(t, "SMe2e"+string(rune('a'+i)), st.body)
		if st.want == "" && len(got) != 0 || st.want != "" && !strings.Contains(strings.Join(got, "\n"), st.want) {
			t.Fatalf("step %d %q: replies %q, want %q", i, st.body, got, st.want)
		}
	}
	if again := s.text(t, "SMe2ei", "no"); !strings.Contains(strings.Join(again, ""), "Your receipt code is TIP-") {
		t.Fatalf("a retried MessageSid got %q", again)
	}
	if reqs := fake.Requests(); len(reqs) != 0 {
		t.Fatalf("webhook replies must go as TwiML, but the Twilio API got %d requests: %+v", len(reqs), reqs)
	}
	waitFor(t, "the outbox worker to apply the tip", func() bool { return strings.Contains(s.logs.String(), `"msg":"tip submitted"`) })
	resp, err := s.client.Get(s.base + "/readyz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/readyz: %v %v", resp, err)
	}
	metrics := s.get(t, "/metrics")
	if !strings.Contains(metrics, "frontdoor_outbox_pending ") || !strings.Contains(metrics, "frontdoor_worker_applied_total ") {
		t.Errorf("/metrics lacks the outbox metrics")
	}
	if err := s.stop(); err != nil {
		t.Fatalf("serve returned %v", err)
	}
	if n := strings.Count(s.logs.String(), `"msg":"tip submitted"`); n != 1 {
		t.Errorf("the tip was applied %d times, want once (the retry must cause nothing)", n)
	}
	assertNoCanary(t, s.logs.String()+metrics)
}

func assertNoCanary(t *testing.T, logs string) {
	t.Helper()
	for _, c := range []string{e2eCanary, "5550142424", "HOUSTON", "77002", "van drops", "Houston"} {
		if strings.Contains(logs, c) {
			t.Errorf("the log contains %q", c)
		}
	}
}

func TestServe_dev(t *testing.T) {
	s := startServe(t, []string{"--dev"}, map[string]string{})
	defer s.stop()
	form := url.Values{"MessageSid": {"SM1"}, "From": {e2eCanary}, "Body": {"hi"}}
	resp, err := s.client.Post(s.base+"/twilio/sms", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("--dev, unsigned: %v %v", resp, err)
	}
	resp.Body.Close()
	if !strings.Contains(s.logs.String(), "signature checks are OFF") {
		t.Error("--dev did not say that signature checks are off")
	}
	if home := s.get(t, "/"); !strings.Contains(home, `href="/console/"`) || !strings.Contains(home, "POST /twilio/sms") {
		t.Errorf("GET / in --dev should name the endpoints and link to the console:\n%s", home)
	}
}

func TestServe_refusesToStart(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"nothing set", nil, map[string]string{},
			[]string{"FRONTDOOR_SECRET is not set", "TWILIO_AUTH_TOKEN is not set", "FRONTDOOR_PUBLIC_URL is not set"}},
		{"short secret, bad URL", nil, map[string]string{"FRONTDOOR_SECRET": "short", "TWILIO_AUTH_TOKEN": "x", "FRONTDOOR_PUBLIC_URL": "sms.example.org"},
			[]string{"FRONTDOOR_SECRET is 5 bytes", "FRONTDOOR_PUBLIC_URL \"sms.example.org\" is not a base URL"}},
		{"bad rate limit", []string{"--dev"}, map[string]string{"FRONTDOOR_RATE_LIMIT": "lots"}, []string{"FRONTDOOR_RATE_LIMIT"}},
		{"--dev off loopback", []string{"--dev", "--addr", "0.0.0.0:8080"}, map[string]string{}, []string{"loopback only"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bottest.LogBuffer
			err := run(context.Background(), append([]string{"frontdoor", "serve"}, c.args...), mapEnv(c.env), nil, io.Discard, &stderr)
			var ee exitError
			if !errors.As(err, &ee) || ee.code != 2 {
				t.Fatalf("err = %v, want exit code 2", err)
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			if len(lines) != len(c.want) {
				t.Errorf("%d lines, want %d:\n%s", len(lines), len(c.want), stderr.String())
			}
			for _, w := range c.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
		})
	}
}

// TestServe_redisUnreachable: one clear line, not go-redis's own dial warnings before it.
func TestServe_redisUnreachable(t *testing.T) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	env := productionEnv(fake)
	env["REDIS_URL"] = "redis://127.0.0.1:1"
	env["FRONTDOOR_LOG_LEVEL"] = "info" // go-redis's lines are debug
	var logs bottest.LogBuffer
	err := run(context.Background(), []string{"frontdoor", "serve"}, mapEnv(env), nil, io.Discard, &logs)
	if err == nil || !strings.Contains(err.Error(), "REDIS_URL: error reaching Redis") || !strings.Contains(err.Error(), "is REDIS_URL right?") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(logs.String(), "dial") {
		t.Errorf("the log repeats the dial failures before the one clear line:\n%s", logs.String())
	}
}

// TestServe_configErrorsSayWhatToChange: a Redis URL without a scheme lists every scheme; a
// flows folder that is not there names the variable and the path.
func TestServe_configErrorsSayWhatToChange(t *testing.T) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	for _, c := range []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{"REDIS_URL": "localhost:6379"},
			[]string{"REDIS_URL:", "redis://localhost:6379", "rediss://", "redis+sentinel://", "redis+cluster://"}},
		{map[string]string{"FRONTDOOR_FLOWS": "/nonexistent"},
			[]string{"FRONTDOOR_FLOWS=/nonexistent: no such folder", "unset it for the built-in flows"}},
	} {
		env := productionEnv(fake)
		for k, v := range c.env {
			env[k] = v
		}
		code, _, errOut := runCLI(t, env, "", "serve")
		if code == 0 {
			t.Fatalf("%v: started", c.env)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: the error lacks %q:\n%s", c.env, w, errOut)
			}
		}
	}
	if code, _, errOut := runCLI(t, map[string]string{"FRONTDOOR_FLOWS": "/nonexistent"}, "", "flows", "lint"); code != 2 ||
		!strings.Contains(errOut, "FRONTDOOR_FLOWS=/nonexistent: no such folder") {
		t.Errorf("flows lint: exit %d %s", code, errOut)
	}
}

// waitFor polls cond for up to 10 seconds; work that happens in the background (the outbox
// worker) is waited for, never timed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitUpTo(t, 10*time.Second, what, cond)
}

// waitUpTo polls cond for up to d.
func waitUpTo(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get fetches a path and returns the body.
func (s *served) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := s.client.Get(s.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestHealthcheck(t *testing.T) {
	s := startServe(t, []string{"--dev"}, map[string]string{})
	defer s.stop()
	addr := strings.TrimPrefix(s.base, "http://")
	if code, out, _ := runCLI(t, nil, "", "healthcheck", "--addr", addr); code != 0 || out != "healthy\n" {
		t.Fatalf("a running server: exit %d %q", code, out)
	}
	if code, _, _ := runCLI(t, nil, "", "healthcheck", "--addr", addr, "--path", "/nope"); code != 1 {
		t.Fatalf("a 404 must be unhealthy: exit %d", code)
	}
	if code, _, _ := runCLI(t, map[string]string{"FRONTDOOR_ADDR": "127.0.0.1:1"}, "", "healthcheck"); code != 1 {
		t.Fatalf("nothing listening must be unhealthy: exit %d", code)
	}
}

// TestServe_spoolWhileRedisIsDown: a message that arrives while Redis is down gets the fail-safe
// reply, waits in the spool, and is handled once Redis is back; its reply goes out by REST
// because the texter wrote minutes ago, not hours.
func TestServe_spoolWhileRedisIsDown(t *testing.T) {
	srv := redistest.Start(t)
	fake := twiliotest.NewServer()
	defer fake.Close()
	env := productionEnv(fake)
	env["REDIS_URL"] = srv.URL()
	env["FRONTDOOR_SPOOL_DIR"] = t.TempDir()
	s := startServe(t, nil, env)
	defer s.stop()
	if m := s.get(t, "/metrics"); !strings.Contains(m, "frontdoor_spool_waiting 0\n") {
		t.Errorf("with a spool, frontdoor_spool_waiting must exist from start-up at 0")
	}
	if got := s.text(t, "SMsp1", "hi"); !strings.Contains(strings.Join(got, ""), "Reply with a number") {
		t.Fatalf("before the outage: %q", got)
	}
	srv.Stop()
	got := s.text(t, "SMsp2", "ESPAÑOL")
	if len(got) != 1 || !strings.Contains(got[0], "1-888-373-7888") {
		t.Fatalf("during the outage the fail-safe reply is due: %q", got)
	}
	if m := s.get(t, "/metrics"); !strings.Contains(m, "frontdoor_spool_waiting 1") {
		t.Errorf("the spool should hold the message")
	}
	srv.Restart()
	waitFor(t, "the spooled message's reply to be sent", func() bool { return len(fake.Requests()) > 0 })
	req := fake.Requests()[0]
	if req.Form.Get("To") != e2eCanary || !strings.Contains(req.Form.Get("Body"), "Si corre peligro ahora") {
		t.Fatalf("the replayed ESPAÑOL should answer in Spanish by REST: %+v", req.Form)
	}
	waitFor(t, "the spool to empty", func() bool { return strings.Contains(s.get(t, "/metrics"), "frontdoor_spool_waiting 0") })
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("the replay sent %d messages, want 1", n)
	}
}
