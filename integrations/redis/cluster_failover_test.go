package redis_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestClusterFailover kills the master of slots 0-5460 of a real 6-node cluster (3 masters, 3
// replicas) after effects were committed in every shard. Once its replica is promoted, every
// texter's session must load again within 5 s (go-redis alone kept dialling the dead node until
// its one-minute slot reload), and the worker must apply every effect exactly once, those whose
// outbox lived on the dead master included.
func TestClusterFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 6-node cluster and waits for a failover")
	}
	c := redistest.StartCluster6(t)
	keys := testKeys(t)
	s := openStore(t, c.URL(), redis.Options{Keys: keys})
	ctx := context.Background()
	texters := make([]string, 48)
	for i := range texters {
		texters[i] = keys.TexterKey(bot.ChannelSMS, fmt.Sprintf("+1555000%04d", i))
		err := s.Commit(ctx, bot.Commit{Texter: texters[i], MessageID: fmt.Sprintf("SM%d", i), Session: bot.Session{Texter: texters[i]},
			Effects: []bot.Effect{{Kind: bot.DeskNote, Texter: texters[i], Text: texters[i], At: time.Now()}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	old := c.MasterOf(0)
	old.Stop()
	killed := time.Now()
	if _, err := c.WaitFailover(0, old, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	promoted := time.Now()
	t.Logf("replica promoted %v after the kill", promoted.Sub(killed).Round(10*time.Millisecond))
	for {
		failed := 0
		for _, tx := range texters {
			if snap, err := s.Load(ctx, tx, ""); err != nil || snap.Session.Version != 1 {
				failed++
			}
		}
		if failed == 0 {
			break
		}
		if time.Since(promoted) > 5*time.Second {
			t.Fatalf("%v after the promotion %d of %d sessions still do not load", time.Since(promoted).Round(time.Second), failed, len(texters))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("every session loads %v after the promotion", time.Since(promoted).Round(10*time.Millisecond))
	var mu sync.Mutex
	applied := map[string]int{}
	w := &bot.Worker{Outbox: s, Clock: bot.ClockFunc(time.Now), Consumer: "w1", Log: slog.New(slog.DiscardHandler),
		Applier: bot.ApplierFunc(func(_ context.Context, e bot.Effect) error {
			mu.Lock()
			defer mu.Unlock()
			applied[e.Text]++
			return nil
		})}
	for deadline := time.Now().Add(5 * time.Second); len(applied) < len(texters); {
		if time.Now().After(deadline) {
			t.Fatalf("5 s after the failover the worker applied %d of %d effects", len(applied), len(texters))
		}
		w.Poll(ctx)
	}
	for tx, n := range applied {
		if n != 1 {
			t.Errorf("an effect of %s was applied %d times", tx[:8], n)
		}
	}
}
