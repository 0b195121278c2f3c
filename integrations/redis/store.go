package redis

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// Sessions is bot.Store and bot.RateCounter on Redis: the session, the dedupe record and the
// opt-out of each texter, the rate window, and the commit (commit.go) that writes a message's
// outcome. It owns those keys (texterKeys) and rateScript and commitScript.
type Sessions struct{ *conn }

var (
	_ bot.Store       = (*Sessions)(nil)
	_ bot.RateCounter = (*Sessions)(nil)
)

// Ping implements bot.Store.
func (s *Sessions) Ping(ctx context.Context) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return s.rdb.Ping(ctx).Err()
}

// Load implements bot.Store in one round trip: a pipeline of GET session, HGET dedupe record,
// EXISTS opt-out and EXISTS backlog (Snapshot.Deferred). A session or dedupe record that does not open (the secret changed, or it
// was damaged) reads as absent, so the texter starts over rather than being stuck.
func (s *Sessions) Load(ctx context.Context, texter, messageID string) (bot.Snapshot, error) {
	snap, _, err := s.load(ctx, texter, messageID, nil)
	return snap, err
}

// LoadCounted implements bot.RateCounter: Load, and the rate count of the message (rateScript)
// in the same pipeline, so the rate limit costs no extra round trip.
func (s *Sessions) LoadCounted(ctx context.Context, texter, messageID string, window time.Duration, cap int) (bot.Snapshot, int, error) {
	args := []any{window.Milliseconds(), cap, messageID}
	return s.load(ctx, texter, messageID, args)
}

func (s *Sessions) load(ctx context.Context, texter, messageID string, rateArgs []any) (bot.Snapshot, int, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	k := s.ks.texter(texter)
	r, err := s.loadPipeline(ctx, k, messageID, rateArgs, false)
	if err != nil && goredis.HasErrorPrefix(err, "NOSCRIPT") { // scripts flushed by a restart: send the source once
		r, err = s.loadPipeline(ctx, k, messageID, rateArgs, true)
	}
	if err != nil {
		return bot.Snapshot{}, 0, fmt.Errorf("error loading a session: %w", err)
	}
	var snap bot.Snapshot
	if r.sess.Err() == nil {
		snap.Session = s.openSession(texter, r.sess.Val())
	}
	if r.rec != nil && r.rec.Err() == nil {
		snap.Replies, snap.Done = s.openReplies(texter, messageID, r.rec.Val())
	}
	snap.Session.OptedOut = r.opt.Val() == 1
	snap.Deferred = r.backlog.Val() == 1
	n := 0
	if r.rate != nil {
		n64, _ := r.rate.Int64()
		n = int(n64)
	}
	return snap, n, nil
}

// loaded are the answers of Load's pipeline.
type loaded struct {
	sess, rec    *goredis.StringCmd // rec is nil without a message id
	opt, backlog *goredis.IntCmd
	rate         *goredis.Cmd // nil without a rate limit
}

// loadPipeline sends Load's commands (and the rate count when rateArgs is set) in one pipeline.
func (s *Sessions) loadPipeline(ctx context.Context, k texterKeys, messageID string, rateArgs []any, source bool) (loaded, error) {
	pipe := s.rdb.Pipeline()
	r := loaded{sess: pipe.Get(ctx, k.session), opt: pipe.Exists(ctx, k.optOut), backlog: pipe.Exists(ctx, k.backlog)}
	cmds := []goredis.Cmder{r.sess, r.opt, r.backlog}
	if messageID != "" {
		r.rec = pipe.HGet(ctx, k.dedupe, messageID)
		cmds = append(cmds, r.rec)
	}
	if rateArgs != nil {
		if source {
			r.rate = rateScript.Eval(ctx, pipe, []string{k.rate}, rateArgs...)
		} else {
			r.rate = rateScript.EvalSha(ctx, pipe, []string{k.rate}, rateArgs...)
		}
		cmds = append(cmds, r.rate)
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return loaded{}, err
	}
	for _, c := range cmds {
		if err := c.Err(); err != nil && !errors.Is(err, goredis.Nil) {
			return loaded{}, err
		}
	}
	return r, nil
}

// openSession reads "version:sealed record"; a record that does not open keeps only its
// version, so the next commit replaces it.
func (s *Sessions) openSession(texter, val string) bot.Session {
	v, sealed, _ := strings.Cut(val, ":")
	version, _ := strconv.ParseInt(v, 10, 64)
	plain, err := s.keys.OpenBound([]byte(sealed), []byte(s.ks.texter(texter).session))
	if err != nil {
		return bot.Session{Version: version}
	}
	sess, err := decodeSession(plain)
	if err != nil {
		return bot.Session{Version: version}
	}
	sess.Texter, sess.Version = texter, version
	return sess
}

// openReplies reads "expires ms:sealed replies"; expired or unreadable records are not done.
func (s *Sessions) openReplies(texter, messageID, val string) ([]string, bool) {
	exp, sealed, _ := strings.Cut(val, ":")
	ms, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || ms <= s.clock.Now().UnixMilli() {
		return nil, false
	}
	plain, err := s.keys.OpenBound([]byte(sealed), []byte(s.ks.texter(texter).dedupe+"\x00"+messageID))
	if err != nil {
		return nil, false
	}
	replies, err := decodeReplies(plain)
	if err != nil {
		return nil, false
	}
	return replies, true
}

// rateScript counts a message in the texter's rate window (bot.RateCounter.Hit) and returns its
// 1-based position; a message already counted gets its position again; past cap nothing is
// recorded and cap+1 comes back. The window is a hash: "n" the count, message ids their
// positions; it expires when the window ends. The message's position and the count are read in
// one call: each redis.call costs the server about as much as the command itself.
//
// KEYS: rate window. ARGV: [1] window ms, [2] cap, [3] message id ("" for none).
var rateScript = goredis.NewScript(`
local k, id, cap = KEYS[1], ARGV[3], tonumber(ARGV[2])
local n
if id ~= '' then
  local got = redis.call('HMGET', k, id, 'n')
  if got[1] then return tonumber(got[1]) end
  n = tonumber(got[2] or '0')
else
  n = tonumber(redis.call('HGET', k, 'n') or '0')
end
if n >= cap then return cap + 1 end
n = redis.call('HINCRBY', k, 'n', 1)
if n == 1 then redis.call('PEXPIRE', k, ARGV[1]) end
if id ~= '' then redis.call('HSET', k, id, n) end
return n
`)
