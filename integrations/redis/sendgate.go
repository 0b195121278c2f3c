package redis

import (
	"context"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// SendGate is bot.SendGate on Redis: the SMS attempts in flight to a texter
// (texterKeys.inFlight), marked by beginSendScript in one step with a check of the opt-out.
type SendGate struct{ *conn }

var _ bot.SendGate = (*SendGate)(nil)

// BeginSend implements bot.SendGate with beginSendScript.
func (s *SendGate) BeginSend(ctx context.Context, texter, token string, ttl time.Duration) (bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	k := s.ks.texter(texter)
	n, err := beginSendScript.Run(ctx, s.rdb, []string{k.optOut, k.inFlight}, token, ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("error marking an SMS attempt: %w", err)
	}
	return n == 1, nil
}

// EndSend implements bot.SendGate.
func (s *SendGate) EndSend(ctx context.Context, texter, token string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	if err := s.rdb.HDel(ctx, s.ks.texter(texter).inFlight, token).Err(); err != nil {
		return fmt.Errorf("error clearing an SMS attempt: %w", err)
	}
	return nil
}

// SendsInFlight implements bot.SendGate. A mark whose attempt never ended lives until the key's
// TTL (bot.SendMarkTTL after the texter's last attempt).
func (s *SendGate) SendsInFlight(ctx context.Context, texter string) (bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	n, err := s.rdb.Exists(ctx, s.ks.texter(texter).inFlight).Result()
	if err != nil {
		return false, fmt.Errorf("error reading SMS attempts: %w", err)
	}
	return n == 1, nil
}

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
