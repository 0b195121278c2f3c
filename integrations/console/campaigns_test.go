package console_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/console"
	"github.com/nhttf/frontdoor/integrations/memory"
)

// campaignRig is a console with daily counters that hold some campaign starts today and
// yesterday.
func campaignRig(t *testing.T, shortCode string) *rig {
	t.Helper()
	var stats *memory.Store
	r := newRig(t, console.Config{Insecure: true, ShortCode: shortCode}, func(d *console.Deps) {
		stats = memory.New(d.Clock)
		d.Stats = stats
	})
	ctx := context.Background()
	if err := stats.AddStats(ctx, t0.AddDate(0, 0, -1), bot.Counts{"campaign:parents": 9, "campaign:fe": 2}); err != nil {
		t.Fatal(err)
	}
	if err := stats.AddStats(ctx, t0, bot.Counts{"campaign:parents": 3, "campaign:church": 6, "conversations": 50}); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestCampaigns_page: every campaign word of the live flows with its starts in the range and by
// day, 1 to 4 shown as <5, a word the flows no longer have, and the previewed card.
func TestCampaigns_page(t *testing.T) {
	r := campaignRig(t, "233733")
	c := r.client()
	c.signIn("ana", anaPassword)
	page := c.get("/console/campaigns")
	if page.code != http.StatusOK {
		t.Fatalf("%d: %s", page.code, page.body)
	}
	for _, want := range []string{
		`<th scope="row">PARENTS</th><td class="num">12</td>`, // 9 yesterday and 3 today
		`<th scope="row">FE</th><td class="num">&lt;5</td>`,
		`<th scope="row">ESCUELA</th><td class="num">0</td>`,
		`<th scope="row">CHURCH</th><td class="num">6</td><td><em>no longer in the flows</em>`,
		`<th scope="row">2026-03-01</th>`, `<th scope="row">2026-03-02</th>`,
		`<img src="/console/campaigns/card/BUSINESS?format=svg"`, "sms:233733?&amp;body=BUSINESS",
		`aria-current="page">Reports</a>`, `<a href="/console/reports">Reports</a> ›`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page.body, ">50<") {
		t.Errorf("the page shows a counter that is not a campaign's")
	}
	one := c.get("/console/campaigns?since=2026-03-02&until=2026-03-02&card=PADRES")
	if !strings.Contains(one.body, `<th scope="row">PARENTS</th><td class="num">&lt;5</td>`) || !strings.Contains(one.body, "Card for PADRES") {
		t.Errorf("one day: %s", one.body)
	}
	if reports := c.get("/console/reports"); !strings.Contains(reports.body, `<a href="/console/campaigns">Campaigns</a>`) {
		t.Errorf("the Reports page does not lead to the Campaigns page")
	}
	if flow := c.get("/console/flows/faith"); !strings.Contains(flow.body, "Campaign words: <strong>FAITH</strong> (en), <strong>FE</strong> (es)") {
		t.Errorf("the flow page does not name its campaign words")
	}
	if bad := c.get("/console/campaigns?since=2026-03-05&until=2026-03-01"); !strings.Contains(bad.body, "The last day is before the first.") {
		t.Errorf("a backwards range: %s", bad.body)
	}
}

// TestCampaigns_card: the card in each format, in the word's language; an unknown word is 404
// and a console without the short code says what to set.
func TestCampaigns_card(t *testing.T) {
	r := campaignRig(t, "233733")
	c := r.client()
	c.signIn("ana", anaPassword)
	svg := c.get("/console/campaigns/card/padres?format=svg")
	if svg.code != http.StatusOK || svg.hdr.Get("Content-Type") != "image/svg+xml" || !strings.Contains(svg.body, "Envíe PADRES al 233733") {
		t.Fatalf("%d %s: %.300s", svg.code, svg.hdr.Get("Content-Type"), svg.body)
	}
	for format, prefix := range map[string]string{"pdf": "%PDF-", "png": "\x89PNG"} {
		got := c.get("/console/campaigns/card/FAITH?format=" + format)
		if got.code != http.StatusOK || !strings.HasPrefix(got.body, prefix) || !strings.Contains(got.hdr.Get("Content-Disposition"), `filename="card-faith.`+format+`"`) {
			t.Errorf("%s: %d %v", format, got.code, got.hdr)
		}
	}
	if got := c.get("/console/campaigns/card/NOPE"); got.code != http.StatusNotFound {
		t.Errorf("an unknown word: %d", got.code)
	}
	if got := c.get("/console/campaigns/card/FAITH?format=gif"); got.code != http.StatusBadRequest {
		t.Errorf("a bad format: %d", got.code)
	}
	none := campaignRig(t, "").client()
	none.signIn("ana", anaPassword)
	if got := none.get("/console/campaigns/card/FAITH"); got.code != http.StatusConflict || !strings.Contains(got.body, "FRONTDOOR_SHORT_CODE") {
		t.Errorf("no short code: %d %s", got.code, got.body)
	}
	if got := r.client().get("/console/campaigns/card/FAITH"); got.code != http.StatusSeeOther {
		t.Errorf("signed out: %d", got.code)
	}
}
