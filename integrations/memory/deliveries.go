package memory

import (
	"context"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// DefaultDeliveryTTL is how long the last known status of a sent message is kept: Twilio's
// callbacks for one message arrive within minutes, and late ones within hours.
const DefaultDeliveryTTL = 24 * time.Hour

// Deliveries remembers the furthest status reached by each sent message, so that status callbacks
// arriving out of order never move a message back (delivered, then a late "sent").
type Deliveries struct {
	clock bot.Clock
	ttl   time.Duration

	mu        sync.Mutex
	ranks     map[string]delivery // by provider message id
	nextSweep time.Time
}

type delivery struct {
	rank    int
	expires time.Time
}

// NewDeliveries returns an empty tracker that reads time from clock.
func NewDeliveries(clock bot.Clock) *Deliveries {
	return &Deliveries{clock: clock, ttl: DefaultDeliveryTTL, ranks: map[string]delivery{}}
}

// Advance records that message id reached a status of the given rank. It reports false, and
// records nothing, when the message already reached that rank or a higher one.
func (d *Deliveries) Advance(_ context.Context, id string, rank int) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.clock.Now()
	d.sweep(now)
	if cur, ok := d.ranks[id]; ok && now.Before(cur.expires) && cur.rank >= rank {
		return false, nil
	}
	d.ranks[id] = delivery{rank: rank, expires: now.Add(d.ttl)}
	return true, nil
}

func (d *Deliveries) sweep(now time.Time) {
	if now.Before(d.nextSweep) {
		return
	}
	for k, e := range d.ranks {
		if !now.Before(e.expires) {
			delete(d.ranks, k)
		}
	}
	d.nextSweep = now.Add(time.Hour)
}

// Reached returns the rank message id reached so far; 0 when none is known.
func (d *Deliveries) Reached(_ context.Context, id string) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if cur, ok := d.ranks[id]; ok && d.clock.Now().Before(cur.expires) {
		return cur.rank, nil
	}
	return 0, nil
}
