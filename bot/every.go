package bot

import (
	"context"
	"time"
)

// Every calls fn every d until ctx ends; the background jobs of the bot and its edges (pollers,
// reconcilers, upkeep) all tick this way.
func Every(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}
