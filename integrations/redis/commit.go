package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// The commit: one message's (or one desk action's) outcome written in one script. Go describes
// it once, in commitPayload; encode turns the payload into the script's KEYS and ARGV by field
// name, and commitPrelude reads them back into two Lua tables by the same names (K for
// keys, A for arguments, E for the effects). A field is added in two places: the struct (with
// its tag) and the Lua that uses it. TestCommitPayload checks every field arrives by its name.

// commitPayload is everything commitScript reads. Fields tagged key go to KEYS (Cluster routes
// by them; all are in the texter's slot), fields tagged arg to ARGV; an empty key or argument is
// not sent at all, and the script reads it as nil.
type commitPayload struct {
	// The session and the message.
	Session  string `key:"session"`  // the session record, "version:sealed"
	Dedupe   string `key:"dedupe"`   // the texter's handled messages
	OptOut   string `key:"optout"`   // the durable opt-out flag
	Outbox   string `key:"outbox"`   // the shard's outbox stream
	Rate     string `key:"rate"`     // the rate window (deleted by erasure)
	Ledger   string `key:"ledger"`   // the desk's ledger (bot.Ledger; deleted by erasure)
	InFlight string `key:"inflight"` // SMS attempts in flight (deleted by erasure)
	SentOf   string `key:"sentof"`   // the desk SMS sent to the texter (deleted by erasure)
	Stats    string `key:"stats"`    // the shard's counters of the day

	Version    int64  `arg:"version"`     // the session version that was loaded
	Record     []byte `arg:"record"`      // the sealed session ("" with erase)
	SessionTTL int64  `arg:"session_ttl"` // ms
	MessageID  string `arg:"msg"`         // "" for none: no dedupe record
	Replies    []byte `arg:"replies"`     // sealed replies, kept under msg
	DedupeTTL  int64  `arg:"dedupe_ttl"`  // ms
	Now        int64  `arg:"now"`         // ms
	Texter     string `arg:"texter"`      // the texter key (outbox field t, index members)
	OptedOut   bool   `arg:"opted_out"`
	Erase      bool   `arg:"erase"`

	// The desk's indexes, when the commit touches a handoff (Desk) or erases.
	Desk       bool   `arg:"desk"`       // keep the timer, the claim and the ledger's TTL in step
	Timers     string `key:"timers"`     // the shard's escalation timers
	Claimed    string `key:"claimed"`    // the shard's claimed texters
	OpenThread string `key:"open"`       // the open handoff's thread → texter
	Closed     string `key:"closed"`     // a thread whose conversation ended: marked "-"
	Due        int64  `arg:"due"`        // escalation due ms (0: none, the timer is removed)
	ClaimedAt  int64  `arg:"claimed_at"` // ms the handoff was claimed (0: unclaimed)

	// A new tip, and the texter's tips (erasure unlinks them).
	Tip          string `key:"tip"`        // the new tip's hash
	TipIndex     string `key:"tip_index"`  // the shard's tips by time
	TipsOf       string `key:"tips_of"`    // the texter's tip codes
	TipCode      string `arg:"tip_code"`   // "" for no new tip
	TipRecord    []byte `arg:"tip_record"` // sealed tipRecord (field r)
	TipTexter    []byte `arg:"tip_texter"` // sealed texter key (field t)
	TipRetention int64  `arg:"tip_ttl"`    // ms
	TipFiled     int64  `arg:"tip_filed"`  // ms
	TipPrefix    string `arg:"tip_prefix"` // the shard's tip key prefix
	SentPrefix   string `arg:"sent_prefix"`

	// The day's counters.
	Counts   string `arg:"counts"`    // "name@HH=n;..." ("" for none)
	StatsTTL int64  `arg:"stats_ttl"` // ms

	// The effects, in order, sealed; Kept marks those erasure keeps (bot.Effect.KeptByErasure).
	Effects []payloadEffect
}

// payloadEffect is one sealed effect of a commit.
type payloadEffect struct {
	Sealed []byte
	Kept   bool
}

