package console_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/console"
	"github.com/nhttf/frontdoor/integrations/memory"
)

// reportsRig is a console whose Reports page reads a memory store with counters on the rig's day:
// 12 conversations, 3 tips from Texas and 6 from Ohio.
func reportsRig(t *testing.T) *rig {
	var stats *memory.Store
	r := newRig(t, console.Config{Insecure: true}, func(d *console.Deps) {
		stats = memory.New(d.Clock)
		d.Stats = stats
	})
	c := bot.Counts{bot.StatConversations: 12, bot.StatTips: 9, "tips:region:tx": 3, "tips:region:oh": 6}
	if err := stats.AddStats(context.Background(), t0, c); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReportsPage(t *testing.T) {
	r := reportsRig(t)
	c := r.client()
	if got := c.get("/console/reports"); got.code != http.StatusSeeOther {
		t.Fatalf("reports before sign-in: %d", got.code)
	}
	c.signIn("ana", anaPassword)
	day := t0.Format("2006-01-02")
	page := c.get("/console/reports?since=" + day + "&until=" + day + "&by=week")
	body := strings.Join(strings.Fields(page.body), " ")
	for _, want := range []string{"<th scope=\"row\">Tips from TX</th><td>&lt;5</td>", "<th scope=\"row\">Tips from OH</th><td>6</td>",
		"<th scope=\"row\">Conversations started</th><td>12</td>",
		`src="/console/reports/chart/regions?by=week&amp;since=` + day + `&amp;until=` + day + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(body, "<td>3</td>") {
		t.Errorf("the 3 tips from Texas are shown as 3")
	}
	svg := c.get("/console/reports/chart/regions?since=" + day + "&until=" + day)
	if svg.code != http.StatusOK || svg.hdr.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svg.body, "<svg") ||
		!strings.Contains(svg.body, "TX (&lt;5)") || strings.Contains(svg.hdr.Get("Content-Security-Policy"), "script") {
		t.Errorf("the chart: %d %v\n%.300s", svg.code, svg.hdr, svg.body)
	}
	if got := c.get("/console/reports/chart/nope"); got.code != http.StatusNotFound {
		t.Errorf("an unknown chart: %d", got.code)
	}
	csv := c.get("/console/reports/export?format=csv&since=" + day + "&until=" + day)
	if !strings.Contains(csv.body, "tips:region:oh") || !strings.Contains(csv.hdr.Get("Content-Disposition"), "attachment") {
		t.Errorf("the CSV export: %v\n%s", csv.hdr, csv.body)
	}
	bad := c.get("/console/reports?since=yesterday")
	if !strings.Contains(bad.body, "Dates are days like 2026-03-01") {
		t.Errorf("a bad date is not explained")
	}
	month := c.get("/console/reports/print?month=" + t0.Format("2006-01"))
	if month.code != http.StatusOK || !strings.Contains(month.body, "Frontdoor monthly summary: "+t0.Format("January 2006")) {
		t.Errorf("the monthly summary: %d", month.code)
	}
}

// TestReportsPage_longRange: a range longer than a report covers is explained, not an error.
func TestReportsPage_longRange(t *testing.T) {
	r := reportsRig(t)
	c := r.client()
	c.signIn("ana", anaPassword)
	got := c.get("/console/reports?since=2020-01-01&until=2026-03-02")
	if got.code != http.StatusOK || !strings.Contains(got.body, "A report covers at most") {
		t.Fatalf("a six-year range: %d", got.code)
	}
}

// countingStats counts the reads of the counters.
type countingStats struct {
	bot.StatsStore
	reads int
}

func (c *countingStats) Stats(ctx context.Context, since, until time.Time) ([]bot.DayStats, error) {
	c.reads++
	return c.StatsStore.Stats(ctx, since, until)
}

// TestReportsPage_readsOnce: the page and its four charts read the store once.
func TestReportsPage_readsOnce(t *testing.T) {
	var cs *countingStats
	r := newRig(t, console.Config{Insecure: true}, func(d *console.Deps) {
		cs = &countingStats{StatsStore: memory.New(d.Clock)}
		d.Stats = cs
	})
	c := r.client()
	c.signIn("ana", anaPassword)
	q := "?since=2026-02-01&until=2026-03-02&by=day"
	c.get("/console/reports" + q)
	for _, name := range []string{"conversations", "regions", "claims", "outcomes"} {
		if got := c.get("/console/reports/chart/" + name + q); got.code != http.StatusOK {
			t.Fatalf("chart %s: %d", name, got.code)
		}
	}
	if cs.reads != 1 {
		t.Fatalf("the page and its charts read the counters %d times", cs.reads)
	}
	r.clock.Advance(time.Minute)
	c.get("/console/reports" + q)
	if cs.reads != 2 {
		t.Fatalf("a minute later the page read the counters %d times in all, want 2", cs.reads)
	}
}
