package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// Desk is the staff desk's part of the store (bot.DeskStore, bot.Leaser, and bot.CloseLog in
// closes.go). The thread index, the ledger, the timers and the claimed list sit in the texter's
// shard, so the commit (Sessions.Commit) keeps them in step with the session in its one script;
// Desk reads them, writes the ledger and the sent messages, and leases the timers. The package
// doc lists the keys.
type Desk struct{ *conn }

var _ bot.DeskStore = (*Desk)(nil)

// thread is the key of a desk thread in a shard; a thread is looked up in every shard.
func (k keyspace) thread(shard int, th bot.Thread) string { return k.tag(shard) + ":t:" + th.String() }

func (k keyspace) timers(shard int) string  { return k.tag(shard) + ":w" }
func (k keyspace) claimed(shard int) string { return k.tag(shard) + ":c" }

// sent is the conversation of a desk SMS, by the provider's message id, in its texter's shard;
// sentPrefix the prefix of a shard's. legacySent is where records were kept before (outside
// any shard, so erasure could not reach them); they are still read until they expire.
func (k keyspace) sent(shard int, sid string) string { return k.sentPrefix(shard) + sid }
func (k keyspace) sentPrefix(shard int) string       { return k.tag(shard) + ":sm:" }
func (k keyspace) legacySent(sid string) string      { return k.prefix + ":sm:" + sid }

// lease is a named lease for a periodic job.
func (k keyspace) lease(name string) string { return k.prefix + ":lease:" + name }

// sentTTL is how long the conversation of a desk SMS is remembered for its status callbacks.
const sentTTL = 7 * 24 * time.Hour

// LookupThread implements bot.DeskStore: one pipeline of a GET per shard (the thread's shard
// is the texter's, which a Slack event does not tell).
func (s *Desk) LookupThread(ctx context.Context, th bot.Thread) (string, bool, error) {
	if th.IsZero() {
		return "", false, bot.ErrNoThread
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	pipe := s.rdb.Pipeline()
	gets := make([]*goredis.StringCmd, s.opts.Shards)
	for shard := range s.opts.Shards {
		gets[shard] = pipe.Get(ctx, s.ks.thread(shard, th))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return "", false, fmt.Errorf("error looking up a thread: %w", err)
	}
	for _, g := range gets {
		if v, err := g.Result(); err == nil {
			return strings.TrimPrefix(v, "-"), v != "-", nil
		}
	}
	return "", false, bot.ErrNoThread
}

// Ledger implements bot.DeskStore. A field is "0:" when begun, "1:<value>" when done.
func (s *Desk) Ledger(ctx context.Context, texter, key string) (string, bot.LedgerState, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	v, err := s.rdb.HGet(ctx, s.ks.texter(texter).ledger, key).Result()
	switch {
	case errors.Is(err, goredis.Nil):
		return "", bot.LedgerNone, nil
	case err != nil:
		return "", bot.LedgerNone, fmt.Errorf("error reading the ledger: %w", err)
	case strings.HasPrefix(v, "1:"):
		return v[2:], bot.LedgerDone, nil
	}
	return "", bot.LedgerBegun, nil
}

// BeginLedger implements bot.DeskStore with ledgerScript.
func (s *Desk) BeginLedger(ctx context.Context, texter, key string) error {
	return s.writeLedger(ctx, texter, key, "0", "0:")
}

// SetLedger implements bot.DeskStore with ledgerScript.
func (s *Desk) SetLedger(ctx context.Context, texter, key, value string) error {
	return s.writeLedger(ctx, texter, key, "1", "1:"+value)
}

func (s *Desk) writeLedger(ctx context.Context, texter, key, mode, value string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	k := s.ks.texter(texter)
	n, err := ledgerScript.Run(ctx, s.rdb, []string{k.ledger, k.session}, key, mode, value, s.opts.SessionTTL.Milliseconds()).Int()
	switch {
	case err != nil:
		return fmt.Errorf("error writing the ledger: %w", err)
	case n == 0:
		return bot.ErrConversationGone
	}
	return nil
}

// ForgetLedger implements bot.DeskStore.
func (s *Desk) ForgetLedger(ctx context.Context, texter, key string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if err := s.rdb.HDel(ctx, s.ks.texter(texter).ledger, key).Err(); err != nil {
		return fmt.Errorf("error writing the ledger: %w", err)
	}
	return nil
}

// DueTimers implements bot.DeskStore with leaseDueScript over the timers, shard by shard (a
// timer whose session is gone is dropped).
func (s *Desk) DueTimers(ctx context.Context, now time.Time, lease time.Duration, max int) ([]string, error) {
	var out []string
	for shard := range s.opts.Shards {
		if len(out) >= max {
			break
		}
		got, err := s.shardList(ctx, leaseDueScript, s.ks.timers(shard),
			now.UnixMilli(), lease.Milliseconds(), max-len(out), s.ks.sessions(shard))
		if err != nil {
			return out, fmt.Errorf("error claiming due timers: %w", err)
		}
		out = append(out, got...)
	}
	return out, nil
}

// Claimed implements bot.DeskStore with claimedScript, shard by shard.
func (s *Desk) Claimed(ctx context.Context) ([]string, error) {
	var out []string
	for shard := range s.opts.Shards {
		got, err := s.shardList(ctx, claimedScript, s.ks.claimed(shard), s.ks.sessions(shard))
		if err != nil {
			return nil, fmt.Errorf("error listing claimed conversations: %w", err)
		}
		out = append(out, got...)
	}
	return out, nil
}

func (s *Desk) shardList(ctx context.Context, sc *goredis.Script, key string, args ...any) ([]string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return sc.Run(ctx, s.rdb, []string{key}, args...).StringSlice()
}

// RememberSent implements bot.DeskStore with rememberSentScript: the record is sealed (it names
// the texter key) and kept in the texter's shard, listed under them, so that erasure deletes it.
// For a texter whose session is gone nothing is kept (bot.ErrConversationGone).
func (s *Desk) RememberSent(ctx context.Context, sid string, ref bot.SentRef) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	b, err := json.Marshal(sentRecord(ref))
	if err != nil {
		return err
	}
	k := s.ks.texter(ref.Texter)
	key := s.ks.sent(k.shard, sid)
	n, err := rememberSentScript.Run(ctx, s.rdb, []string{key, k.sentOf, k.session}, s.keys.SealBound(b, []byte(key)), sid, sentTTL.Milliseconds()).Int()
	switch {
	case err != nil:
		return fmt.Errorf("error recording a sent message: %w", err)
	case n == 0:
		return bot.ErrConversationGone
	}
	return nil
}

