package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/console"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

// TestServe_devConsole: --dev says in the log how to sign in, and that works.
func TestServe_devConsole(t *testing.T) {
	s := startServe(t, []string{"--dev"}, map[string]string{})
	defer s.stop()
	m := regexp.MustCompile(`sign in as dev with password ([0-9a-f]+)`).FindStringSubmatch(s.logs.String())
	if m == nil {
		t.Fatalf("the log does not say how to sign in:\n%s", s.logs)
	}
	res := s.get(t, "/console/login")
	token := regexp.MustCompile(`name="csrf" value="([^"]*)"`).FindStringSubmatch(res)[1]
	form := url.Values{"name": {"dev"}, "password": {m[1]}, "csrf": {token}}
	req, _ := http.NewRequest(http.MethodPost, s.base+"/console/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "fd_login", Value: token}) // --dev: no __Secure- prefix, plain HTTP
	noRedirect := &http.Client{Transport: s.client.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
		t.Fatalf("signing in with the logged password: %d", resp.StatusCode)
	}
}

func TestServe_consoleOffWithoutAccounts(t *testing.T) {
	fake := twiliotest.NewServer()
	defer fake.Close()
	s := startServe(t, nil, productionEnv(fake))
	defer s.stop()
	if body := s.get(t, "/console/"); !strings.Contains(body, "console is off") {
		t.Fatalf("/console/ without accounts: %q", body)
	}
	if !strings.Contains(s.logs.String(), "the coordinator console is off") {
		t.Error("the log does not say the console is off")
	}
}

func TestConsoleHashPassword(t *testing.T) {
	code, out, _ := runCLI(t, nil, "a long enough password\n", "console", "hash-password", "ana")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	users, err := console.ReadUsers(strings.NewReader(out))
	if err != nil || users[0].Name != "ana" {
		t.Fatalf("the printed line does not read back: %q: %v", out, err)
	}
	if code, _, errOut := runCLI(t, nil, "short\n", "console", "hash-password", "ana"); code != 1 || !strings.Contains(errOut, "at least 12") {
		t.Fatalf("a short password: %d %q", code, errOut)
	}
	if code, _, _ := runCLI(t, nil, "a long enough password\n", "console", "hash-password", "Ana Smith"); code != 2 {
		t.Fatalf("a bad name: %d", code)
	}
}

// TestFlowsPublish publishes a folder through the CLI's gate into Redis, and a running replica
// swaps to it by polling, without a restart.
func TestFlowsPublish(t *testing.T) {
	redisURL := redistest.URL(t)
	fake := twiliotest.NewServer()
	defer fake.Close()
	env := productionEnv(fake)
	env["REDIS_URL"] = redisURL
	env["FRONTDOOR_FLOWS_POLL"] = "100ms"
	a, b := startServe(t, nil, env), startServe(t, nil, env) // two replicas
	defer a.stop()
	defer b.stop()
	if !strings.Contains(b.logs.String(), `running the live flows version from the store`) {
		t.Errorf("the second replica did not take the version the first seeded:\n%s", b.logs)
	}
	dir := t.TempDir()
	files, _ := flows.ReadFiles(flows.Builtin())
	files["main.yaml"] = []byte(strings.Replace(string(files["main.yaml"]), "they never see your number.", "they never learn your number.", 1))
	writeFiles(t, dir, files)
	cli := map[string]string{"REDIS_URL": redisURL, "FRONTDOOR_SECRET": env["FRONTDOOR_SECRET"]}

	broken := t.TempDir()
	bad := bot.FlowFiles(files).Clone()
	bad["main.yaml"] = []byte(strings.Replace(string(files["main.yaml"]), "Reply with a number", "Reply with one number", 1))
	writeFiles(t, broken, bad)
	if code, out, _ := runCLI(t, cli, "", "flows", "publish", broken); code != 1 || !strings.Contains(out, "FAIL") {
		t.Fatalf("publishing failing tests: exit %d\n%s", code, out)
	}
	code, out, errOut := runCLI(t, cli, "", "flows", "publish", dir, "--author", "ci", "--note", "from git")
	if code != 0 || !strings.Contains(out, "published version 2") {
		t.Fatalf("flows publish: exit %d\n%s%s", code, out, errOut)
	}
	if _, out, _ := runCLI(t, cli, "", "flows", "publish", dir); !strings.Contains(out, "unchanged: version 2 is live") {
		t.Fatalf("publishing the same files again: %s", out)
	}
	for _, s := range []*served{a, b} {
		waitFor(t, "a replica to swap in version 2", func() bool {
			return strings.Contains(strings.Join(s.text(t, "SMpub"+randomHex(4), "MENU"), ""), "they never learn your number.")
		})
	}
	store, err := redis.Open(context.Background(), redisURL, redis.Options{Keys: mustKeys(t, env["FRONTDOOR_SECRET"])})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	es, _ := store.Console().AuditEntries(context.Background(), 10)
	if len(es) == 0 || es[0].Who != "ci" || !strings.Contains(es[0].Detail, "version 2 from files") {
		t.Fatalf("audit: %+v", es)
	}
	if code, _, errOut := runCLI(t, map[string]string{}, "", "flows", "publish", dir); code != 2 || !strings.Contains(errOut, "REDIS_URL is not set") {
		t.Fatalf("without REDIS_URL: %d %q", code, errOut)
	}
}

func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	for p, b := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mustKeys(t *testing.T, secret string) *bot.Keys {
	k, err := bot.NewKeys([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return k
}
