package redis_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

func TestOpen(t *testing.T) {
	ctx := context.Background()
	keys := testKeys(t)
	t.Run("ErrScheme", func(t *testing.T) {
		_, err := redis.Open(ctx, "http://127.0.0.1:6379", redis.Options{Keys: keys})
		if err == nil || !strings.Contains(err.Error(), "scheme") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrNoScheme", func(t *testing.T) {
		_, err := redis.Open(ctx, "localhost:6379", redis.Options{Keys: keys})
		for _, want := range []string{`"localhost:6379" has no scheme`, "redis://localhost:6379", "rediss://", "redis+sentinel://", "redis+cluster://"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v; want it to say %q", err, want)
			}
		}
		_, err = redis.Open(ctx, ":hunter2secret@localhost:6379", redis.Options{Keys: keys})
		if err == nil || strings.Contains(err.Error(), "hunter2secret") {
			t.Errorf("err = %v; the password must not show", err)
		}
		if _, err = redis.Open(ctx, "redis+sentinels://h:1", redis.Options{Keys: keys}); err == nil || !strings.Contains(err.Error(), "redis+cluster://") {
			t.Errorf("a misspelt mode: err = %v", err)
		}
	})
	t.Run("ErrNoKeys", func(t *testing.T) {
		if _, err := redis.Open(ctx, "redis://127.0.0.1:1", redis.Options{}); err == nil {
			t.Fatal("opened without Keys")
		}
	})
	t.Run("ErrCAFileWithoutTLS", func(t *testing.T) {
		_, err := redis.Open(ctx, "redis://127.0.0.1:1", redis.Options{Keys: keys, CAFile: "ca.pem"})
		if err == nil || !strings.Contains(err.Error(), "rediss://") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrPasswordNotShown", func(t *testing.T) {
		_, err := redis.Open(ctx, "redis://:hunter2secret@127.0.0.1:1/?no_such_option=1", redis.Options{Keys: keys})
		if err == nil || strings.Contains(err.Error(), "hunter2secret") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrUnreachable", func(t *testing.T) {
		if _, err := redis.Open(ctx, "redis://127.0.0.1:1", redis.Options{Keys: keys}); err == nil {
			t.Fatal("opened a Redis that is not there")
		}
	})
}

// TestOpenTLS: rediss:// with a private CA works only when the CA file is given.
func TestOpenTLS(t *testing.T) {
	srv, caFile := redistest.StartTLS(t)
	ctx := context.Background()
	keys := testKeys(t)
	if _, err := redis.Open(ctx, srv.URL(), redis.Options{Keys: keys}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without the CA file: %v; want a certificate error", err)
	}
	s := openStore(t, srv.URL(), redis.Options{Keys: keys, CAFile: caFile})
	tx := keys.TexterKey(bot.ChannelSMS, "+15550001111")
	if err := s.Commit(ctx, bot.Commit{Texter: tx, MessageID: "SM1", Session: bot.Session{Texter: tx}}); err != nil {
		t.Fatal(err)
	}
	if snap, err := s.Load(ctx, tx, "SM1"); err != nil || !snap.Done {
		t.Fatalf("over TLS loaded %+v, %v", snap, err)
	}
}

// TestClusterContract runs the contract suite on a Redis Cluster (one node owning every slot):
// Redis refuses scripts and transactions whose keys are in different slots, so this proves the
// hash tags keep each atomic write in one slot.
func TestClusterContract(t *testing.T) {
	srv := redistest.StartCluster(t)
	storetest.Run(t, func(t *testing.T, keys *bot.Keys, clock bot.Clock) func() storetest.Store {
		opts := redis.Options{Keys: keys, Clock: clock, Prefix: newPrefix(t, "redis://"+srv.Addr()), Shards: testShards, Timeout: contractTimeout}
		return func() storetest.Store { return openStore(t, srv.URL(), opts) }
	})
}

// TestOpenSentinel: redis+sentinel:// finds the primary through Sentinel.
func TestOpenSentinel(t *testing.T) {
	primary := redistest.Start(t)
	sentinel := redistest.StartSentinel(t, primary)
	keys, ctx := testKeys(t), context.Background()
	s := openStore(t, sentinel.URL(), redis.Options{Keys: keys})
	tx := keys.TexterKey(bot.ChannelSMS, "+15550001111")
	if err := s.Commit(ctx, bot.Commit{Texter: tx, MessageID: "SM1", Session: bot.Session{Texter: tx}}); err != nil {
		t.Fatal(err)
	}
	direct := newClient(t, primary.URL())
	defer direct.Close()
	if n := direct.Exists(ctx, "fd:{"+strconv.Itoa(bot.ShardOf(tx, bot.DefaultShards))+"}:s:"+tx).Val(); n != 1 {
		t.Fatal("the session did not reach the primary")
	}
}
