package redis_test

import (
	"context"
	"testing"

	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestMailbox runs the mailbox contract on a real redis-server, reading the raw keys to check
// that staff messages are stored sealed and Clear leaves none.
func TestMailbox(t *testing.T) {
	url := redistest.URL(t)
	prefix := newPrefix(t, url)
	s := openStore(t, url, redis.Options{Keys: testKeys(t), Prefix: prefix, Shards: testShards})
	c := newClient(t, url)
	defer c.Close()
	raw := func(texter string) []string {
		ctx := context.Background()
		var out []string
		keys, _ := c.Keys(ctx, prefix+":*:"+texter).Result()
		for _, k := range keys {
			switch typ, _ := c.Type(ctx, k).Result(); typ {
			case "list":
				vals, _ := c.LRange(ctx, k, 0, -1).Result()
				out = append(out, vals...)
			case "string":
				v, _ := c.Get(ctx, k).Result()
				out = append(out, v)
			}
			if ttl, _ := c.PTTL(ctx, k).Result(); ttl <= 0 {
				t.Errorf("key %s has no TTL", k)
			}
		}
		return out
	}
	storetest.RunMailbox(t, s.Mailbox(), raw)
}
