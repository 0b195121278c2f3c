package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// seedStats writes counters into a fresh Redis: Monday 2 March 2026 has 12 conversations and 3
// tips from Texas, Tuesday 8 conversations, Monday 9 March 5.
func seedStats(t *testing.T) (env map[string]string) {
	t.Helper()
	srv := redistest.Start(t)
	secret := "report-secret-0123456789abcdef-0123456789"
	keys, _ := bot.NewKeys([]byte(secret))
	s, err := redis.Open(context.Background(), srv.URL(), redis.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mon := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	for at, c := range map[time.Time]bot.Counts{
		mon:                  {bot.StatConversations: 12, bot.StatTips: 3, "tips:region:tx": 3},
		mon.AddDate(0, 0, 1): {bot.StatConversations: 8},
		mon.AddDate(0, 0, 7): {bot.StatConversations: 5},
	} {
		if err := s.Stats().AddStats(context.Background(), at, c); err != nil {
			t.Fatal(err)
		}
	}
	return map[string]string{"REDIS_URL": srv.URL(), "FRONTDOOR_SECRET": secret}
}

func TestReport(t *testing.T) {
	env := seedStats(t)
	code, out, errOut := runCLI(t, env, "", "report", "--since", "2026-03-01", "--until", "2026-03-10", "--by", "week")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "period_start,period_end,conversations,") {
		t.Fatalf("CSV by week:\n%s", out)
	}
	// Sunday 1 March alone, the week of 2 March, 9 and 10 March, the total.
	for i, want := range []string{"2026-03-01,2026-03-01,0,", "2026-03-02,2026-03-08,20,", "2026-03-09,2026-03-10,5,", "total,,25,"} {
		if !strings.HasPrefix(lines[i+1], want) {
			t.Errorf("line %d %q, want it to start %q", i+1, lines[i+1], want)
		}
	}
	if !strings.Contains(lines[0], ",tips,") || !strings.Contains(lines[2], ",<5,") || !strings.Contains(errOut, "<5") {
		t.Errorf("the 3 tips are not shown as <5:\n%s\nstderr %s", out, errOut)
	}
	code, out, _ = runCLI(t, env, "", "report", "--since", "2026-03-02", "--until", "2026-03-02", "--format", "json")
	var doc struct {
		By      string
		Periods []struct{ Figures map[string]string }
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil || len(doc.Periods) != 1 {
		t.Fatalf("JSON: exit %d, %v\n%s", code, err, out)
	}
	f := doc.Periods[0].Figures
	if doc.By != "day" || f["conversations"] != "12" || f["tips"] != "<5" || f["tips:region:tx"] != "<5" {
		t.Errorf("JSON figures %v", f)
	}
}

func TestReport_usage(t *testing.T) {
	env := map[string]string{"REDIS_URL": "redis://127.0.0.1:1"}
	for _, args := range [][]string{{"report"}, {"report", "--since", "March"}, {"report", "--since", "2026-03-02", "--by", "month"},
		{"report", "--since", "2026-03-02", "--format", "xml"}, {"report", "--since", "2026-03-02", "--until", "2026-03-01"}} {
		if code, _, errOut := runCLI(t, env, "", args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and why", args, code, errOut)
		}
	}
}
