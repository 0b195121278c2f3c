package redis_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
)

// testShards is small so that texters share shards in tests.
const testShards = 4

// newPrefix returns a key prefix no other test uses, and deletes its keys when the test ends,
// so that tests can share one Redis (REDIS_URL) without touching anything else.
func newPrefix(t testing.TB, url string) string {
	t.Helper()
	b := make([]byte, 4)
	rand.Read(b)
	prefix := "test" + hex.EncodeToString(b)
	t.Cleanup(func() {
		c := newClient(t, url)
		defer c.Close()
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+":*", 1000).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return prefix
}

func newClient(t testing.TB, url string) *goredis.Client {
	t.Helper()
	o, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	return goredis.NewClient(o)
}

// openStore opens a store and closes it when the test ends.
func openStore(t testing.TB, url string, opts redis.Options) *redis.Store {
	t.Helper()
	s, err := redis.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// storeOn makes a store on a client the test controls (to add hooks).
func storeOn(t testing.TB, c goredis.UniversalClient, opts redis.Options) *redis.Store {
	t.Helper()
	s, err := redis.New(context.Background(), c, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func testKeys(t testing.TB) *bot.Keys { return storetest.Keys(t) }
