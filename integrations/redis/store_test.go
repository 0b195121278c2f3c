package redis_test

import (
	"context"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

func TestContract(t *testing.T) {
	url := redistest.URL(t)
	storetest.Run(t, func(t *testing.T, keys *bot.Keys, clock bot.Clock) func() storetest.Store {
		opts := redis.Options{Keys: keys, Clock: clock, Prefix: newPrefix(t, url), Shards: testShards, Timeout: contractTimeout}
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

// TestStatsWithoutHours: counters written before they had an hour ("tips" rather than "tips@14")
// still count, in the day's first hour.
func TestStatsWithoutHours(t *testing.T) {
	url := redistest.URL(t)
	c := newClient(t, url)
	prefix := newPrefix(t, url)
	s := openStore(t, url, redis.Options{Keys: storetest.Keys(t), Clock: storetest.NewClock(), Prefix: prefix, Shards: testShards})
	ctx := context.Background()
	key := prefix + ":{1}:st:" + bot.StatsDay(storetest.Start)
	if err := c.HSet(ctx, key, "tips", 3, "tips@14", 2, "bad field", 9).Err(); err != nil {
		t.Fatal(err)
	}
	days, err := s.Stats(ctx, storetest.Start, storetest.Start)
	if err != nil || days[0].Counts["tips"] != 5 || days[0].Hours[0]["tips"] != 3 || days[0].Hours[14]["tips"] != 2 || len(days[0].Counts) != 1 {
		t.Fatalf("Stats: %+v, %v", days, err)
	}
}
