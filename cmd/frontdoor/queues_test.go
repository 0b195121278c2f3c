package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

const youthRefusal = `the flows hand off to queue "youth" (talk.yaml, state connect), which the roster does not have`

// youthFlows writes the built-in flows with the handoff sent to queue youth, which the test
// roster does not have.
func youthFlows(t *testing.T) string {
	t.Helper()
	dir := copyBuiltin(t)
	talk := filepath.Join(dir, "talk.yaml")
	orig, _ := os.ReadFile(talk)
	if err := os.WriteFile(talk, []byte(strings.Replace(string(orig), "handoff:\n      route: true", "handoff:\n      queue: youth", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestMissingQueue: flows that hand off to a queue the roster lacks are refused by flows
// publish (with FRONTDOOR_ONCALL); published without that check, the servers log an error and
// a texter who asks for a person gets the hotline at once, never "Connecting you with staff".
func TestMissingQueue(t *testing.T) {
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	env := deskEnv(t, tw, sl)
	env["REDIS_URL"] = redistest.URL(t)
	env["FRONTDOOR_FLOWS_POLL"] = "100ms"
	s := startServe(t, nil, env)
	defer s.stop()
	dir := youthFlows(t)
	cli := map[string]string{"REDIS_URL": env["REDIS_URL"], "FRONTDOOR_SECRET": env["FRONTDOOR_SECRET"], "FRONTDOOR_ONCALL": env["FRONTDOOR_ONCALL"]}
	code, out, errOut := runCLI(t, cli, "", "flows", "publish", dir)
	if code != 1 || !strings.Contains(out, youthRefusal) || !strings.Contains(errOut, "not published: the on-call roster lacks 1 queue(s)") {
		t.Fatalf("flows publish to a missing queue: exit %d\n%s%s", code, out, errOut)
	}
	delete(cli, "FRONTDOOR_ONCALL") // a pipeline without the roster: the servers are the last line
	if code, out, errOut := runCLI(t, cli, "", "flows", "publish", dir); code != 0 || !strings.Contains(out, "were not checked against the on-call roster") {
		t.Fatalf("flows publish without a roster: exit %d\n%s%s", code, out, errOut)
	}
	waitFor(t, "the server to log the missing queue", func() bool {
		return strings.Contains(s.logs.String(), "the published flows hand off to a queue the on-call roster does not have")
	})
	s.text(t, "SMq1", "hi")
	s.text(t, "SMq2", "3")
	s.text(t, "SMq3", "1")
	s.text(t, "SMq3a", "4")
	replies := strings.Join(s.text(t, "SMq3b", "skip"), "\n")
	if strings.Contains(replies, "Connecting you") || !strings.Contains(replies, "1-888-373-7888") || !strings.Contains(replies, "911") {
		t.Fatalf("a texter handed off to a missing queue was answered %q", replies)
	}
	if !strings.Contains(s.logs.String(), `"queue":"youth"`) {
		t.Errorf("the handoff to the missing queue is not logged:\n%s", s.logs.String())
	}
	if posts := sl.Messages(""); len(posts) != 0 {
		t.Errorf("Slack got %d posts for a queue it has no channel for", len(posts))
	}
}

// TestServe_reloadRefusesMissingQueue: a changed flows folder that hands off to a queue the
// roster lacks is refused by the reload, with the queue and the state in the log line.
func TestServe_reloadRefusesMissingQueue(t *testing.T) {
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	env := deskEnv(t, tw, sl)
	dir := copyBuiltin(t)
	env["REDIS_URL"] = redistest.URL(t)
	env["FRONTDOOR_FLOWS"] = dir
	env["FRONTDOOR_FLOWS_POLL"] = "100ms"
	s := startServe(t, nil, env)
	defer s.stop()
	talk := filepath.Join(dir, "talk.yaml")
	orig, _ := os.ReadFile(talk)
	os.WriteFile(talk, []byte(strings.Replace(string(orig), "handoff:\n      route: true", "handoff:\n      queue: youth", 1)), 0o644)
	waitFor(t, "the reload to be refused", func() bool { return strings.Contains(s.logs.String(), "flows reload refused") })
	if !strings.Contains(s.logs.String(), strings.ReplaceAll(youthRefusal, `"`, `\"`)) {
		t.Errorf("the refusal does not name the queue:\n%s", s.logs.String())
	}
	s.text(t, "SMr1", "hi")
	s.text(t, "SMr2", "3")
	s.text(t, "SMr3", "1")
	s.text(t, "SMr3a", "4")
	if got := strings.Join(s.text(t, "SMr3b", "skip"), ""); !strings.Contains(got, "Connecting you") {
		t.Fatalf("after the refused reload the running flows should stay: %q", got)
	}
}

// TestPublish_routedWithoutRouting: the built-in talk flow routes by the roster's rules, so
// flows publish refuses it against a roster without routing, with the file and state, and roster
// lint says the same.
func TestPublish_routedWithoutRouting(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "oncall.yaml")
	if err := os.WriteFile(file, []byte(strings.Replace(servetest.StaffedRoster, "routing:\n  default: national\n", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	const want = `oncall.yaml: the flows route handoffs by the roster's rules (talk.yaml, state connect), but the roster has no "routing" (rules and a default queue)`
	cli := map[string]string{"REDIS_URL": redistest.URL(t), "FRONTDOOR_SECRET": "e2e-secret-0123456789abcdef-0123456789", "FRONTDOOR_ONCALL": file}
	code, out, errOut := runCLI(t, cli, "", "flows", "publish", copyBuiltin(t))
	if code != 1 || !strings.Contains(out, file+": the flows route handoffs") || !strings.Contains(out, want[len("oncall.yaml: "):]) ||
		!strings.Contains(errOut, "not published: the on-call roster lacks 1 queue(s) the flows hand off to") {
		t.Fatalf("flows publish of routed flows against a roster without routing: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, map[string]string{"FRONTDOOR_ONCALL": file}, "", "roster", "lint")
	if code != 1 || !strings.Contains(out, want[len("oncall.yaml: "):]) {
		t.Fatalf("roster lint: exit %d\n%s", code, out)
	}
}
