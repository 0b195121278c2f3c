package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

// TestCampaignReport_serve: campaign words texted to the real serve command on Redis are
// counted per word and day; the report writes them in CSV and JSON with 1 to 4 as "<5", and
// holds no number.
func TestCampaignReport_serve(t *testing.T) {
	srv := redistest.Start(t)
	fake := twiliotest.NewServer()
	defer fake.Close()
	env := productionEnv(fake)
	env["REDIS_URL"] = srv.URL()
	s := startServe(t, nil, env)
	defer s.stop()
	for i := range 6 {
		if got := strings.Join(s.textFrom(t, fmt.Sprintf("SMp%d", i), fmt.Sprintf("+1555013%04d", i), "PARENTS"), "\n"); !strings.Contains(got, "For parents and caregivers") {
			t.Fatalf("PARENTS was answered %q", got)
		}
	}
	s.textFrom(t, "SMe1", "+15550140001", "hola")
	s.textFrom(t, "SMe2", "+15550140001", "padres") // at the menu
	s.textFrom(t, "SMe2", "+15550140001", "padres") // Twilio's retry: not counted again
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	cli := map[string]string{"REDIS_URL": srv.URL(), "FRONTDOOR_SECRET": env["FRONTDOOR_SECRET"]}
	today := time.Now().UTC().Format("2006-01-02")
	code, out, errOut := runCLI(t, cli, "", "campaigns", "report", "--since", today)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"day,word,flow,language,started\n", today + ",PARENTS,parents,en,6\n", today + ",PADRES,parents,es,<5\n",
		today + ",FAITH,faith,en,0\n", "total,PARENTS,parents,en,6\n", "total,PADRES,parents,es,<5\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = runCLI(t, cli, "", "campaigns", "report", "--since", today, "--until", today, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r campaignJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	totals := map[string]string{}
	for _, c := range r.Campaigns {
		totals[c.Word] = c.Total + " " + c.Days[today]
	}
	if r.Since != today || totals["PARENTS"] != "6 6" || totals["PADRES"] != "<5 <5" || totals["ESCUELA"] != "0 0" {
		t.Errorf("the JSON report: %s", out)
	}
	if strings.Contains(out, "1555") {
		t.Errorf("the report holds a number: %s", out)
	}
	for _, args := range [][]string{{"--since", "March"}, {"--since", today, "--until", "2020-01-01"}, {"--since", today, "--format", "xml"}} {
		if code, _, _ := runCLI(t, cli, "", append([]string{"campaigns", "report"}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
