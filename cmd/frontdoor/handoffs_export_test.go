package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestHandoffsExport: the closes since --since in both formats, exactly, oldest first; a case
// number that would start a formula is defused in CSV only; no alias column, no number.
func TestHandoffsExport(t *testing.T) {
	srv := redistest.Start(t)
	secret := "export-secret-0123456789abcdef-0123456789"
	keys, _ := bot.NewKeys([]byte(secret))
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	s, err := redis.Open(context.Background(), srv.URL(), redis.Options{Keys: keys, Clock: bot.ClockFunc(func() time.Time { return day })})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, r := range []bot.CloseRecord{
		{Handoff: "M2PX-2-9", Alias: "M2PX", Queue: "spanish", Lang: "es", Urgent: true, Need: "shelter", State: "TX",
			Opened: day.Add(9 * time.Hour), Closed: day.Add(10 * time.Hour), Outcome: "law_enforcement", Case: "+HT-7"},
		{Handoff: "K7QF-1-3", Alias: "K7QF", Queue: "national", Lang: "en", Opened: day.Add(7 * time.Hour), Closed: day.Add(8 * time.Hour), Outcome: "info_given"},
		{Handoff: "OLD0-1-1", Alias: "OLD0", Queue: "national", Lang: "en", Opened: day.Add(-3 * time.Hour), Closed: day.Add(-2 * time.Hour), Outcome: "other"},
	} {
		if err := s.Desk().RecordClose(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"REDIS_URL": srv.URL(), "FRONTDOOR_SECRET": secret}
	wantCSV := "handoff,opened_at,closed_at,queue,language,urgent,need,state,tip,outcome,case_number\n" +
		"K7QF-1-3,2026-03-02T07:00:00Z,2026-03-02T08:00:00Z,national,en,false,,,,info_given,\n" +
		"M2PX-2-9,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,spanish,es,true,shelter,TX,,law_enforcement,'+HT-7\n"
	wantJSON := `[{"handoff":"K7QF-1-3","opened_at":"2026-03-02T07:00:00Z","closed_at":"2026-03-02T08:00:00Z","queue":"national","language":"en",` +
		`"urgent":false,"need":"","state":"","tip":"","outcome":"info_given","case_number":""},` +
		`{"handoff":"M2PX-2-9","opened_at":"2026-03-02T09:00:00Z","closed_at":"2026-03-02T10:00:00Z","queue":"spanish","language":"es",` +
		`"urgent":true,"need":"shelter","state":"TX","tip":"","outcome":"law_enforcement","case_number":"+HT-7"}]` + "\n"
	for format, want := range map[string]string{"csv": wantCSV, "json": wantJSON} {
		code, out, errOut := runCLI(t, env, "", "handoffs", "export", "--since", "2026-03-02", "--format", format)
		if code != 0 || out != want {
			t.Errorf("export as %s: exit %d\n%s\nwant\n%s\nstderr: %s", format, code, out, want, errOut)
		}
		if !strings.Contains(errOut, "2 closes since 2026-03-02T00:00:00Z written") {
			t.Errorf("stderr: %q", errOut)
		}
	}
	audit, _ := s.Console().AuditEntries(context.Background(), 10)
	if len(audit) != 2 || audit[0].Action != "handoffs_export" {
		t.Errorf("the audit log: %+v", audit)
	}
	if code, _, _ := runCLI(t, env, "", "handoffs", "export"); code != 2 {
		t.Errorf("without --since: exit %d", code)
	}
}
