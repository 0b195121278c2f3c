package main

import (
	"context"
	"errors"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/spool"
)

// replayInterval is how often the spool is tried while messages wait in it.
const replayInterval = 2 * time.Second

// openSpool opens FRONTDOOR_SPOOL_DIR and hands it to the bot. Without Redis there is nothing to
// spool for: the in-memory store does not fail.
func (a *app) openSpool() error {
	if a.cfg.SpoolDir == "" || a.back.InMemory {
		if !a.back.InMemory {
			a.log.Warn("FRONTDOOR_SPOOL_DIR is not set: messages that arrive while Redis is down get the fail-safe reply and are not kept")
		}
		return nil
	}
	d, err := spool.Open(a.cfg.SpoolDir, a.keys)
	if err != nil {
		return err
	}
	a.spool, a.bot.Spool = d, d
	a.metrics.RegisterGauge("spool_waiting", "Inbound messages kept while the store was down, waiting for a replay.", func() float64 {
		n, _ := d.Len()
		return float64(n)
	})
	return nil
}

// replaySpool hands spooled messages back to the bot once the store answers, until ctx ends.
func (a *app) replaySpool(ctx context.Context) {
	if a.spool == nil {
		return
	}
	bot.Every(ctx, replayInterval, func() { a.replayOnce(ctx) })
}

// replayOnce replays what waits in the spool if the store answers.
func (a *app) replayOnce(ctx context.Context) {
	if n, err := a.spool.Len(); err != nil || n == 0 || a.back.Store.Ping(ctx) != nil {
		return
	}
	n, err := a.spool.Replay(ctx, func(m bot.Spooled) error { return a.bot.Replay(ctx, m, a.sender) })
	if n > 0 || (err != nil && !errors.Is(err, context.Canceled)) {
		a.log.Info("replayed spooled messages", "comp", "spool", "count", n, "stopped", err != nil)
	}
}