// SentRef implements bot.DeskStore: one pipeline of a GET per shard (a status callback does not
// tell the shard), and of the key records had before they moved into the shards.
func (s *Desk) SentRef(ctx context.Context, sid string) (bot.SentRef, bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	pipe := s.rdb.Pipeline()
	names := make([]string, 0, s.opts.Shards+1)
	for shard := range s.opts.Shards {
		names = append(names, s.ks.sent(shard, sid))
	}
	names = append(names, s.ks.legacySent(sid))
	gets := make([]*goredis.StringCmd, len(names))
	for i, k := range names {
		gets[i] = pipe.Get(ctx, k)
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return bot.SentRef{}, false, fmt.Errorf("error reading a sent message: %w", err)
	}
	for i, g := range gets {
		v, err := g.Bytes()
		if err != nil {
			continue
		}
		plain, err := s.keys.OpenBound(v, []byte(names[i]))
		if err != nil {
			return bot.SentRef{}, false, nil // another secret, or damaged: as if unknown
		}
		var rec sentRecord
		if err := json.Unmarshal(plain, &rec); err != nil {
			return bot.SentRef{}, false, nil
		}
		return bot.SentRef(rec), true, nil
	}
	return bot.SentRef{}, false, nil
}

// sentRecord is bot.SentRef with short JSON names.
type sentRecord struct {
	Texter  string     `json:"t"`
	Thread  bot.Thread `json:"th"`
	Handoff string     `json:"h,omitempty"`
	TS      string     `json:"ts,omitempty"`
	Notice  string     `json:"n,omitempty"`
}

// Lease implements bot.DeskStore.
func (s *Desk) Lease(ctx context.Context, name string, ttl time.Duration) (bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	ok, err := s.rdb.SetNX(ctx, s.ks.lease(name), "1", ttl).Result()
	if err != nil {
		return false, fmt.Errorf("error taking a lease: %w", err)
	}
	return ok, nil
}

// ReleaseLease implements bot.DeskStore.
func (s *Desk) ReleaseLease(ctx context.Context, name string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if err := s.rdb.Del(ctx, s.ks.lease(name)).Err(); err != nil {
		return fmt.Errorf("error giving a lease back: %w", err)
	}
	return nil
}

// rememberSentScript keeps the record of a desk SMS and lists it under its texter, while the
// texter's session lives (an SMS in flight during an erasure leaves nothing behind).
//
// KEYS: record, the texter's sent list, session. ARGV: [1] sealed record, [2] sid, [3] TTL ms.
// Returns 1, or 0 when there is no session.
var rememberSentScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
`)

// claimedScript lists the claimed texters of one shard, dropping those whose session is gone.
//
// KEYS: claimed. ARGV: [1] the shard's session key prefix.
var claimedScript = goredis.NewScript(`
local out = {}
for _, t in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if redis.call('EXISTS', ARGV[1] .. t) == 0 then redis.call('ZREM', KEYS[1], t) else out[#out + 1] = t end
end
return out
`)

// ledgerScript records that work for a key began (mode "0": unless the ledger knows it
// already) or finished (mode "1"). The ledger lives as long as the session: when the session is
// gone (erased or expired, maybe while a post was in flight) nothing is written, so an erased
// texter's ledger never comes back.
//
// KEYS: ledger, session. ARGV: [1] key, [2] mode, [3] value, [4] TTL ms.
// Returns 1, or 0 when there is no session.
var ledgerScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
if ARGV[2] == '0' then redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[3]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`)
