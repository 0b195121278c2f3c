package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// TipJanitor defaults.
const (
	DefaultTipPurgeEvery = time.Hour      // how often a replica tries for the day's purge
	TipPurgePeriod       = 24 * time.Hour // the tips are purged once per period
	tipPurgeLease        = "tips-purge"
)

// Leaser takes named leases (DeskStore.Lease): one replica runs a periodic job per period.
type Leaser interface {
	Lease(ctx context.Context, name string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name string) error
}

// TipJanitor deletes the tips filed more than Retention ago. Run it in every replica: each tries
// every Every to take the day's lease, and the one that gets it purges; so the tips are purged
// once a day whatever the number of replicas, and the next day if that replica died. The store
// also expires a tip by itself after the retention it was filed with; the purge applies a
// shortened retention to older tips and cleans the index.
type TipJanitor struct {
	Tips      TipStore
	Leases    Leaser
	Clock     Clock
	Retention time.Duration // default DefaultTipRetention
	Every     time.Duration // default DefaultTipPurgeEvery
	Log       *slog.Logger
}

// Run purges once a day, on the replica that takes the lease, until ctx ends.
func (j *TipJanitor) Run(ctx context.Context) {
	for ctx.Err() == nil {
		if _, _, err := j.Tick(ctx); err != nil && ctx.Err() == nil {
			j.log().Warn("purging old tips failed", "error", err)
		}
		sleep(ctx, orDefault(j.Every, DefaultTipPurgeEvery))
	}
}

// Tick purges if this replica takes the period's lease; ran says whether it did. A purge that
// fails gives the lease back, so the next Tick (of any replica) tries again rather than a day
// later.
func (j *TipJanitor) Tick(ctx context.Context) (purged int, ran bool, err error) {
	ok, err := j.Leases.Lease(ctx, tipPurgeLease, TipPurgePeriod-time.Minute)
	if err != nil || !ok {
		return 0, false, err
	}
	n, err := j.Purge(ctx)
	if err != nil {
		if rerr := j.Leases.ReleaseLease(context.WithoutCancel(ctx), tipPurgeLease); rerr != nil {
			err = errors.Join(err, fmt.Errorf("the purge's lease was not given back, so it is tried again only tomorrow: %w", rerr))
		}
	}
	return n, true, err
}

// Purge deletes the tips filed more than Retention ago, now, and returns how many.
func (j *TipJanitor) Purge(ctx context.Context) (int, error) {
	before := j.Cutoff()
	n, err := j.Tips.PurgeTips(ctx, before)
	if err == nil {
		j.log().Info("purged old tips", "deleted", n, "filed_before", before.UTC().Format(time.RFC3339))
	}
	return n, err
}

// Cutoff is the time before which tips are purged.
func (j *TipJanitor) Cutoff() time.Time {
	return j.Clock.Now().Add(-orDefault(j.Retention, DefaultTipRetention))
}

func (j *TipJanitor) log() *slog.Logger {
	if j.Log == nil {
		return slog.Default()
	}
	return j.Log
}
