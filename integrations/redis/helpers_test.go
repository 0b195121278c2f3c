package redis_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// testShards is small so that texters share shards in tests.
const testShards = 4

// contractTimeout bounds each store call in the contract suites. The suites prove what the
// store does, not how fast: with the race detector and other test runs sharing 2 cores a call
// can take longer than DefaultTimeout, and the bot then answers with the fail-safe reply, which
// a suite that counts every message reads as a lost one. The deadline itself is tested on its
// own (TestFailSafeWhileRedisIsDown).
const contractTimeout = 5 * time.Second

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
func openStore(t testing.TB, url string, opts redis.Options) *storeParts {
	t.Helper()
	s, err := redis.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return partsOf(s)
}

// storeOn makes a store on a client the test controls (to add hooks).
func storeOn(t testing.TB, c goredis.UniversalClient, opts redis.Options) *storeParts {
	t.Helper()
	s, err := redis.New(context.Background(), c, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return partsOf(s)
}

// storeParts are the parts of one store in one value: the contract suites test a store that
// has every part (storetest.Store, storetest.ConsoleStore), and many tests use several.
type storeParts struct {
	*redis.Sessions
	*redis.Outbox
	*redis.Desk
	*redis.Backlog
	*tipsPart
	*statsPart
	*redis.SendGate
	*redis.Console
	*redis.Deliveries
	store *redis.Store
}

// tipsPart and statsPart name the embedded Tips and Stats apart from their methods Tips and
// Stats.
type (
	tipsPart  = redis.Tips
	statsPart = redis.Stats
)

func partsOf(s *redis.Store) *storeParts {
	return &storeParts{Sessions: s.Sessions(), Outbox: s.Outbox(), Desk: s.Desk(), Backlog: s.Backlog(), tipsPart: s.Tips(),
		statsPart: s.Stats(), SendGate: s.SendGate(), Console: s.Console(), Deliveries: s.Deliveries(), store: s}
}

// Shards is the shard count the outbox, the backlog and the tips share.
func (p *storeParts) Shards() int { return p.Outbox.Shards() }

// Mailbox is the store's web chat mailboxes.
func (p *storeParts) Mailbox() *redis.Mailbox { return p.store.Mailbox() }

// Close closes the store.
func (p *storeParts) Close() error { return p.store.Close() }

func testKeys(t testing.TB) *bot.Keys { return storetest.Keys(t) }

// newBot returns a Bot with the built-in flows, in English, on store, with the default rate
// limit counted by store as in production (so the rate window key is part of every test).
func newBot(t testing.TB, store *storeParts, keys *bot.Keys, clock bot.Clock) *bot.Bot {
	t.Helper()
	b, _ := newRig(t, store, keys, clock, false)
	return b
}

// newDeskBot is newBot with the staff desk on the store.
func newDeskBot(t testing.TB, store *storeParts, keys *bot.Keys, clock bot.Clock) (*bot.Bot, *bot.Desk) {
	t.Helper()
	return newRig(t, store, keys, clock, true)
}

func newRig(t testing.TB, store *storeParts, keys *bot.Keys, clock bot.Clock, desk bool) (*bot.Bot, *bot.Desk) {
	t.Helper()
	return storetest.NewRig(t, storetest.Rig{Store: store, Keys: keys, Clock: clock, Lang: "en",
		Log: slog.New(slog.DiscardHandler), Desk: desk, Limit: bot.RateLimit{Max: bot.DefaultRateMax, Window: bot.DefaultRateWindow}, Limiter: store})
}

// counter is a go-redis hook that counts round trips: one per command sent alone, one per
// pipeline or transaction.
type counter struct{ n atomic.Int64 }

func (c *counter) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (c *counter) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		c.n.Add(1)
		return next(ctx, cmd)
	}
}

func (c *counter) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		c.n.Add(1)
		return next(ctx, cmds)
	}
}

// scanAll returns every key in the server (a private one: the test owns all of it).
func scanAll(t testing.TB, c *goredis.Client) []string {
	t.Helper()
	ctx := context.Background()
	var keys []string
	iter := c.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

// privateBot starts a private redis-server (the test owns every key in it) and returns a raw
// client to it (closed when the test ends), the keys and clock, a store with opts (Keys and Clock
// filled in), and a Bot on that store.
func privateBot(t testing.TB, opts redis.Options) (*goredis.Client, *bot.Keys, *bottest.Clock, *storeParts, *bot.Bot) {
	t.Helper()
	srv := redistest.Start(t)
	c := newClient(t, srv.URL())
	t.Cleanup(func() { c.Close() })
	keys, clock := testKeys(t), storetest.NewClock()
	opts.Keys, opts.Clock = keys, clock
	s := openStore(t, srv.URL(), opts)
	return c, keys, clock, s, newBot(t, s, keys, clock)
}
