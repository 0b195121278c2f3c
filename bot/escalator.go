package bot

import (
	"context"
	"errors"
	"time"
)

// Escalator defaults.
const (
	DefaultEscalatorEvery = 5 * time.Second
	DefaultTimerLease     = time.Minute
	DefaultTimerBatch     = 100
)

// Escalator fires the desk's escalation timers. The timers live in the store (DeskStore), so
// they survive restarts; run an Escalator in every replica: DueTimers leases each due timer to
// one of them, and the compare-and-set of the session makes each step happen once even if two
// replicas handle one timer.
type Escalator struct {
	Desk  *Desk
	Every time.Duration // poll interval; default DefaultEscalatorEvery
	Lease time.Duration // a claimed timer is due again after this; default DefaultTimerLease
	Batch int           // timers per poll; default DefaultTimerBatch
}

// Run polls until ctx ends.
func (e *Escalator) Run(ctx context.Context) {
	for ctx.Err() == nil {
		if _, err := e.Poll(ctx); err != nil && ctx.Err() == nil {
			e.Desk.log.Warn("escalation poll failed", "error", err)
		}
		sleep(ctx, orDefault(e.Every, DefaultEscalatorEvery))
	}
}

// Poll handles the timers due now and returns how many it handled.
func (e *Escalator) Poll(ctx context.Context) (int, error) {
	now := e.Desk.clock.Now()
	texters, err := e.Desk.Store.DueTimers(ctx, now, orDefault(e.Lease, DefaultTimerLease), orDefault(e.Batch, DefaultTimerBatch))
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, tx := range texters {
		if _, err := e.Desk.Act(ctx, Action{Kind: ActTick, Texter: tx}); err != nil {
			errs = append(errs, err) // the lease makes it due again
		}
	}
	return len(texters) - len(errs), errors.Join(errs...)
}
