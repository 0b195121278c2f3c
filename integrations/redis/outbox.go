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

// Outbox is bot.Outbox on Redis: one stream per shard, which the commit (Sessions.Commit)
// appends to and the workers claim from, with the shard's retry records, hold and dead letters.
// It owns those keys and claimScript, requeueScript, releaseScript and deadLetterScript.
type Outbox struct{ *conn }

var _ bot.Outbox = (*Outbox)(nil)

func (k keyspace) queue(shard int) string   { return k.tag(shard) + ":q" }
func (k keyspace) retries(shard int) string { return k.tag(shard) + ":r" }
func (k keyspace) dead(shard int) string    { return k.tag(shard) + ":x" }
func (k keyspace) hold(shard int) string    { return k.tag(shard) + ":h" }

// group is the consumer group of the outbox streams.
const group = "workers"

// heldLimit bounds how many held entries one Claim returns; while a consumer holds this many it
// gets no new entries (as in the memory store).
const heldLimit = 1024

// Shards implements bot.Outbox.
func (s *Outbox) Shards() int { return s.opts.Shards }

// Claim implements bot.Outbox with claimScript: the shard's hold, XAUTOCLAIM, XINFO CONSUMERS
// and XREADGROUP (own pending entries, then new ones) in one atomic step, so two consumers
// never both hold entries of one shard, however many entries the holder has.
func (s *Outbox) Claim(ctx context.Context, shard int, consumer string, max int, minIdle time.Duration) ([]bot.OutboxEntry, error) {
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
func (s *Outbox) Ack(ctx context.Context, shard int, ids ...string) error {
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
func (s *Outbox) Requeue(ctx context.Context, e bot.OutboxEntry) error {
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
func (s *Outbox) Release(ctx context.Context, shard int, consumer string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if err := releaseScript.Run(ctx, s.rdb, []string{s.ks.queue(shard), s.ks.hold(shard)}, group, consumer).Err(); err != nil {
		return fmt.Errorf("error releasing outbox entries: %w", err)
	}
	return nil
}

// DeadLetter implements bot.Outbox.
func (s *Outbox) DeadLetter(ctx context.Context, e bot.OutboxEntry, reason string) error {
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
func (s *Outbox) OutboxStats(ctx context.Context) (bot.OutboxStats, error) {
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

// claimScript hands a consumer its entries of one shard. The shard is held by one consumer at a
// time through its hold key ("<consumer> <ms of its last claim>"): while another consumer holds
// it and claimed less than min idle ago, nothing is returned, however many entries it holds (a
// consumer's entries are renewed by its claims only up to the held limit, so the entry idle
// times alone cannot tell a live holder from a dead one). Otherwise the consumer takes (or
// renews) the hold, takes over the entries of consumers idle for min idle, then returns its own
// pending entries and, only when no other consumer still holds entries, new ones. It also
// forgets consumers that hold nothing and have been idle for a day, and recreates the group if
// the stream lost it.
//
// KEYS: outbox stream, retries hash, hold. ARGV: [1] group, [2] consumer, [3] max new, [4] min
// idle ms, [5] held limit.
// Returns a flat list: id, sealed effect (false if the entry is gone), retry record or false, ...
var claimScript = goredis.NewScript(`
local s, g, me = KEYS[1], ARGV[1], ARGV[2]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local hold = redis.call('GET', KEYS[3])
if hold then
  local holder, at = string.match(hold, '^(.*) (%d+)$')
  if holder and holder ~= me and now - tonumber(at) < tonumber(ARGV[4]) then return {} end
end
redis.call('SET', KEYS[3], me .. ' ' .. string.format('%d', now), 'PX', 86400000)
local res = redis.pcall('XAUTOCLAIM', s, g, me, ARGV[4], '0-0', 'COUNT', 100, 'JUSTID')
if type(res) == 'table' and res.err then
  if not string.find(res.err, 'NOGROUP') then return res end
  redis.call('XGROUP', 'CREATE', s, g, '0', 'MKSTREAM')
  res = {'0-0'}
end
for _ = 1, 9 do
  if res[1] == '0-0' then break end
  res = redis.call('XAUTOCLAIM', s, g, me, ARGV[4], res[1], 'COUNT', 100, 'JUSTID')
end
local foreign = false
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', s, g)) do
  local name, pending, idle = c[2], c[4], c[6]
  if name ~= me and pending > 0 then foreign = true end
  if name ~= me and pending == 0 and idle > 86400000 then redis.call('XGROUP', 'DELCONSUMER', s, g, name) end
end
local out = {}
local function add(reply)
  if not reply or not reply[1] then return 0 end
  for _, e in ipairs(reply[1][2]) do
    out[#out + 1] = e[1]
    out[#out + 1] = e[2] and e[2][2] or false
    out[#out + 1] = redis.call('HGET', KEYS[2], e[1])
  end
  return #reply[1][2]
end
local held = add(redis.call('XREADGROUP', 'GROUP', g, me, 'COUNT', ARGV[5], 'STREAMS', s, '0'))
if not foreign and held < tonumber(ARGV[5]) then
  add(redis.call('XREADGROUP', 'GROUP', g, me, 'COUNT', ARGV[3], 'STREAMS', s, '>'))
end
return out
`)

// requeueScript saves an entry's retry record, if the entry is still there.
//
// KEYS: outbox stream, retries hash. ARGV: [1] entry id, [2] record "attempts:first ms:not before ms".
var requeueScript = goredis.NewScript(`
if #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`)

// releaseScript gives up the consumer's hold of the shard and marks everything it holds as idle
// for ten years, so that any other consumer's next claim takes it over.
//
// KEYS: outbox stream, hold. ARGV: [1] group, [2] consumer.
var releaseScript = goredis.NewScript(`
local hold = redis.call('GET', KEYS[2])
if hold and string.match(hold, '^(.*) %d+$') == ARGV[2] then redis.call('DEL', KEYS[2]) end
local p = redis.pcall('XPENDING', KEYS[1], ARGV[1], '-', '+', 10000, ARGV[2])
if type(p) ~= 'table' or p.err then return 0 end
local i = 1
while i <= #p do
  local args = {KEYS[1], ARGV[1], ARGV[2], 0}
  for j = i, math.min(i + 99, #p) do args[#args + 1] = p[j][1] end
  i = i + 100
  args[#args + 1] = 'IDLE'
  args[#args + 1] = 315360000000
  args[#args + 1] = 'JUSTID'
  redis.call('XCLAIM', unpack(args))
end
return #p
`)

// deadLetterScript moves an entry to the dead letters, which keep entries for the dead-letter TTL:
// not the entry's own payload but what identifies it (bot.Effect.Redacted, sealed; nothing for an
// unreadable entry), so that no dead letter holds a texter's words or key.
//
// KEYS: outbox stream, retries hash, dead-letter stream. ARGV: [1] group, [2] entry id,
// [3] reason, [4] attempts, [5] dead-letter TTL ms, [6] the sealed redacted effect or "".
var deadLetterScript = goredis.NewScript(`
local e = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
if #e > 0 then
  local t = redis.call('TIME')
  local minid = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[5]))
  redis.call('XADD', KEYS[3], 'MINID', minid, '*', 'e', ARGV[6], 'why', ARGV[3], 'n', ARGV[4])
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[2])
return #e
`)
