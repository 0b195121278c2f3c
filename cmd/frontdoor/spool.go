package main

import (
	"context"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/spool"
)

// How often the spool and the backlog are looked at: often while a backlog may exist (the
// replica spooled or moved messages, or found some to drain, within the last minute), seldom
// otherwise (another replica's backlog is still drained within seconds).
const (
	backlogPollActive = 250 * time.Millisecond
	backlogPollIdle   = 5 * time.Second
	backlogActiveFor  = time.Minute
)

// openSpool opens FRONTDOOR_SPOOL_DIR for the bot; nil when it is not set. Without Redis there
// is nothing to spool for: the in-memory store does not fail.
func (a *app) openSpool() (*spool.Dir, error) {
	if a.cfg.SpoolDir == "" || a.back.InMemory {
		if !a.back.InMemory {
			a.log.Warn("FRONTDOOR_SPOOL_DIR is not set: messages that arrive while Redis is down get the fail-safe reply and are not kept")
		}
		return nil, nil
	}
	d, err := spool.Open(a.cfg.SpoolDir, a.keys)
	if err != nil {
		return nil, err
	}
	a.metrics.RegisterGauge("spool_waiting", "Inbound messages kept while the store was down, waiting to be moved into the store.", func() float64 {
		return float64(d.Waiting())
	})
	return d, nil
}

// runBacklog moves the spool into the store's backlog once the store answers, and drains the
// backlog (spooled messages of every replica, in each texter's order), until ctx ends.
func (a *app) runBacklog(ctx context.Context) {
	if a.bot.Backlog == nil {
		return
	}
	var active time.Time // until when to poll often
	for ctx.Err() == nil {
		now := time.Now()
		if a.moveSpool(ctx) || a.drainBacklog(ctx) || (a.spool != nil && a.spool.Waiting() > 0) {
			active = now.Add(backlogActiveFor)
		}
		wait := backlogPollIdle
		if now.Before(active) {
			wait = backlogPollActive
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
	}
}

// moveSpool moves what waits in the spool into the backlog if the store answers; it reports
// whether anything waited.
func (a *app) moveSpool(ctx context.Context) bool {
	if a.spool == nil || a.spool.Waiting() == 0 {
		return false
	}
	if a.back.Store.Ping(ctx) != nil {
		return true
	}
	if _, err := a.bot.MoveSpool(ctx); err != nil && ctx.Err() == nil {
		a.log.Warn("the spool could not be moved into the store", "comp", "spool", "error", err)
	}
	return true
}

// drainBacklog handles the due backlog; it reports whether there was any.
func (a *app) drainBacklog(ctx context.Context) bool {
	n, err := a.bot.DrainBacklog(ctx)
	if err != nil && ctx.Err() == nil {
		a.log.Warn("draining the backlog failed; it is tried again", "comp", "spool", "error", err)
	}
	if n > 0 {
		a.log.Info("handled the backlog of texters", "comp", "spool", "texters", n)
	}
	return n > 0 || err != nil
}

// lateReplies sends the answers to messages handled from the backlog.
func (a *app) lateReplies() bot.Applier {
	return &bot.LateReplyApplier{Store: a.back.Store, Ledger: a.back.Desk, Sender: a.sender, Clock: a.clock,
		Log: a.log.With("comp", "effects")}
}
