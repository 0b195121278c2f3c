package browser

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis"
)

// seedReportDays writes ten days of counters before today into the served Redis: 20 to 29
// conversations a day, 7 tips from Texas, 6 from California, 2 from Nevada, and 8 claims.
func seedReportDays(t *testing.T, env map[string]string) {
	t.Helper()
	keys, err := bot.NewKeys([]byte(env["FRONTDOOR_SECRET"]))
	if err != nil {
		t.Fatal(err)
	}
	s, err := redis.Open(context.Background(), env["REDIS_URL"], redis.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	today := time.Now().UTC()
	for i := 1; i <= 10; i++ {
		c := bot.Counts{bot.StatConversations: int64(19 + i)}
		if i == 3 {
			c.Sum(bot.Counts{bot.StatTips: 15, "tips:region:tx": 7, "tips:region:ca": 6, "tips:region:nv": 2,
				bot.StatHandoffs: 9, bot.StatClaims: 8, "claim:le:120": 5, "claim:le:600": 3, bot.StatCloses: 7})
		}
		if err := s.Stats().AddStats(context.Background(), today.AddDate(0, 0, -i), c); err != nil {
			t.Fatal(err)
		}
	}
}

// reportsInBrowser opens the Reports page on the seeded range: every chart loads as an image,
// its table has the same figures, small counts read "<5", and the monthly summary prints.
func reportsInBrowser(t *testing.T, b *browser) {
	today := time.Now().UTC()
	q := "?since=" + today.AddDate(0, 0, -10).Format("2006-01-02") + "&until=" + today.Format("2006-01-02") + "&by=day"
	b.run("open the reports", chromedp.Navigate(b.base+"/console/reports"+q), chromedp.WaitVisible(chromedp.CSS("table.report")))
	b.waitTrue("the four charts to load", `[...document.querySelectorAll("figure.chart img")].length === 4 &&
		[...document.querySelectorAll("figure.chart img")].every(i => i.complete && i.naturalWidth > 300)`)
	regions := strings.Join(strings.Fields(b.text(`figure.chart:nth-of-type(2) table`)), " ")
	if !strings.Contains(regions, "TX 8 CA 6 NV <5") {
		t.Errorf("the tips-by-state table: %q", regions)
	}
	all := strings.Join(strings.Fields(b.text("table.report")), " ")
	// 245 seeded conversations and the two texters of this test; its tip came from Houston.
	for _, want := range []string{"Conversations started 247", "Tips filed 16", "Tips from NV <5", "Claimed by staff 8",
		"half of them within 2 min or less", "9 in 10 within 10 min or less"} {
		if !strings.Contains(all, want) {
			t.Errorf("the figures table lacks %q:\n%s", want, all)
		}
	}
	b.shot("12-reports")
	b.run("open the monthly summary", chromedp.Navigate(b.base+"/console/reports/print?month="+today.AddDate(0, 0, -3).Format("2006-01")),
		chromedp.WaitVisible(chromedp.CSS("article.print")))
	b.waitTrue("the summary's charts to load", `[...document.querySelectorAll("article.print img")].every(i => i.complete && i.naturalWidth > 300)`)
	b.shot("13-monthly-summary")
}