// buildCommit is the one place a bot.Commit becomes a commitPayload.
func (s *Sessions) buildCommit(c bot.Commit) (commitPayload, error) {
	k := s.ks.texter(c.Texter)
	now := s.clock.Now()
	p := commitPayload{Session: k.session, Dedupe: k.dedupe, OptOut: k.optOut, Outbox: k.queue,
		Version: c.Session.Version, SessionTTL: s.opts.SessionTTL.Milliseconds(), MessageID: c.MessageID,
		DedupeTTL: s.opts.DedupeTTL.Milliseconds(), Now: now.UnixMilli(), Texter: c.Texter,
		OptedOut: c.Session.OptedOut, Erase: c.Erase,
		Counts: encodeCounts(c.Counts, now), StatsTTL: s.opts.StatsRetention.Milliseconds()}
	if c.Erase {
		if !c.Closed.IsZero() {
			p.Closed = s.ks.thread(k.shard, c.Closed)
		}
		p.Rate, p.Ledger, p.InFlight, p.SentOf, p.Timers, p.Claimed = k.rate, k.ledger, k.inFlight, k.sentOf, k.timers, k.claimed
		p.TipsOf, p.TipPrefix, p.SentPrefix = k.tipsOf, s.ks.tipPrefix(k.shard), s.ks.sentPrefix(k.shard)
	} else {
		p.Record = s.keys.SealBound(encodeSession(c.Session), []byte(k.session))
		p.Replies = s.keys.SealBound(encodeReplies(c.Replies), []byte(k.dedupe+"\x00"+c.MessageID))
		s.deskPayload(&p, k, c)
		if err := s.tipPayload(&p, k, c); err != nil {
			return commitPayload{}, err
		}
	}
	if p.Counts != "" {
		p.Stats = s.ks.stats(k.shard, now)
	}
	for _, e := range c.Effects {
		b, err := sealEffect(s.keys, e)
		if err != nil {
			return commitPayload{}, err
		}
		p.Effects = append(p.Effects, payloadEffect{Sealed: b, Kept: e.KeptByErasure()})
	}
	return p, nil
}

// deskPayload fills the desk's indexes of a commit that touches a handoff: one open now, or one
// ending (c.Closed). Most messages touch none, and the script leaves the desk's keys alone.
func (s *Sessions) deskPayload(p *commitPayload, k texterKeys, c bot.Commit) {
	h := c.Session.Handoff
	if h == nil && c.Closed.IsZero() {
		return
	}
	p.Desk, p.Ledger, p.Timers, p.Claimed = true, k.ledger, k.timers, k.claimed
	if !c.Closed.IsZero() {
		p.Closed = s.ks.thread(k.shard, c.Closed)
	}
	if h == nil {
		return
	}
	if !h.Thread.IsZero() {
		p.OpenThread = s.ks.thread(k.shard, h.Thread)
	}
	p.Due = millis(h.Due)
	if h.Owner != "" && !h.Thread.IsZero() {
		p.ClaimedAt = max(millis(h.Claimed), 1) // 0 means unclaimed
	}
}

// tipPayload fills a new tip. A code outside the texter's shard is refused before anything is
// sent: its key would be in another slot.
func (s *Sessions) tipPayload(p *commitPayload, k texterKeys, c bot.Commit) error {
	t := c.Tip
	if t == nil {
		return nil
	}
	if t.Code == "" || bot.ShardOf(t.Code, s.opts.Shards) != k.shard {
		return bot.ErrTipCodeTaken
	}
	key := s.ks.tip(t.Code)
	b, err := json.Marshal(tipRecord{Code: t.Code, Submitted: millis(t.Submitted), Lang: t.Lang, Channel: t.Channel,
		Urgent: t.Urgent, Alias: t.Alias, Answers: t.Answers})
	if err != nil {
		return fmt.Errorf("error encoding a tip: %w", err)
	}
	p.Tip, p.TipIndex, p.TipsOf, p.TipCode = key, k.tipIndex, k.tipsOf, t.Code
	p.TipRecord = s.keys.SealBound(b, fieldContext(key, "r"))
	p.TipTexter = s.keys.SealBound([]byte(t.Texter), fieldContext(key, "t"))
	p.TipRetention, p.TipFiled = s.opts.TipRetention.Milliseconds(), millis(t.Submitted)
	return nil
}

