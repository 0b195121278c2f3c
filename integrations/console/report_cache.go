package console

import (
	"context"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/report"
)

// reportCache keeps recently built reports for reportFresh, so that a page and its charts read
// the store once. It holds counts only, like the reports themselves.
type reportCache struct {
	mu      sync.Mutex
	entries map[string]cachedReport
}

type cachedReport struct {
	r     report.Report
	built time.Time
}

// reportFresh is how long a built report is reused; reportsKept bounds the entries.
const (
	reportFresh = 30 * time.Second
	reportsKept = 16
)

// build returns the report of o, from the cache when it was built less than reportFresh ago.
func (c *reportCache) build(ctx context.Context, s bot.StatsStore, now time.Time, o report.Options) (report.Report, error) {
	key := o.Since.Format("2006-01-02") + "|" + o.Until.Format("2006-01-02") + "|" + o.By + "|" + o.Loc.String()
	c.mu.Lock()
	if e, ok := c.entries[key]; ok && now.Sub(e.built) < reportFresh && !now.Before(e.built) {
		c.mu.Unlock()
		return e.r, nil
	}
	c.mu.Unlock()
	r, err := report.Build(ctx, s, o)
	if err != nil {
		return r, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= reportsKept {
		c.entries = map[string]cachedReport{}
	}
	c.entries[key] = cachedReport{r: r, built: now}
	return r, nil
}
