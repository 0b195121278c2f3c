package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

// copyBuiltin writes the built-in flows and their tests into a folder.
func copyBuiltin(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(flows.Builtin(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, p), 0o755)
		}
		data, err := fs.ReadFile(flows.Builtin(), p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestServe_reloadFlowFiles: a changed FRONTDOOR_FLOWS folder that passes lint and its tests is
// published and answered with at once; a broken one is refused with a log line, and the running
// flows stay.
func TestServe_reloadFlowFiles(t *testing.T) {
	srv := redistest.Start(t)
	fake := twiliotest.NewServer()
	defer fake.Close()
	dir := copyBuiltin(t)
	env := productionEnv(fake)
	env["REDIS_URL"] = srv.URL()
	env["FRONTDOOR_FLOWS"] = dir
	env["FRONTDOOR_FLOWS_POLL"] = "100ms"
	s := startServe(t, nil, env)
	defer s.stop()
	if got := s.text(t, "SMrl1", "hi"); !strings.Contains(strings.Join(got, ""), "they never see your number.") {
		t.Fatalf("before the change: %q", got)
	}
	main := filepath.Join(dir, "main.yaml")
	orig, _ := os.ReadFile(main)
	os.WriteFile(main, []byte(strings.Replace(string(orig), "they never see your number.", "they never learn your number.", 1)), 0o644)
	probes := 0
	waitFor(t, "the changed flows to answer", func() bool { // each probe from another number: a slow reload must not meet the rate limit
		probes++
		from := fmt.Sprintf("+1555017%04d", probes)
		return strings.Contains(strings.Join(s.textFrom(t, "SMrl2x"+randomHex(4), from, "MENU"), ""), "they never learn your number.")
	})
	os.WriteFile(main, []byte(strings.Replace(string(orig), "next: safety.topics", "next: safety.nowhere", 1)), 0o644)
	waitFor(t, "the broken folder to be refused", func() bool { return strings.Contains(s.logs.String(), "flows reload refused") })
	if !strings.Contains(s.logs.String(), `main.yaml:`) || !strings.Contains(s.logs.String(), `flow \"safety\" has no state \"nowhere\"`) {
		t.Errorf("the refusal should say where and what:\n%s", s.logs.String())
	}
	if got := s.text(t, "SMrl3", "MENU"); !strings.Contains(strings.Join(got, ""), "they never learn your number.") {
		t.Fatalf("after a refused reload the last good flows must stay: %q", got)
	}
}

// TestServe_reloadRoster: a changed roster is used at once (/frontdoor oncall shows the new
// staff); a broken one is refused with a log line and the old one stays.
func TestServe_reloadRoster(t *testing.T) {
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	env := deskEnv(t, tw, sl)
	env["FRONTDOOR_FLOWS_POLL"] = "100ms"
	s := startServe(t, nil, env)
	defer s.stop()
	if out := s.slackCommand(t, "oncall"); !strings.Contains(out, "U0STAFF001") {
		t.Fatalf("before: %s", out)
	}
	file := env["FRONTDOOR_ONCALL"]
	orig, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.ReplaceAll(string(orig), "U0STAFF001", "U0STAFF009")), 0o600)
	waitFor(t, "the new roster", func() bool { return strings.Contains(s.slackCommand(t, "oncall"), "U0STAFF009") })
	os.WriteFile(file, []byte(strings.Replace(string(orig), "time_zone: ", "time_zone: Mars/", 1)), 0o600)
	waitFor(t, "the broken roster to be refused", func() bool { return strings.Contains(s.logs.String(), "roster reload refused") })
	if !strings.Contains(s.logs.String(), `is not a time zone name`) {
		t.Errorf("the refusal should say why:\n%s", s.logs.String())
	}
	if out := s.slackCommand(t, "oncall"); !strings.Contains(out, "U0STAFF009") {
		t.Fatalf("after a refused reload the last good roster stays: %s", out)
	}
}

// TestServe_sighupKeepsPublishedFlows: a SIGHUP (to reload the roster) does not put the
// unchanged FRONTDOOR_FLOWS folder back over a version coordinators published since.
func TestServe_sighupKeepsPublishedFlows(t *testing.T) {
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	env := deskEnv(t, tw, sl)
	env["REDIS_URL"] = redistest.URL(t)
	env["FRONTDOOR_FLOWS"] = copyBuiltin(t)
	env["FRONTDOOR_FLOWS_POLL"] = "100ms"
	s := startServe(t, nil, env)
	defer s.stop()
	edited := copyBuiltin(t)
	main := filepath.Join(edited, "main.yaml")
	orig, _ := os.ReadFile(main)
	os.WriteFile(main, []byte(strings.Replace(string(orig), "they never see your number", "they never see your phone number", 1)), 0o644)
	cli := map[string]string{"REDIS_URL": env["REDIS_URL"], "FRONTDOOR_SECRET": env["FRONTDOOR_SECRET"], "FRONTDOOR_ONCALL": env["FRONTDOOR_ONCALL"]}
	if code, out, errOut := runCLI(t, cli, "", "flows", "publish", edited); code != 0 {
		t.Fatalf("publish: %d\n%s%s", code, out, errOut)
	}
	waitFor(t, "the published version", func() bool {
		return strings.Contains(strings.Join(s.text(t, "SMh"+randomHex(4), "MENU"), ""), "they never see your phone number")
	})
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the roster reload", func() bool { return strings.Contains(s.logs.String(), `"reason":"SIGHUP"`) })
	time.Sleep(300 * time.Millisecond)
	if got := strings.Join(s.text(t, "SMh-after", "MENU"), ""); !strings.Contains(got, "they never see your phone number") {
		t.Fatalf("after SIGHUP the folder replaced the published flows: %q", got)
	}
	if strings.Contains(s.logs.String(), `"msg":"flows reloaded"`) {
		t.Error("SIGHUP republished the unchanged flows folder")
	}
}

// TestSettler: a change is acted on only when the next poll reads the same, so a file caught
// halfway through being saved (empty, then whole) is never published or refused.
func TestSettler(t *testing.T) {
	s := settler[string]{same: func(a, b string) bool { return a == b }}
	steps := []struct {
		read string
		want bool
	}{{"", false}, {"whole", false}, {"whole", true}, {"whole", false}, {"other", false}, {"other", true}}
	for i, st := range steps {
		if got := s.settled(st.read); got != st.want {
			t.Errorf("poll %d reading %q: settled=%v, want %v", i, st.read, got, st.want)
		}
	}
}
