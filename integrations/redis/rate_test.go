package redis_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestLoadCounted checks the rate count that rides in Load's pipeline: positions in order, the
// same position for a redelivered message, nothing recorded past the cap, a new window after
// the old one expires.
func TestLoadCounted(t *testing.T) {
	url := redistest.URL(t)
	keys, clock := testKeys(t), storetest.NewClock()
	s := openStore(t, url, redis.Options{Keys: keys, Clock: clock, Prefix: newPrefix(t, url)})
	ctx := context.Background()
	tx := keys.TexterKey(bot.ChannelSMS, "+15550004444")
	hit := func(id string, window time.Duration) int {
		t.Helper()
		_, pos, err := s.LoadCounted(ctx, tx, id, window, 3)
		if err != nil {
			t.Fatal(err)
		}
		return pos
	}
	for i, want := range []int{1, 2, 3, 4, 4} {
		if got := hit(fmt.Sprintf("SM%d", i), time.Minute); got != want {
			t.Errorf("message %d: position %d, want %d", i, got, want)
		}
	}
	if got := hit("SM1", time.Minute); got != 2 {
		t.Errorf("a redelivered message must keep its position: got %d", got)
	}
	other := keys.TexterKey(bot.ChannelSMS, "+15550005555")
	if _, pos, _ := s.LoadCounted(ctx, other, "SMx", 100*time.Millisecond, 3); pos != 1 {
		t.Errorf("another texter has its own window: %d", pos)
	}
	time.Sleep(250 * time.Millisecond) // Redis expires the window in its own time
	if _, pos, _ := s.LoadCounted(ctx, other, "SMy", time.Minute, 3); pos != 1 {
		t.Errorf("after the window ends counting starts again: %d", pos)
	}
}

// TestRateLimit_Bot sends 33 messages: 30 answered, one slow-down reply, then silence; STOP is
// still honoured.
func TestRateLimit_Bot(t *testing.T) {
	url := redistest.URL(t)
	keys, clock := testKeys(t), storetest.NewClock()
	s := openStore(t, url, redis.Options{Keys: keys, Clock: clock, Prefix: newPrefix(t, url)})
	b := newBot(t, s, keys, clock)
	ctx := context.Background()
	var limited, slow int
	for i := 0; i < 33; i++ {
		out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SM%d", i), From: "+15550006666", Body: "hello"})
		if out.Limited {
			limited++
			slow += len(out.Replies)
		}
	}
	if limited != 3 || slow != 1 {
		t.Fatalf("limited %d messages with %d replies; want 3 and 1", limited, slow)
	}
	if out := b.Handle(ctx, bot.Inbound{ID: "SMstop", From: "+15550006666", Body: "STOP"}); out.Limited || len(out.Replies) != 1 {
		t.Fatalf("STOP must always be honoured: %+v", out)
	}
}

func TestAdvance(t *testing.T) {
	url := redistest.URL(t)
	keys, clock := testKeys(t), storetest.NewClock()
	s := openStore(t, url, redis.Options{Keys: keys, Clock: clock, Prefix: newPrefix(t, url)})
	ctx := context.Background()
	for i, step := range []struct {
		rank int
		want bool
	}{{1, true}, {3, true}, {2, false}, {3, false}, {4, true}} {
		if got, err := s.Advance(ctx, "SM123", step.rank); err != nil || got != step.want {
			t.Errorf("step %d: Advance(%d) = %v, %v", i, step.rank, got, err)
		}
	}
	if n, err := s.Reached(ctx, "SM123"); n != 4 || err != nil {
		t.Errorf("Reached = %d, %v; want 4", n, err)
	}
	if n, err := s.Reached(ctx, "SMnever"); n != 0 || err != nil {
		t.Errorf("Reached of an unknown message = %d, %v", n, err)
	}
}
