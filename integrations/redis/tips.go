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

// Tips is the tips' part of the store (bot.TipStore). A tip is a hash in the shard of its code,
// which is its texter's (the engine draws codes so), so the commit (Sessions.Commit) files it in
// its one script; Tips reads tips, keeps their post ledger and additions, exports and purges
// them, with tipPostScript, tipAddScript and tipPurgeScript. The package doc lists the keys and
// fields.
type Tips struct{ *conn }

var _ bot.TipStore = (*Tips)(nil)

// Shards implements bot.TipStore: tip codes are drawn for the texter's shard.
func (s *Tips) Shards() int { return s.opts.Shards }

// tip is the key of a tip, in the shard of its code (which is its texter's: bot.TipStore).
func (k keyspace) tip(code string) string { return k.tipPrefix(bot.ShardOf(code, k.shards)) + code }

// tipPrefix is the prefix of the tip keys of a shard.
func (k keyspace) tipPrefix(shard int) string { return k.tag(shard) + ":tip:" }

// tipIndex is a shard's tips by the time they were filed.
func (k keyspace) tipIndex(shard int) string { return k.tag(shard) + ":ti" }

// tipRecord is what a tip's field r holds, sealed: the tip without its texter, post and additions.
type tipRecord struct {
	Code      string            `json:"code"`
	Submitted int64             `json:"at"` // ms
	Lang      string            `json:"lang,omitempty"`
	Channel   bot.Channel       `json:"ch,omitempty"`
	Urgent    bool              `json:"urgent,omitempty"`
	Alias     string            `json:"alias,omitempty"`
	Answers   map[string]string `json:"answers,omitempty"`
}

// additionRecord is what a field a:<id> holds, sealed.
type additionRecord struct {
	At   int64  `json:"at"` // ms
	Text string `json:"text"`
}

// fieldContext binds a sealed field to its key and name.
func fieldContext(key, field string) []byte { return []byte(key + "\x00" + field) }

// Tip implements bot.TipStore: one HGETALL.
func (s *Tips) Tip(ctx context.Context, code string) (bot.Tip, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	key := s.ks.tip(code)
	fields, err := s.rdb.HGetAll(ctx, key).Result()
	if err != nil {
		return bot.Tip{}, fmt.Errorf("error reading a tip: %w", err)
	}
	return s.openTip(key, fields)
}

// openTip decodes a tip's hash; one whose record does not open (another secret) reads as absent.
func (s *Tips) openTip(key string, fields map[string]string) (bot.Tip, error) {
	plain, err := s.keys.OpenBound([]byte(fields["r"]), fieldContext(key, "r"))
	if err != nil {
		return bot.Tip{}, bot.ErrNoTip
	}
	var rec tipRecord
	if err := json.Unmarshal(plain, &rec); err != nil {
		return bot.Tip{}, bot.ErrNoTip
	}
	t := bot.Tip{Code: rec.Code, Submitted: fromMillis(rec.Submitted), Lang: rec.Lang, Channel: rec.Channel,
		Urgent: rec.Urgent, Alias: rec.Alias, Answers: rec.Answers}
	if texter, err := s.keys.OpenBound([]byte(fields["t"]), fieldContext(key, "t")); err == nil {
		t.Texter = string(texter)
	}
	t.Post, t.Posted = parsePost(fields["p"])
	for f, v := range fields {
		if id, ok := strings.CutPrefix(f, "a:"); ok {
			if a, ok := s.openAddition(key, f, v); ok {
				a.ID = id
				t.Additions = append(t.Additions, a)
			}
		}
	}
	sort.Slice(t.Additions, func(i, j int) bool {
		a, b := t.Additions[i], t.Additions[j]
		return a.At.Before(b.At) || (a.At.Equal(b.At) && a.ID < b.ID)
	})
	return t, nil
}

func (s *Tips) openAddition(key, field, val string) (bot.TipAddition, bool) {
	plain, err := s.keys.OpenBound([]byte(val), fieldContext(key, field))
	if err != nil {
		return bot.TipAddition{}, false
	}
	var rec additionRecord
	if json.Unmarshal(plain, &rec) != nil {
		return bot.TipAddition{}, false
	}
	return bot.TipAddition{At: fromMillis(rec.At), Text: rec.Text}, true
}

// parsePost reads field p: "0:" when the post began, "1:<channel>:<ts>" once it landed.
func parsePost(p string) (bot.LedgerState, bot.Thread) {
	switch {
	case strings.HasPrefix(p, "1:"):
		ch, ts, _ := strings.Cut(p[2:], ":")
		return bot.LedgerDone, bot.Thread{Channel: ch, TS: ts}
	case p != "":
		return bot.LedgerBegun, bot.Thread{}
	}
	return bot.LedgerNone, bot.Thread{}
}