// Commit implements bot.Store in one round trip: one script (commitScript) does the
// compare-and-set, the dedupe record, the outbox entries, the opt-out list, the desk's indexes
// and a new tip atomically.
func (s *Sessions) Commit(ctx context.Context, c bot.Commit) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	p, err := s.buildCommit(c)
	if err != nil {
		return err
	}
	keys, args := p.encode()
	res, err := commitScript.Run(ctx, s.rdb, keys, args...).Text()
	switch {
	case err != nil:
		return fmt.Errorf("error committing a session: %w", err)
	case res == "conflict":
		return bot.ErrConflict
	case res == "duplicate":
		return bot.ErrDuplicate
	case res == "taken":
		return bot.ErrTipCodeTaken
	case res != "ok":
		return fmt.Errorf("error committing a session: unexpected answer %q", res)
	}
	return nil
}

// encode lays the payload out for the script, by the fields' tags: KEYS in field order (empty
// ones left out), ARGV[1] the names of those KEYS, then name and value pairs, then "e" or "ek"
// (kept) and each sealed effect. Numbers print in decimal, booleans as "1"; a zero number,
// false or empty value is left out.
func (p *commitPayload) encode() ([]string, []any) {
	v := reflect.ValueOf(p).Elem()
	keys, names := make([]string, 0, 16), make([]byte, 0, 128)
	args := make([]any, 1, 40+2*len(p.Effects))
	for _, f := range payloadFields {
		fv := v.Field(f.index)
		if f.key {
			if k := fv.String(); k != "" {
				if len(names) > 0 {
					names = append(names, ' ')
				}
				names, keys = append(names, f.name...), append(keys, k)
			}
			continue
		}
		switch fv.Kind() {
		case reflect.String:
			if s := fv.String(); s != "" {
				args = append(args, f.name, s)
			}
		case reflect.Int64:
			if n := fv.Int(); n != 0 {
				args = append(args, f.name, strconv.FormatInt(n, 10))
			}
		case reflect.Bool:
			if fv.Bool() {
				args = append(args, f.name, "1")
			}
		case reflect.Slice:
			if b, ok := fv.Interface().([]byte); ok && len(b) > 0 {
				args = append(args, f.name, b)
			}
		}
	}
	for _, e := range p.Effects {
		name := "e"
		if e.Kept {
			name = "ek"
		}
		args = append(args, name, e.Sealed)
	}
	args[0] = string(names)
	return keys, args
}

// payloadField is one tagged field of commitPayload.
type payloadField struct {
	index int
	name  string
	key   bool // tagged key (else arg)
}

// payloadFields are commitPayload's fields in order, read once from the tags; the effects (untagged) are
// encoded apart.
var payloadFields = func() []payloadField {
	t := reflect.TypeFor[commitPayload]()
	var out []payloadField
	for i := range t.NumField() {
		f := t.Field(i)
		if name, ok := f.Tag.Lookup("key"); ok {
			out = append(out, payloadField{index: i, name: name, key: true})
		} else if name, ok := f.Tag.Lookup("arg"); ok {
			out = append(out, payloadField{index: i, name: name})
		}
	}
	return out
}()

// commitPrelude reads the payload by name: K.<key>, A.<arg> (nil when not sent), E the effects
// in order, each {sealed, kept}.
const commitPrelude = `
local K, A, E = {}, {}, {}
local ki = 1
for name in string.gmatch(ARGV[1], '%S+') do K[name] = KEYS[ki]; ki = ki + 1 end
for i = 2, #ARGV, 2 do
  local n = ARGV[i]
  if n == 'e' or n == 'ek' then E[#E + 1] = {ARGV[i + 1], n == 'ek'} else A[n] = ARGV[i + 1] end
end
`

// commitScript writes one message's outcome, or nothing. It reads the payload through
// commitPrelude. Erasure drops the texter from their tips (field t): the tips' keys are named
// from the prefix and share the slot, as the engine draws codes in the texter's shard. It also
// deletes the texter's entries still waiting in the outbox, but those erasure keeps, before
// adding its own. Each outbox entry has fields e (the sealed effect), t (the texter key) and k
// ("1": erasure keeps it). Returns "ok", "conflict", "duplicate" or "taken" (the tip code is in
// use).
//
// Sessions owns it, and it writes the keys of other parts in the same step: the outbox stream
// (Outbox), the thread, timers, claims and ledger TTL (Desk), a new tip, the tip index and the
// texter's tips (Tips), the day's counters (Stats), and on erasure the in-flight marks
// (SendGate) and the sent-SMS records (Desk).
var commitScript = goredis.NewScript(commitPrelude + commitLua)

