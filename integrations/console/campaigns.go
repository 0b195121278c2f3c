package console

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/card"
)

// The Campaigns page: how often each campaign word started its flow, per UTC day, from the same
// counters and the same bot.NewCampaignReport as `frontdoor campaigns report`, counts from 1 to
// 4 shown as "<5"; and each word's printable card.

// campaignDays is the range the page shows when none is asked for: the last 30 UTC days.
const campaignDays = 30

// campaignsData is what campaigns.html shows.
type campaignsData struct {
	Since, Until string // 2006-01-02
	Problem      string // a bad range, said on the page
	Counted      bool   // the store keeps counters
	Report       bot.CampaignReport
	ShortCode    string
	Card         string // the word whose card is previewed
}

// Show renders a count as the page shows it.
func (campaignsData) Show(n int64) string { return bot.ShowCount(n) }

// Day names a report day.
func (campaignsData) Day(t time.Time) string { return t.Format("2006-01-02") }

// At returns row i's count on day d.
func (campaignsData) At(row bot.CampaignRow, d int) int64 { return row.Days[d] }

func (c *Console) campaignsPage(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	today := c.deps.Clock.Now().UTC()
	d := campaignsData{Since: today.AddDate(0, 0, 1-campaignDays).Format("2006-01-02"), Until: today.Format("2006-01-02"), ShortCode: c.cfg.ShortCode}
	if q := r.URL.Query().Get("since"); q != "" {
		d.Since = q
	}
	if q := r.URL.Query().Get("until"); q != "" {
		d.Until = q
	}
	since, err1 := time.Parse("2006-01-02", d.Since)
	until, err2 := time.Parse("2006-01-02", d.Until)
	switch {
	case err1 != nil || err2 != nil:
		d.Problem = "Give the days as 2026-03-01."
	case until.Before(since):
		d.Problem = "The last day is before the first."
	case len(bot.StatsDays(since, until)) >= bot.MaxStatsDays:
		d.Problem = "Show at most three years at once."
	}
	set, err := c.liveSet(ctx)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	var days []bot.DayStats
	d.Counted = c.deps.Stats != nil
	if d.Counted && d.Problem == "" {
		if days, err = c.deps.Stats.Stats(ctx, since, until); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	d.Report = bot.NewCampaignReport(days, set)
	d.Card = r.URL.Query().Get("card")
	if _, ok := set.Trigger(d.Card); !ok && len(d.Report.Rows) > 0 {
		d.Card = d.Report.Rows[0].Word
	}
	c.render(w, r, http.StatusOK, "campaigns", s, "Campaigns", d)
}

// campaignCard downloads a campaign word's card as SVG (shown in the page), PDF or PNG.
func (c *Console) campaignCard(w http.ResponseWriter, r *http.Request, s *session) {
	set, err := c.liveSet(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	tr, ok := set.Trigger(r.PathValue("word"))
	if !ok {
		http.Error(w, "That is not a campaign word of the live flows.", http.StatusNotFound)
		return
	}
	if c.cfg.ShortCode == "" {
		http.Error(w, "Set FRONTDOOR_SHORT_CODE to the number texters send to, so the card can show it.", http.StatusConflict)
		return
	}
	cd := card.ForTrigger(set, tr, c.cfg.ShortCode, "")
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "svg"
	}
	f, ok := cardFormats[format]
	if !ok {
		http.Error(w, "The card comes as svg, pdf or png.", http.StatusBadRequest)
		return
	}
	var buf bytes.Buffer
	if err := f.draw(cd, &buf); err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	if format != "svg" || r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="card-`+strings.ToLower(cd.Word)+`.`+format+`"`)
	}
	w.Write(buf.Bytes())
}

// cardFormats are the card's formats by name.
var cardFormats = map[string]struct {
	draw        func(card.Card, io.Writer) error
	contentType string
}{
	"svg": {card.Card.SVG, "image/svg+xml"},
	"pdf": {card.Card.PDF, "application/pdf"},
	"png": {card.Card.PNG, "image/png"},
}

// liveSet is the live flows version, or the flows the store was seeded with.
func (c *Console) liveSet(ctx context.Context) (*flows.Set, error) {
	if c.deps.Live != nil {
		if e := c.deps.Live.Engine(); e != nil {
			return e.Flows(), nil
		}
	}
	n, err := c.deps.Store.CurrentFlows(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errors.New("no flows version is published")
	}
	v, err := c.deps.Store.FlowVersion(ctx, n)
	if err != nil {
		return nil, err
	}
	if set := lint(v.Files).Set; set != nil {
		return set, nil
	}
	return nil, errors.New("the live flows version does not load")
}
