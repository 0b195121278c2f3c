package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/console"
	"github.com/nhttf/frontdoor/integrations/memory"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/web"
)

// backend is the storage serve runs on.
type backend struct {
	Store      bot.Store
	Outbox     bot.Outbox
	Desk       bot.DeskStore             // the staff desk's threads, ledger and timers
	Tips       bot.TipStore              // the tips: records, post ledger, export, purge
	Backlog    bot.Backlog               // spooled messages of every replica, ordered per texter; nil in memory
	Counter    bot.RateCounter           // the per-texter rate limit; nil when the store counts itself
	Deliveries web.DeliveryTracker       // status callbacks
	Console    console.Store             // flow versions, drafts, audit log, sign-in lockout, live board
	Run        func(ctx context.Context) // background upkeep until ctx ends; may be nil
	Close      func() error
	InMemory   bool
}

// openStore picks the store: Redis when REDIS_URL is set, else the in-memory one.
func openStore(ctx context.Context, cfg Config, keys *bot.Keys, clock bot.Clock, log *slog.Logger) (*backend, error) {
	if cfg.RedisURL == "" {
		m := memory.New(clock)
		m.SetSessionTTL(cfg.SessionTTL)
		m.SetTipRetention(cfg.TipRetention)
		return &backend{Store: m, Outbox: m, Desk: m, Tips: m, Counter: memory.NewCounter(clock), Deliveries: memory.NewDeliveries(clock),
			Console:  memory.NewConsole(clock),
			InMemory: true, Close: func() error { return nil },
			Run: func(ctx context.Context) { bot.Every(ctx, time.Minute, m.Purge) }}, nil
	}
	goredis.SetLogger(redisLogger{log.With("comp", "redis")})
	s, err := redis.Open(ctx, cfg.RedisURL, redis.Options{Keys: keys, Clock: clock, SessionTTL: cfg.SessionTTL,
		TipRetention: cfg.TipRetention, CAFile: cfg.RedisCA})
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	return &backend{Store: s, Outbox: s, Desk: s, Tips: s, Backlog: s, Deliveries: s, Console: s, Close: s.Close}, nil
}

// redisLogger sends go-redis's own messages (dial failures: an address, never personal data)
// to the structured log.
type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(_ context.Context, format string, v ...any) {
	l.log.Warn(fmt.Sprintf(format, v...))
}
