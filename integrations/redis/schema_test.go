package redis_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestRoundTrips counts Redis round trips per inbound message through bot.Bot: two in the
// steady state (Load, Commit), one for a duplicate (Load).
func TestRoundTrips(t *testing.T) {
	url := redistest.URL(t)
	c := newClient(t, url)
	defer c.Close()
	keys, clock := testKeys(t), storetest.NewClock()
	s := storeOn(t, c, redis.Options{Keys: keys, Clock: clock, Prefix: newPrefix(t, url)})
	hook := &counter{}
	c.AddHook(hook)
	b := newBot(t, s, keys, clock)
	ctx := context.Background()
	// Warm up: the first calls dial the connections (HELLO, CLIENT SETINFO); not steady state.
	b.Handle(ctx, bot.Inbound{ID: "warm-up", From: "+15550009999", Body: "hello"})
	for i, body := range []string{"hello", "3", "yes", "4", "skip", "I need help", "are you there"} {
		before := hook.n.Load()
		out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SM%d", i), From: "+15550001111", Body: body})
		if out.FailSafe {
			t.Fatalf("message %d got the fail-safe reply", i)
		}
		if n := hook.n.Load() - before; n != 2 {
			t.Fatalf("message %d (%q) took %d round trips, want 2", i, body, n)
		}
	}
	before := hook.n.Load()
	if out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "3"}); !out.Duplicate {
		t.Fatal("a redelivery was not recognised")
	}
	if n := hook.n.Load() - before; n != 1 {
		t.Fatalf("a duplicate took %d round trips, want 1", n)
	}
}

// TestTTLs checks every key's lifetime: sessions and dedupe records expire, opt-outs and the
// outbox do not, and no other key lives for ever.
func TestTTLs(t *testing.T) {
	c, _, clock, s, b := privateBot(t, redis.Options{SessionTTL: 48 * time.Hour})
	ctx := context.Background()
	b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hello"})
	b.Handle(ctx, bot.Inbound{ID: "SM2", From: "+15550002222", Body: "STOP"})
	// One dead letter, to see its TTL.
	w := &bot.Worker{Outbox: s, Clock: clock, Consumer: "w", Log: slog.New(slog.DiscardHandler), Applier: bot.ApplierFunc(func(context.Context, bot.Effect) error {
		return &bot.PermanentError{Code: "400"}
	})}
	b.Handle(ctx, bot.Inbound{ID: "SM3", From: "+15550003333", Body: "DELETE"})
	if _, err := w.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Duration{":s:": 48 * time.Hour, ":d:": 24 * time.Hour, ":x": 7 * 24 * time.Hour, ":l:": bot.DefaultRateWindow,
		":h": 24 * time.Hour, ":st:": bot.DefaultStatsRetention} // the outbox shard holds; the daily counters
	forever := []string{":o:", ":q", ":r", "fd:shards"} // the desk's keys: TestDeskTTLs
	seen := map[string]bool{}
	for _, k := range scanAll(t, c) {
		ttl := c.PTTL(ctx, k).Val()
		kind := ""
		for part := range want {
			if strings.Contains(k, part) {
				kind = part
			}
		}
		switch {
		case kind != "":
			if ttl > want[kind] || ttl < want[kind]-time.Minute {
				t.Errorf("%s lives %v, want %v", k, ttl, want[kind])
			}
		case ttl >= 0:
			t.Errorf("%s expires in %v; it should not", k, ttl)
		case !hasAny(k, forever):
			t.Errorf("%s lives for ever and is not an opt-out, outbox or the shard count", k)
		}
		seen[kind] = true
	}
	for part := range want {
		if !seen[part] {
			t.Errorf("no %s key was written", part)
		}
	}
}

func hasAny(s string, parts []string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// TestMovedOrDamagedSession: a session copied to another texter's key, or damaged, reads as no
// session (the texter starts over); it never yields the other texter's number.
func TestMovedOrDamagedSession(t *testing.T) {
	c, keys, _, s, b := privateBot(t, redis.Options{Shards: 1})
	ctx := context.Background()
	b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hello"})
	b.Handle(ctx, bot.Inbound{ID: "SM2", From: "+15550002222", Body: "hello"})
	a, other := keys.TexterKey(bot.ChannelSMS, "+15550001111"), keys.TexterKey(bot.ChannelSMS, "+15550002222")
	val := c.Get(ctx, "fd:{0}:s:"+a).Val()
	c.Set(ctx, "fd:{0}:s:"+other, val, time.Hour)
	snap, err := s.Load(ctx, other, "")
	if err != nil || snap.Session.Address != "" || snap.Session.State != "" || snap.Session.Version != 1 {
		t.Fatalf("a moved session loaded as %+v, %v; want an empty session at version 1", snap.Session, err)
	}
	c.Set(ctx, "fd:{0}:s:"+a, "7:garbage", time.Hour)
	if snap, err := s.Load(ctx, a, ""); err != nil || snap.Session.Version != 7 || snap.Session.Address != "" {
		t.Fatalf("a damaged session loaded as %+v, %v", snap.Session, err)
	}
	if out := b.Handle(ctx, bot.Inbound{ID: "SM3", From: "+15550001111", Body: "hello"}); out.FailSafe || len(out.Replies) == 0 {
		t.Fatalf("after damage the texter got %+v; want to start over", out)
	}
}

// TestShardCountIsFixed: opening existing data with another shard count fails.
func TestShardCountIsFixed(t *testing.T) {
	url := redistest.URL(t)
	prefix := newPrefix(t, url)
	openStore(t, url, redis.Options{Keys: testKeys(t), Prefix: prefix, Shards: 4})
	_, err := redis.Open(context.Background(), url, redis.Options{Keys: testKeys(t), Prefix: prefix, Shards: 8})
	if err == nil || !strings.Contains(err.Error(), "has 4 shards, not 8") {
		t.Fatalf("opening with another shard count: %v", err)
	}
}
