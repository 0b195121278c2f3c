package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// Backlog is bot.Backlog on Redis: the messages spooled while the store failed, ordered per
// texter across replicas. It owns the texter's backlog hash (texterKeys.backlog), the shard's
// backlog index and backlogDoneScript; Sessions.Load reads whether a backlog exists.
type Backlog struct{ *conn }

var _ bot.Backlog = (*Backlog)(nil)

// Shards implements bot.Backlog: the shards of the backlog index.
func (s *Backlog) Shards() int { return s.opts.Shards }

// backlogIndex lists a shard's texters with a backlog, scored by when they are due.
func (k keyspace) backlogIndex(shard int) string { return k.tag(shard) + ":bi" }

// Defer implements bot.Backlog in one pipeline: per message, ZADD GT of its texter to the
// shard's backlog index (due), HSETNX of the sealed message into the texter's backlog and its
// TTL. The index comes first, so that a crash half-way leaves an index entry without messages
// (dropped when found), never messages nobody looks for. Plain commands, not a script: a Redis
// that just came back has no scripts loaded, and inside a pipeline EVALSHA would not fall back.
func (s *Backlog) Defer(ctx context.Context, ms []bot.Deferred, due time.Time) error {
	if len(ms) == 0 {
		return nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	pipe := s.rdb.Pipeline()
	for _, m := range ms {
		if m.Inbound.ID == "" {
			return errors.New("redis store: a deferred message needs its id")
		}
		k := s.ks.texter(m.Texter)
		plain, err := json.Marshal(m.Spooled)
		if err != nil {
			return fmt.Errorf("error encoding a deferred message: %w", err)
		}
		sealed := s.keys.SealBound(plain, []byte(k.backlog+"\x00"+m.Inbound.ID))
		pipe.ZAddGT(ctx, s.ks.backlogIndex(k.shard), goredis.Z{Score: float64(due.UnixMilli()), Member: m.Texter})
		pipe.HSetNX(ctx, k.backlog, m.Inbound.ID, strconv.FormatInt(m.Received.UnixMicro(), 10)+":"+string(sealed))
		pipe.PExpire(ctx, k.backlog, s.opts.SessionTTL)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("error deferring messages: %w", err)
	}
	return nil
}

// Waiting implements bot.Backlog: HGETALL of the texter's backlog and its due time, pipelined.
// A message that does not open (another secret) is left out.
func (s *Backlog) Waiting(ctx context.Context, texter string) ([]bot.Spooled, time.Time, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	k := s.ks.texter(texter)
	pipe := s.rdb.Pipeline()
	all := pipe.HGetAll(ctx, k.backlog)
	due := pipe.ZScore(ctx, s.ks.backlogIndex(k.shard), texter)
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return nil, time.Time{}, fmt.Errorf("error reading a backlog: %w", err)
	}
	type item struct {
		at int64
		id string
		m  bot.Spooled
	}
	var items []item
	for id, v := range all.Val() {
		at, sealed, _ := strings.Cut(v, ":")
		us, _ := strconv.ParseInt(at, 10, 64)
		plain, err := s.keys.OpenBound([]byte(sealed), []byte(k.backlog+"\x00"+id))
		var m bot.Spooled
		if err != nil || json.Unmarshal(plain, &m) != nil {
			continue
		}
		items = append(items, item{us, id, m})
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].at != items[j].at {
			return items[i].at < items[j].at
		}
		return items[i].id < items[j].id
	})
	out := make([]bot.Spooled, len(items))
	for i, it := range items {
		out[i] = it.m
	}
	return out, time.UnixMilli(int64(due.Val())), nil
}

// DueTexters implements bot.Backlog with leaseDueScript over the shard's backlog index; a
// texter whose backlog is gone is dropped.
func (s *Backlog) DueTexters(ctx context.Context, shard int, now time.Time, lease time.Duration, max int) ([]string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	res, err := leaseDueScript.Run(ctx, s.rdb, []string{s.ks.backlogIndex(shard)},
		now.UnixMilli(), lease.Milliseconds(), max, s.ks.tag(shard)+":b:").StringSlice()
	if err != nil {
		return nil, fmt.Errorf("error reading the backlog index: %w", err)
	}
	return res, nil
}

// Handled implements bot.Backlog with backlogDoneScript.
func (s *Backlog) Handled(ctx context.Context, texter, messageID string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	k := s.ks.texter(texter)
	if err := backlogDoneScript.Run(ctx, s.rdb, []string{k.backlog, s.ks.backlogIndex(k.shard)}, messageID, texter).Err(); err != nil {
		return fmt.Errorf("error removing a handled message from the backlog: %w", err)
	}
	return nil
}

// backlogDoneScript removes a handled message, and the texter from the index when none is left.
//
// KEYS: the texter's backlog, the backlog index. ARGV: [1] message id, [2] texter.
var backlogDoneScript = goredis.NewScript(`
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[2]) end
return 1
`)
