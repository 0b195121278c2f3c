package redis_test

import (
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

func TestContract(t *testing.T) {
	url := redistest.URL(t)
	storetest.Run(t, func(t *testing.T, keys *bot.Keys, clock bot.Clock) func() storetest.Store {
		opts := redis.Options{Keys: keys, Clock: clock, Prefix: newPrefix(t, url), Shards: testShards}
		return func() storetest.Store { return openStore(t, url, opts) } // a new connection each: another replica
	})
}

func TestConsoleContract(t *testing.T) {
	url := redistest.URL(t)
	storetest.RunConsole(t, func(t *testing.T, clock bot.Clock) func() storetest.ConsoleStore {
		opts := redis.Options{Keys: storetest.Keys(t), Clock: clock, Prefix: newPrefix(t, url), Shards: testShards}
		return func() storetest.ConsoleStore { return openStore(t, url, opts) }
	})
}

func TestClosesContract(t *testing.T) {
	url := redistest.URL(t)
	storetest.RunCloses(t, func(t *testing.T, clock bot.Clock) bot.CloseLog {
		return openStore(t, url, redis.Options{Keys: storetest.Keys(t), Clock: clock, Prefix: newPrefix(t, url), Shards: testShards})
	})
}
