package memory

import (
	"context"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// Counter is an in-memory bot.RateCounter for one replica (the Redis store's counter holds
// across replicas): it loads from a store, then counts. Expired windows are swept as new ones
// open, so memory stays bounded by the texters active in one window.
type Counter struct {
	clock bot.Clock
	store bot.Store // where LoadCounted loads from

	mu        sync.Mutex
	windows   map[string]*window // by texter
	nextSweep time.Time
}

type window struct {
	ends time.Time
	n    int            // messages counted
	pos  map[string]int // message id -> position, at most cap entries
}

var _ bot.RateCounter = (*Counter)(nil)

// NewCounter returns an empty counter that reads time from clock and loads snapshots from store.
func NewCounter(clock bot.Clock, store bot.Store) *Counter {
	return &Counter{clock: clock, store: store, windows: map[string]*window{}}
}

// LoadCounted implements bot.RateCounter: the store's Load, then Hit unless the message was
// already handled. Hit cannot fail, so every loaded message is counted.
func (c *Counter) LoadCounted(ctx context.Context, texter, messageID string, span time.Duration, cap int) (bot.Snapshot, int, error) {
	snap, err := c.store.Load(ctx, texter, messageID)
	if err != nil || snap.Done {
		return snap, 0, err
	}
	pos, _ := c.Hit(ctx, texter, messageID, span, cap)
	return snap, pos, nil
}

// Hit records messageID for the texter in the current window, which starts with the first hit
// and lasts span, and returns the message's 1-based position in it (bot.RateCounter's rule).
func (c *Counter) Hit(_ context.Context, texter, messageID string, span time.Duration, cap int) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	w := c.windows[texter]
	if w == nil || !now.Before(w.ends) {
		c.sweep(now, span)
		w = &window{ends: now.Add(span), pos: map[string]int{}}
		c.windows[texter] = w
	}
	if p, ok := w.pos[messageID]; ok && messageID != "" {
		return p, nil
	}
	if w.n >= cap {
		return cap + 1, nil
	}
	w.n++
	if messageID != "" {
		w.pos[messageID] = w.n
	}
	return w.n, nil
}

// sweep drops expired windows, at most once per window length.
func (c *Counter) sweep(now time.Time, span time.Duration) {
	if now.Before(c.nextSweep) {
		return
	}
	for k, w := range c.windows {
		if !now.Before(w.ends) {
			delete(c.windows, k)
		}
	}
	c.nextSweep = now.Add(span)
}