const commitLua = `
local cur = 0
local old = redis.call('GET', K.session)
if old then cur = tonumber(string.match(old, '^(%d+):') or '0') end
if cur ~= tonumber(A.version or '0') then return 'conflict' end
local now, id, texter = tonumber(A.now), A.msg, A.texter
if id then
  local rec = redis.call('HGET', K.dedupe, id)
  if rec and tonumber(string.match(rec, '^(%d+):') or '0') > now then return 'duplicate' end
end
if A.tip_code and redis.call('EXISTS', K.tip) == 1 then return 'taken' end
if A.erase then
  for _, e in ipairs(redis.call('XRANGE', K.outbox, '-', '+')) do
    local f, mine, keep = e[2], false, false
    for i = 1, #f, 2 do
      if f[i] == 't' then mine = f[i + 1] == texter elseif f[i] == 'k' then keep = true end
    end
    if mine and not keep then redis.call('XDEL', K.outbox, e[1]) end
  end
end
if A.counts then
  for f, n in string.gmatch(A.counts, '([^;=]+)=(%-?%d+)') do redis.call('HINCRBY', K.stats, f, n) end
  redis.call('PEXPIRE', K.stats, A.stats_ttl)
end
for _, e in ipairs(E) do
  if e[2] then
    redis.call('XADD', K.outbox, '*', 'e', e[1], 't', texter, 'k', '1')
  else
    redis.call('XADD', K.outbox, '*', 'e', e[1], 't', texter)
  end
end
if A.opted_out then redis.call('SET', K.optout, '1') else redis.call('DEL', K.optout) end
if K.closed then redis.call('SET', K.closed, '-', 'PX', A.session_ttl) end
if A.erase then
  redis.call('DEL', K.session, K.dedupe, K.rate, K.ledger, K.inflight)
  redis.call('ZREM', K.timers, texter)
  redis.call('ZREM', K.claimed, texter)
  for _, c in ipairs(redis.call('SMEMBERS', K.tips_of)) do redis.call('HDEL', A.tip_prefix .. c, 't') end
  for _, sid in ipairs(redis.call('SMEMBERS', K.sentof)) do redis.call('DEL', A.sent_prefix .. sid) end
  redis.call('DEL', K.tips_of, K.sentof)
  return 'ok'
end
if A.tip_code then
  local ret = tonumber(A.tip_ttl)
  redis.call('HSET', K.tip, 'r', A.tip_record, 't', A.tip_texter)
  redis.call('PEXPIRE', K.tip, ret)
  redis.call('ZADD', K.tip_index, A.tip_filed, A.tip_code)
  redis.call('ZREMRANGEBYSCORE', K.tip_index, '-inf', '(' .. string.format('%d', now - ret))
  redis.call('SADD', K.tips_of, A.tip_code)
  redis.call('PEXPIRE', K.tips_of, ret)
end
redis.call('SET', K.session, (cur + 1) .. ':' .. A.record, 'PX', A.session_ttl)
if K.open then redis.call('SET', K.open, texter, 'PX', A.session_ttl) end
if A.desk then
  if A.due then redis.call('ZADD', K.timers, A.due, texter) else redis.call('ZREM', K.timers, texter) end
  if A.claimed_at then redis.call('ZADD', K.claimed, A.claimed_at, texter) else redis.call('ZREM', K.claimed, texter) end
  redis.call('PEXPIRE', K.ledger, A.session_ttl)
end
if id then
  if redis.call('HLEN', K.dedupe) >= 32 then
    local all = redis.call('HGETALL', K.dedupe)
    for i = 1, #all, 2 do
      if tonumber(string.match(all[i + 1], '^(%d+):') or '0') <= now then redis.call('HDEL', K.dedupe, all[i]) end
    end
  end
  redis.call('HSET', K.dedupe, id, string.format('%d', now + tonumber(A.dedupe_ttl)) .. ':' .. A.replies)
  redis.call('PEXPIRE', K.dedupe, A.dedupe_ttl)
end
return 'ok'
`
