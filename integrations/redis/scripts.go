package redis

import goredis "github.com/redis/go-redis/v9"

// The Lua scripts. Each touches the keys of one shard only (one hash tag), so each runs on one
// Redis Cluster node, atomically. New loads them at start-up; Script.Run sends EVALSHA and falls
// back to EVAL after a restart or failover flushed them (never inside a pipeline).

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

// beginSendScript marks an SMS attempt in flight unless the texter is opted out (bot.SendGate):
// one step with the opt-out list, so a STOP committed first always refuses the attempt.
//
// KEYS: opt-out, in flight. ARGV: [1] token, [2] TTL ms. Returns 1 when marked, 0 when opted out.
var beginSendScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], '1')
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
`)

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

var scripts = []*goredis.Script{commitScript, beginSendScript, rememberSentScript, claimScript, requeueScript, releaseScript, deadLetterScript, rateScript,
	advanceScript, leaseDueScript, claimedScript, ledgerScript, tipPostScript, tipAddScript, tipPurgeScript,
	backlogDoneScript}

// leaseDueScript leases the due members of a shard's sorted set of due times (the escalation
// timers, the backlog index): each is moved lease ms ahead and returned. A member whose own key
// (prefix .. member: the session, the backlog) is gone is dropped. Those keys are named from the
// shard's prefix: they share the set's hash tag, so the slot.
//
// KEYS: the set. ARGV: [1] now ms, [2] lease ms, [3] max, [4] the prefix of the members' keys.
var leaseDueScript = goredis.NewScript(`
local out = {}
for _, t in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])) do
  if redis.call('EXISTS', ARGV[4] .. t) == 0 then
    redis.call('ZREM', KEYS[1], t)
  else
    redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), t)
    out[#out + 1] = t
  end
end
return out
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

// rateScript counts a message in the texter's rate window (bot.RateCounter.Hit) and returns its
// 1-based position; a message already counted gets its position again; past cap nothing is
// recorded and cap+1 comes back. The window is a hash: "n" the count, message ids their
// positions; it expires when the window ends.
//
// KEYS: rate window. ARGV: [1] window ms, [2] cap, [3] message id ("" for none).
var rateScript = goredis.NewScript(`
local k, id, cap = KEYS[1], ARGV[3], tonumber(ARGV[2])
if id ~= '' then
  local p = redis.call('HGET', k, id)
  if p then return tonumber(p) end
end
local n = tonumber(redis.call('HGET', k, 'n') or '0')
if n >= cap then return cap + 1 end
n = redis.call('HINCRBY', k, 'n', 1)
if n == 1 then redis.call('PEXPIRE', k, ARGV[1]) end
if id ~= '' then redis.call('HSET', k, id, n) end
return n
`)

// advanceScript moves a message's delivery status forward only (web.DeliveryTracker).
//
// KEYS: delivery. ARGV: [1] rank, [2] TTL ms. Returns 1 when it moved, 0 when it was already there.
var advanceScript = goredis.NewScript(`
local cur = tonumber(redis.call('GET', KEYS[1]) or '-1')
if cur >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`)

// tipPostScript records a tip's post: "0:" (begun) unless something is recorded, or "1:<thread>"
// (done). A tip that is gone is not brought back.
//
// KEYS: tip. ARGV: [1] "0" begun or "1" done, [2] the value. Returns 0 when there is no tip.
var tipPostScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == '0' then redis.call('HSETNX', KEYS[1], 'p', ARGV[2]) else redis.call('HSET', KEYS[1], 'p', ARGV[2]) end
return 1
`)

// tipAddScript keeps an addition to a tip once (by its field), up to a number of additions.
//
// KEYS: tip. ARGV: [1] field "a:<id>", [2] sealed addition, [3] most additions kept.
// Returns 0 when there is no tip, 1 otherwise (kept, kept before, or the tip is full: field n
// counts the additions).
var tipAddScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 1 end
if tonumber(redis.call('HGET', KEYS[1], 'n') or '0') >= tonumber(ARGV[3]) then return 1 end
redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`)

// tipPurgeScript deletes up to a batch of a shard's tips filed before a time, with their index
// entries, and returns how many index entries it took and how many tips it deleted (a tip that
// expired by itself is not counted).
//
// KEYS: tip index. ARGV: [1] before ms, [2] the shard's tip key prefix, [3] batch.
var tipPurgeScript = goredis.NewScript(`
local n = 0
local codes = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, ARGV[3])
for _, c in ipairs(codes) do
  n = n + redis.call('DEL', ARGV[2] .. c)
  redis.call('ZREM', KEYS[1], c)
end
return {#codes, n}
`)
