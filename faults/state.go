package faults

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"

	goredis "github.com/redis/go-redis/v9"
)

// StoreDigest is a digest of every key and value in a Redis the test owns (one server), without
// what replicas change on their own while idle: the periodic jobs' leases (fd:lease:*), the
// outbox consumers' bookkeeping (a stream counts by its entries only) and their hold of each
// outbox shard (fd:{N}:h, renewed by every claim). Two equal digests mean
// no state changed in between.
func StoreDigest(t testing.TB, redisURL string) (digest string, keys int) {
	t.Helper()
	o, err := goredis.ParseURL(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(o)
	defer c.Close()
	ctx := context.Background()
	var names []string
	iter := c.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		if k := iter.Val(); !strings.Contains(k, ":lease:") && !strings.HasSuffix(k, "}:h") {
			names = append(names, iter.Val())
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, k := range names {
		h.Write([]byte(k + "\x00" + value(t, c, k) + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil)), len(names)
}

func value(t testing.TB, c *goredis.Client, key string) string {
	ctx := context.Background()
	if c.Type(ctx, key).Val() == "stream" {
		msgs, err := c.XRange(ctx, key, "-", "+").Result()
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, m := range msgs {
			b.WriteString(m.ID + "\x00")
			for k, v := range m.Values {
				b.WriteString(k + "=" + fmt.Sprint(v) + "\x00")
			}
		}
		return b.String()
	}
	v, err := c.Dump(ctx, key).Result()
	if err != nil && err != goredis.Nil {
		t.Fatal(err)
	}
	return v
}
