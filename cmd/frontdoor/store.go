package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/integrations/console"
	"github.com/nhttf/frontdoor/integrations/memory"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/web"
)

// backend is the storage serve runs on: one field per capability, each the part of the store
// that keeps it. Whoever needs a capability is given its field at construction.
type backend struct {
	Store      bot.Store                 // sessions, dedupe, opt-outs and the commit
	Outbox     bot.Outbox                // the effects committed, for the worker
	Desk       bot.DeskStore             // the staff desk's threads, ledger and timers
	Leases     bot.Leaser                // leases of periodic jobs (the tip janitor)
	Tips       bot.TipStore              // the tips: records, post ledger, export, purge
	Closes     bot.CloseLog              // the conversations staff closed, with their outcomes
	Backlog    bot.Backlog               // spooled messages of every replica, ordered per texter; nil in memory
	Counter    bot.RateCounter           // loads a texter's snapshot and counts the message toward the rate limit
	Stats      bot.StatsStore            // the daily counters
	SendGate   bot.SendGate              // SMS attempts in flight, checked with the opt-out
	Mailbox    bot.Mailbox               // the web chat's mailboxes
	Deliveries web.DeliveryTracker       // status callbacks
	Console    console.Store             // flow versions, drafts, audit log, sign-in lockout, live board
	Run        func(ctx context.Context) // background upkeep until ctx ends; may be nil
	Close      func() error
	InMemory   bool
}

// openStore picks the store: Redis when REDIS_URL is set, else the in-memory one.
func openStore(ctx context.Context, cfg Config, keys *bot.Keys, clock bot.Clock, log *slog.Logger) (*backend, error) {
	if cfg.RedisURL == "" {
		return memoryBackend(cfg, clock), nil
	}
	quietRedis(log)
	s, err := redis.Open(ctx, cfg.RedisURL, redis.Options{Keys: keys, Clock: clock, SessionTTL: cfg.SessionTTL,
		TipRetention: cfg.TipRetention, StatsRetention: cfg.StatsRetention, CAFile: cfg.RedisCA})
	if err != nil {
		return nil, redisURLError(err)
	}
	return redisBackend(s), nil
}

// memoryBackend is the in-memory store: one value keeps every capability but the backlog (a
// single process spools nothing for others), the mailboxes, deliveries and console apart.
func memoryBackend(cfg Config, clock bot.Clock) *backend {
	m := memory.New(clock)
	m.SetSessionTTL(cfg.SessionTTL)
	m.SetTipRetention(cfg.TipRetention)
	m.SetStatsRetention(cfg.StatsRetention)
	return &backend{Store: m, Outbox: m, Desk: m, Leases: m, Tips: m, Closes: m, Counter: memory.NewCounter(clock, m), Stats: m,
		SendGate: m, Mailbox: memory.NewMailbox(clock), Deliveries: memory.NewDeliveries(clock), Console: memory.NewConsole(clock),
		InMemory: true, Close: func() error { return nil },
		Run: func(ctx context.Context) { bot.Every(ctx, time.Minute, m.Purge) }}
}

// redisBackend is the Redis store, by its parts.
func redisBackend(s *redis.Store) *backend {
	sessions, desk := s.Sessions(), s.Desk()
	return &backend{Store: sessions, Outbox: s.Outbox(), Desk: desk, Leases: desk, Tips: s.Tips(), Closes: desk,
		Backlog: s.Backlog(), Counter: sessions, Stats: s.Stats(), SendGate: s.SendGate(), Mailbox: s.Mailbox(),
		Deliveries: s.Deliveries(), Console: s.Console(), Close: s.Close}
}

// scratchStores is an empty in-memory store for one transcript or simulation, with its tips and
// counters, as serve's bot has them.
func scratchStores(clock bot.Clock) transcript.Stores {
	m := memory.New(clock)
	return transcript.Stores{Sessions: m, Tips: m, Stats: m}
}

// redisURLError says what to change when the store named by REDIS_URL cannot be opened.
func redisURLError(err error) error {
	msg := "REDIS_URL: " + strings.TrimSpace(err.Error())
	if strings.Contains(msg, "error reaching Redis") {
		msg += " (is Redis running at that address, and is REDIS_URL right?)"
	}
	return errors.New(msg)
}

// go-redis logs through one process-wide logger: each failed dial, retried, before the store
// returns the error that serve then says once in words. Its lines go to the debug level of the
// serve log (and nowhere for the commands that only open the store once).
var redisLog struct {
	once sync.Once
	to   atomic.Pointer[slog.Logger]
}

// quietRedis installs the go-redis logger once per process; log, when not nil, receives its
// lines at debug level.
func quietRedis(log *slog.Logger) {
	redisLog.once.Do(func() { goredis.SetLogger(redisLogger{}) })
	if log != nil {
		redisLog.to.Store(log.With("comp", "redis"))
	}
}

// redisLogger is go-redis's logger: its messages name addresses, never personal data.
type redisLogger struct{}

func (redisLogger) Printf(ctx context.Context, format string, v ...any) {
	if l := redisLog.to.Load(); l != nil {
		l.DebugContext(ctx, fmt.Sprintf(format, v...))
	}
}

// openCommandStore opens, for a command other than serve (tips export, report, flows publish),
// the Redis store at REDIS_URL with the servers' FRONTDOOR_SECRET. why ends the error when
// REDIS_URL is not set; sealed is added to a bad secret's error.
func openCommandStore(ctx context.Context, env environment, why, sealed string) (*redis.Store, error) {
	url := env("REDIS_URL")
	if url == "" {
		return nil, errors.New("REDIS_URL is not set: " + why)
	}
	keys, err := bot.NewKeys([]byte(env("FRONTDOOR_SECRET")))
	if err != nil {
		return nil, fmt.Errorf("FRONTDOOR_SECRET: %w%s", err, sealed)
	}
	quietRedis(nil)
	s, err := redis.Open(ctx, url, redis.Options{Keys: keys, CAFile: env("REDIS_CA_FILE")})
	if err != nil {
		return nil, redisURLError(err)
	}
	return s, nil
}
