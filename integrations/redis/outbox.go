package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// heldLimit bounds how many held entries one Claim returns; while a consumer holds this many it
// gets no new entries (as in the memory store).
const heldLimit = 1024

// Shards implements bot.Outbox.
func (s *Store) Shards() int { return s.opts.Shards }

// Claim implements bot.Outbox with claimScript: the shard's hold, XAUTOCLAIM, XINFO CONSUMERS
// and XREADGROUP (own pending entries, then new ones) in one atomic step, so two consumers
// never both hold entries of one shard, however many entries the holder has.
func (s *Store) Claim(ctx context.Context, shard int, consumer string, max int, minIdle time.Duration) ([]bot.OutboxEntry, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	keys := []string{s.ks.queue(shard), s.ks.retries(shard), s.ks.hold(shard)}
	res, err := claimScript.Run(ctx, s.rdb, keys, group, consumer, max, minIdle.Milliseconds(), heldLimit).Slice()
	if err != nil {
		return nil, fmt.Errorf("error claiming outbox entries: %w", err)
	}
	out := make([]bot.OutboxEntry, 0, len(res)/3)
	for i := 0; i+2 < len(res); i += 3 {
		id, _ := res[i].(string)
		payload, _ := res[i+1].(string)
		record, _ := res[i+2].(string)
		e := bot.OutboxEntry{ID: id, Shard: shard}
		if res[i+1] == nil {
			// Deleted while pending: nothing to apply; acknowledge it away.
			if err := s.Ack(ctx, shard, id); err != nil {
				return nil, err
			}
			continue
		}
		e.Effect, e.Unreadable = openEffect(s.keys, payload)
		e.Attempts, e.First, e.NotBefore = parseRetry(record)
		out = append(out, e)
	}
	return out, nil
}

// Ack implements bot.Outbox: XACK, XDEL and HDEL of the retry record in one MULTI/EXEC.
func (s *Store) Ack(ctx context.Context, shard int, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	_, err := s.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.XAck(ctx, s.ks.queue(shard), group, ids...)
		p.XDel(ctx, s.ks.queue(shard), ids...)
		p.HDel(ctx, s.ks.retries(shard), ids...)
		return nil
	})
	if err != nil {
		return fmt.Errorf("error acknowledging outbox entries: %w", err)
	}
	return nil
}

// Requeue implements bot.Outbox.
func (s *Store) Requeue(ctx context.Context, e bot.OutboxEntry) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	record := fmt.Sprintf("%d:%d:%d", e.Attempts, millis(e.First), millis(e.NotBefore))
	keys := []string{s.ks.queue(e.Shard), s.ks.retries(e.Shard)}
	if err := requeueScript.Run(ctx, s.rdb, keys, e.ID, record).Err(); err != nil {
		return fmt.Errorf("error requeueing an outbox entry: %w", err)
	}
	return nil
}

// Release implements bot.Outbox.
func (s *Store) Release(ctx context.Context, shard int, consumer string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if err := releaseScript.Run(ctx, s.rdb, []string{s.ks.queue(shard), s.ks.hold(shard)}, group, consumer).Err(); err != nil {
		return fmt.Errorf("error releasing outbox entries: %w", err)
	}
	return nil
}

// DeadLetter implements bot.Outbox.
func (s *Store) DeadLetter(ctx context.Context, e bot.OutboxEntry, reason string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	keys := []string{s.ks.queue(e.Shard), s.ks.retries(e.Shard), s.ks.dead(e.Shard)}
	var kept []byte
	if e.Unreadable == nil {
		var err error
		if kept, err = sealEffect(s.keys, e.Effect.Redacted()); err != nil {
			return err
		}
	}
	err := deadLetterScript.Run(ctx, s.rdb, keys, group, e.ID, reason, e.Attempts, s.opts.DeadLetterTTL.Milliseconds(), kept).Err()
	if err != nil {
		return fmt.Errorf("error dead-lettering an outbox entry: %w", err)
	}
	return nil
}

// OutboxStats implements bot.Outbox: XLEN of every outbox and dead-letter stream, pipelined.
func (s *Store) OutboxStats(ctx context.Context) (bot.OutboxStats, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	pipe := s.rdb.Pipeline()
	queues := make([]*goredis.IntCmd, s.opts.Shards)
	dead := make([]*goredis.IntCmd, s.opts.Shards)
	first := make([]*goredis.XMessageSliceCmd, s.opts.Shards)
	for shard := range s.opts.Shards {
		queues[shard] = pipe.XLen(ctx, s.ks.queue(shard))
		dead[shard] = pipe.XLen(ctx, s.ks.dead(shard))
		first[shard] = pipe.XRangeN(ctx, s.ks.queue(shard), "-", "+", 1)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return bot.OutboxStats{}, fmt.Errorf("error counting outbox entries: %w", err)
	}
	var st bot.OutboxStats
	for shard := range s.opts.Shards {
		st.Pending += queues[shard].Val()
		st.Dead += dead[shard].Val()
		if msgs := first[shard].Val(); len(msgs) > 0 {
			if t, ok := streamTime(msgs[0].ID); ok && (st.Oldest.IsZero() || t.Before(st.Oldest)) {
				st.Oldest = t
			}
		}
	}
	return st, nil
}

// sealEffect stores an effect as sealed JSON: effects carry what texters wrote.
func sealEffect(keys *bot.Keys, e bot.Effect) ([]byte, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("error encoding an effect: %w", err)
	}
	return keys.SealBound(b, effectContext), nil
}

var effectContext = []byte("frontdoor/effect")

func openEffect(keys *bot.Keys, payload string) (bot.Effect, error) {
	plain, err := keys.OpenBound([]byte(payload), effectContext)
	if err != nil {
		return bot.Effect{}, err
	}
	var e bot.Effect
	if err := json.Unmarshal(plain, &e); err != nil {
		return bot.Effect{}, fmt.Errorf("error decoding an effect: %w", err)
	}
	return e, nil
}

// parseRetry reads "attempts:first ms:not before ms".
func parseRetry(record string) (attempts int, first, notBefore time.Time) {
	parts := strings.Split(record, ":")
	if len(parts) != 3 {
		return 0, time.Time{}, time.Time{}
	}
	attempts, _ = strconv.Atoi(parts[0])
	f, _ := strconv.ParseInt(parts[1], 10, 64)
	n, _ := strconv.ParseInt(parts[2], 10, 64)
	return attempts, fromMillis(f), fromMillis(n)
}

// streamTime reads the commit time out of a stream entry id ("<ms>-<seq>").
func streamTime(id string) (time.Time, bool) {
	ms, _, _ := strings.Cut(id, "-")
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.UnixMilli(n), true
}
