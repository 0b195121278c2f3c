package redis_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestSentinelFailover kills the primary that three Sentinels watch, after sessions were
// committed: once the Sentinels promote the replica, every session must load again within 5 s
// and commits must land on the new primary.
func TestSentinelFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a primary, a replica and three Sentinels and waits for a failover")
	}
	g := redistest.StartSentinels(t)
	keys := testKeys(t)
	s := openStore(t, g.URL(), redis.Options{Keys: keys})
	ctx := context.Background()
	texters := make([]string, 32)
	for i := range texters {
		texters[i] = keys.TexterKey(bot.ChannelSMS, fmt.Sprintf("+1555000%04d", i))
		if err := s.Commit(ctx, bot.Commit{Texter: texters[i], MessageID: fmt.Sprintf("SM%d", i), Session: bot.Session{Texter: texters[i]}}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(100 * time.Millisecond) // replication is asynchronous
	old := g.Primary()
	old.Stop()
	killed := time.Now()
	if _, err := g.WaitFailover(old, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	promoted := time.Now()
	t.Logf("replica promoted %v after the kill", promoted.Sub(killed).Round(10*time.Millisecond))
	for {
		failed := 0
		for i, tx := range texters {
			snap, err := s.Load(ctx, tx, "")
			if err == nil && snap.Session.Version == 1 {
				err = s.Commit(ctx, bot.Commit{Texter: tx, MessageID: fmt.Sprintf("SMafter%d", i), Session: snap.Session})
			}
			if err != nil && err != bot.ErrConflict {
				failed++
			}
		}
		if failed == 0 {
			break
		}
		if time.Since(promoted) > 5*time.Second {
			t.Fatalf("%v after the promotion %d of %d texters still fail", time.Since(promoted).Round(time.Second), failed, len(texters))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("every session loads and commits %v after the promotion", time.Since(promoted).Round(10*time.Millisecond))
}
