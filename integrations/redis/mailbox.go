package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// DefaultMailboxTTL is how long a web chat visitor's messages are kept after the last one.
const DefaultMailboxTTL = 24 * time.Hour

// Mailbox is bot.Mailbox on Redis: the web chat's messages to visitors. Keys, in the
// texter's shard:
//
//	{shard}:m:TEXTER   list of sealed messages (AES-GCM bound to the key), TTL DefaultMailboxTTL
//	{shard}:mp:TEXTER  "1" while the visitor's page is open (the TTL Seen gives)
type Mailbox struct{ *conn }

var _ bot.Mailbox = (*Mailbox)(nil)

func (m *Mailbox) boxKeys(texter string) (box, seen string) {
	t := m.ks.tag(bot.ShardOf(texter, m.ks.shards))
	return t + ":m:" + texter, t + ":mp:" + texter
}

type mailRecord struct {
	Text string `json:"t"`
	At   int64  `json:"at"`
}

// postScript appends ARGV[1] to the list unless it holds ARGV[2] messages already, and renews
// its TTL (ARGV[3] ms); it returns the new length, or -1 when full.
var postScript = goredis.NewScript(`
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local n = redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return n`)

var errMailboxFull = &bot.PermanentError{Code: "mailbox_full", Err: errors.New("the visitor's mailbox is full")}

// Post implements bot.Mailbox.
func (m *Mailbox) Post(ctx context.Context, texter, text string) (int64, error) {
	ctx, cancel := m.bound(ctx)
	defer cancel()
	key, _ := m.boxKeys(texter)
	b, err := json.Marshal(mailRecord{Text: text, At: m.clock.Now().UnixMilli()})
	if err != nil {
		return 0, err
	}
	n, err := postScript.Run(ctx, m.rdb, []string{key}, m.keys.SealBound(b, []byte(key)), bot.MaxWebMessages,
		DefaultMailboxTTL.Milliseconds()).Int64()
	switch {
	case err != nil:
		return 0, fmt.Errorf("error posting to a web chat mailbox: %w", err)
	case n < 0:
		return 0, errMailboxFull
	}
	return n, nil
}

// Fetch implements bot.Mailbox. A message that does not open (the secret changed) is skipped.
func (m *Mailbox) Fetch(ctx context.Context, texter string, after int64) ([]bot.WebMessage, error) {
	ctx, cancel := m.bound(ctx)
	defer cancel()
	key, _ := m.boxKeys(texter)
	vals, err := m.rdb.LRange(ctx, key, max(after, 0), -1).Result()
	if err != nil {
		return nil, fmt.Errorf("error reading a web chat mailbox: %w", err)
	}
	out := make([]bot.WebMessage, 0, len(vals))
	for i, v := range vals {
		plain, err := m.keys.OpenBound([]byte(v), []byte(key))
		var rec mailRecord
		if err != nil || json.Unmarshal(plain, &rec) != nil {
			continue
		}
		out = append(out, bot.WebMessage{Seq: max(after, 0) + int64(i) + 1, Text: rec.Text, At: time.UnixMilli(rec.At)})
	}
	return out, nil
}

// Seen implements bot.Mailbox.
func (m *Mailbox) Seen(ctx context.Context, texter string, ttl time.Duration) error {
	ctx, cancel := m.bound(ctx)
	defer cancel()
	_, seen := m.boxKeys(texter)
	return m.rdb.Set(ctx, seen, "1", ttl).Err()
}

// Present implements bot.Mailbox.
func (m *Mailbox) Present(ctx context.Context, texter string) (bool, error) {
	ctx, cancel := m.bound(ctx)
	defer cancel()
	_, seen := m.boxKeys(texter)
	n, err := m.rdb.Exists(ctx, seen).Result()
	return n == 1, err
}

// Clear implements bot.Mailbox: both keys go in one command (they share a slot).
func (m *Mailbox) Clear(ctx context.Context, texter string) error {
	ctx, cancel := m.bound(ctx)
	defer cancel()
	key, seen := m.boxKeys(texter)
	return m.rdb.Del(ctx, key, seen).Err()
}
