package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Deliveries is web.DeliveryTracker on Redis: the furthest status each sent message reached,
// by the provider's message id. It owns the delivery keys and advanceScript; none holds
// personal data.
type Deliveries struct{ *conn }

// delivery is the status of one sent message, by its provider id (no personal data).
func (k keyspace) delivery(messageSid string) string { return k.prefix + ":st:" + messageSid }

// Advance implements web.DeliveryTracker: a status callback moves a message's status forward
// only, across replicas. Records live 7 days.
func (s *Deliveries) Advance(ctx context.Context, messageSid string, rank int) (bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	moved, err := advanceScript.Run(ctx, s.rdb, []string{s.ks.delivery(messageSid)}, rank, (7 * 24 * time.Hour).Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("error recording a delivery status: %w", err)
	}
	return moved == 1, nil
}

// Reached implements web.DeliveryTracker.
func (s *Deliveries) Reached(ctx context.Context, messageSid string) (int, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	n, err := s.rdb.Get(ctx, s.ks.delivery(messageSid)).Int()
	switch {
	case errors.Is(err, goredis.Nil):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("error reading a delivery status: %w", err)
	}
	return n, nil
}

// advanceScript moves a message's delivery status forward only (web.DeliveryTracker).
//
// KEYS: delivery. ARGV: [1] rank, [2] TTL ms. Returns 1 when it moved, 0 when it was already there.
var advanceScript = goredis.NewScript(`
local cur = tonumber(redis.call('GET', KEYS[1]) or '-1')
if cur >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`)
