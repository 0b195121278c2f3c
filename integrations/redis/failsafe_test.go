package redis_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestFailSafeWhileRedisIsDown stops Redis mid-test: every message gets the fail-safe reply
// within a second (the requirement, not a speed target), nothing panics, the message is not
// marked done; when Redis is back (empty, as after a crash without persistence) the same store
// and worker carry on by themselves.
func TestFailSafeWhileRedisIsDown(t *testing.T) {
	srv := redistest.Start(t)
	keys, clock := testKeys(t), storetest.NewClock()
	s := openStore(t, srv.URL(), redis.Options{Keys: keys, Clock: clock})
	b := newBot(t, s, keys, clock)
	ctx := context.Background()
	if out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hello"}); out.FailSafe {
		t.Fatal("fail-safe reply while Redis is up")
	}
	srv.Stop()
	for i := range 3 {
		start := time.Now()
		out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SM%d", i+2), From: "+15550001111", Body: "3"})
		took := time.Since(start)
		t.Logf("fail-safe reply %d after %v", i, took)
		if took > time.Second {
			t.Fatalf("the fail-safe reply took %v with Redis down; the limit is 1s", took)
		}
		if !out.FailSafe || out.Replies[0] != bot.FailSafeReply {
			t.Fatalf("with Redis down got %+v, want the fail-safe reply", out)
		}
	}
	if err := s.Ping(ctx); err == nil {
		t.Fatal("Ping succeeded with Redis down")
	}
	srv.Restart()
	out := b.Handle(ctx, bot.Inbound{ID: "SM2", From: "+15550001111", Body: "hello"})
	if out.FailSafe || out.Duplicate || len(out.Replies) == 0 {
		t.Fatalf("after Redis came back got %+v; want a normal answer to the unhandled message", out)
	}
	b.Handle(ctx, bot.Inbound{ID: "SM3", From: "+15550001111", Body: "DELETE"}) // an effect for the worker
	var applied []bot.EffectKind
	w := &bot.Worker{Outbox: s, Clock: clock, Consumer: "w", Log: slog.New(slog.DiscardHandler),
		Applier: bot.ApplierFunc(func(_ context.Context, e bot.Effect) error { applied = append(applied, e.Kind); return nil })}
	if _, err := w.Poll(ctx); err != nil {
		t.Fatalf("the worker did not recover: %v", err)
	}
	if fmt.Sprint(applied) != "[erased]" {
		t.Fatalf("after the restart the worker applied %v", applied)
	}
}
