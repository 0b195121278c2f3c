package bot

import (
	"context"
	"time"
)

// Every calls fn every d until ctx ends; the background jobs of the bot and its edges (pollers,
// reconcilers, upkeep) all tick this way.
func Every(ctx context.Context, d time.Duration, fn func()) {
	EveryOr[struct{}](ctx, d, fn, nil, nil)
}

// EveryOr is Every that also calls now each time wake delivers (a reload signal, say), between
// ticks. A nil wake never delivers.
func EveryOr[T any](ctx context.Context, d time.Duration, fn func(), wake <-chan T, now func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
			now()
		case <-t.C:
			fn()
		}
	}
}
