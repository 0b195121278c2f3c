package bot

import (
	"context"
	"hash/fnv"
	"time"
)

// Outbox is the durable queue of committed effects. A Store's Commit appends a message's effects
// to it in the same atomic write as the session; the Worker drains it. Implementations:
// integrations/memory and integrations/redis (Redis Streams with a consumer group).
//
// The outbox has Shards() partitions. All effects of one texter land in shard ShardOf(texter),
// in commit order. Within a shard at most one consumer holds entries at a time: Claim hands out
// new entries only while no other consumer holds any. So one worker applies a shard's entries,
// oldest first, and a texter's effects are applied in the order they were committed. A consumer
// that has not claimed for minIdle is presumed dead and the next Claim takes its entries over.
type Outbox interface {
	// Shards returns the number of partitions, numbered 0 to Shards()-1.
	Shards() int
	// Claim returns, oldest first: the entries consumer holds in shard, after taking over the
	// entries of any other consumer that has not claimed for at least minIdle; then, only when
	// no other consumer holds entries in the shard, up to max new ones. Claiming renews
	// consumer's hold on everything it holds, also beyond what one Claim returns, so that no
	// other consumer takes any of it while this one keeps claiming.
	Claim(ctx context.Context, shard int, consumer string, max int, minIdle time.Duration) ([]OutboxEntry, error)
	// Ack removes entries that were applied.
	Ack(ctx context.Context, shard int, ids ...string) error
	// Requeue records a failed attempt: e.Attempts, e.First and e.NotBefore are saved, and the
	// entry stays held, in its place, until it is due again at e.NotBefore.
	Requeue(ctx context.Context, e OutboxEntry) error
	// Release lets any other consumer take over, at once, what consumer holds in shard.
	Release(ctx context.Context, shard int, consumer string) error
	// DeadLetter moves an entry out of the outbox into the dead letters, with reason (a short
	// code without personal data, e.g. "permanent 21610" or "expired"). The dead letters keep
	// only Effect.Redacted: what the effect was, not whose or what it said.
	DeadLetter(ctx context.Context, e OutboxEntry, reason string) error
	// OutboxStats counts what waits in the outbox and in the dead letters.
	OutboxStats(ctx context.Context) (OutboxStats, error)
}

// OutboxEntry is one committed effect waiting to be applied.
type OutboxEntry struct {
	ID     string // the store's id; ordered and unique within a shard only (Redis: a stream id per shard)
	Shard  int
	Effect Effect
	// Unreadable is set when the entry could not be decoded (it was sealed with another secret,
	// or is damaged); Effect is then empty and the Worker dead-letters the entry.
	Unreadable error

	Attempts  int       // failed attempts so far
	First     time.Time // when the first attempt failed; zero before any
	NotBefore time.Time // not to be tried before; zero means now
}

// OutboxStats is the size of the outbox.
type OutboxStats struct {
	Pending int64     // entries not yet applied nor dead-lettered
	Dead    int64     // dead letters kept for inspection
	Oldest  time.Time // when the oldest pending entry was committed; zero when none waits
}

// DefaultShards is the number of outbox shards the stores use unless configured otherwise.
const DefaultShards = 16

// ShardOf returns the shard, out of n, that holds the texter's effects. The stores key all of a
// texter's data by this shard, so that one atomic write touches one shard (one Redis Cluster slot).
func ShardOf(texter string, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(texter))
	return int(h.Sum32() % uint32(n))
}
