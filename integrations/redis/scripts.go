package redis

import goredis "github.com/redis/go-redis/v9"

// scripts are every Lua script of the store, which New loads at start-up; each sits beside the
// part that runs it (Sessions in store.go and commit.go, Outbox in outbox.go, Desk in desk.go,
// Tips in tips.go...), and leaseDueScript, which the desk's timers and the backlog share, here. Each touches the keys of one shard only (one hash
// tag), so each runs on one Redis Cluster node, atomically. Script.Run sends EVALSHA and falls
// back to EVAL after a restart or failover flushed them (never inside a pipeline).
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