// BeginTipPost implements bot.TipStore.
func (s *Tips) BeginTipPost(ctx context.Context, code string) error {
	return s.tipField(ctx, tipPostScript, code, "0", "0:")
}

// SetTipPosted implements bot.TipStore.
func (s *Tips) SetTipPosted(ctx context.Context, code string, th bot.Thread) error {
	return s.tipField(ctx, tipPostScript, code, "1", "1:"+th.String())
}

// AddToTip implements bot.TipStore.
func (s *Tips) AddToTip(ctx context.Context, code string, a bot.TipAddition) error {
	b, err := json.Marshal(additionRecord{At: millis(a.At), Text: a.Text})
	if err != nil {
		return err
	}
	field := "a:" + a.ID
	sealed := s.keys.SealBound(b, fieldContext(s.ks.tip(code), field))
	return s.tipField(ctx, tipAddScript, code, field, sealed, bot.MaxTipAdditions)
}

// tipField runs a script that writes a field of an existing tip; 0 from it means no tip.
func (s *Tips) tipField(ctx context.Context, sc *goredis.Script, code string, args ...any) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	n, err := sc.Run(ctx, s.rdb, []string{s.ks.tip(code)}, args...).Int()
	switch {
	case err != nil:
		return fmt.Errorf("error writing a tip: %w", err)
	case n == 0:
		return bot.ErrNoTip
	}
	return nil
}

// Tips implements bot.TipStore: the codes from every shard's index in one pipeline, then the
// tips in pipelines of tipReadBatch.
func (s *Tips) Tips(ctx context.Context, since time.Time) ([]bot.Tip, error) {
	codes, err := s.tipCodes(ctx, since)
	if err != nil {
		return nil, err
	}
	var out []bot.Tip
	for i := 0; i < len(codes); i += tipReadBatch {
		got, err := s.tipBatch(ctx, codes[i:min(i+tipReadBatch, len(codes))])
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Submitted.Before(b.Submitted) || (a.Submitted.Equal(b.Submitted) && a.Code < b.Code)
	})
	return out, nil
}

// tipReadBatch is how many tips one pipeline reads.
const tipReadBatch = 500

func (s *Tips) tipCodes(ctx context.Context, since time.Time) ([]string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	pipe := s.rdb.Pipeline()
	ranges := make([]*goredis.StringSliceCmd, s.opts.Shards)
	min := strconv.FormatInt(since.UnixMilli(), 10)
	for shard := range s.opts.Shards {
		ranges[shard] = pipe.ZRangeByScore(ctx, s.ks.tipIndex(shard), &goredis.ZRangeBy{Min: min, Max: "+inf"})
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("error listing tips: %w", err)
	}
	var codes []string
	for _, r := range ranges {
		codes = append(codes, r.Val()...)
	}
	return codes, nil
}

func (s *Tips) tipBatch(ctx context.Context, codes []string) ([]bot.Tip, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	pipe := s.rdb.Pipeline()
	cmds := make([]*goredis.MapStringStringCmd, len(codes))
	for i, c := range codes {
		cmds[i] = pipe.HGetAll(ctx, s.ks.tip(c))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("error reading tips: %w", err)
	}
	var out []bot.Tip
	for i, c := range codes {
		t, err := s.openTip(s.ks.tip(c), cmds[i].Val())
		if errors.Is(err, bot.ErrNoTip) {
			continue // expired since it was listed, or sealed with another secret
		}
		out = append(out, t)
	}
	return out, nil
}

// PurgeTips implements bot.TipStore with tipPurgeScript, shard by shard, a batch at a time.
func (s *Tips) PurgeTips(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for shard := range s.opts.Shards {
		for {
			taken, deleted, err := s.purgeBatch(ctx, shard, before)
			if err != nil {
				return total, fmt.Errorf("error purging tips: %w", err)
			}
			total += deleted
			if taken < tipPurgeBatch {
				break
			}
		}
	}
	return total, nil
}

func (s *Tips) purgeBatch(ctx context.Context, shard int, before time.Time) (taken, deleted int, err error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	res, err := tipPurgeScript.Run(ctx, s.rdb, []string{s.ks.tipIndex(shard)}, before.UnixMilli(), s.ks.tipPrefix(shard), tipPurgeBatch).Int64Slice()
	if err != nil || len(res) != 2 {
		return 0, 0, err
	}
	return int(res[0]), int(res[1]), nil
}

// tipPurgeBatch bounds how many tips one purge script deletes, so that it never holds Redis
// long; the script runs again until the shard is done.
const tipPurgeBatch = 1000

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
