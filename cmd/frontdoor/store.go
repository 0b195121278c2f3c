package main

import (
	"context"
	"errors"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/memory"
	"github.com/nhttf/frontdoor/integrations/web"
)

// backend is the storage serve runs on.
type backend struct {
	Store      bot.Store
	Counter    bot.RateCounter           // the per-texter rate limit
	Deliveries web.DeliveryTracker       // status callbacks
	Run        func(ctx context.Context) // background upkeep until ctx ends; may be nil
	InMemory   bool
}

// openStore picks the store: the in-memory one when REDIS_URL is unset. The Redis store is being
// built in parallel (issue 3); it is connected here at merge.
func openStore(redisURL string, clock bot.Clock) (*backend, error) {
	if redisURL != "" {
		return nil, errors.New("REDIS_URL is not supported yet: unset it to use the in-memory store")
	}
	m := memory.New(clock)
	return &backend{Store: m, Counter: memory.NewCounter(clock), Deliveries: memory.NewDeliveries(clock), InMemory: true,
		Run: func(ctx context.Context) { purgeEvery(ctx, time.Minute, m.Purge) }}, nil
}

// purgeEvery frees expired entries of the in-memory store until ctx ends.
func purgeEvery(ctx context.Context, d time.Duration, purge func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			purge()
		}
	}
}
