package redis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// Console is the console's part of the store: flow versions and drafts (bot.FlowStore,
// flows.go), the audit log, the sign-in lockout and the live board. Its keys share the {flows}
// hash tag (a publish writes two of them in one MULTI); the live board's share {board}. None
// holds texter data.
type Console struct{ *conn }

func (k keyspace) flowsCurrent() string { return k.prefix + ":{flows}:n" }
func (k keyspace) flowsVersion(n int64) string {
	return k.prefix + ":{flows}:v:" + strconv.FormatInt(n, 10)
}
func (k keyspace) draft(owner string) string       { return k.prefix + ":{flows}:draft:" + owner }
func (k keyspace) audit() string                   { return k.prefix + ":{flows}:audit" }
func (k keyspace) signInFailures(id string) string { return k.prefix + ":{flows}:fail:" + id }
func (k keyspace) boardHandoffs() string           { return k.prefix + ":{board}:h" }
func (k keyspace) boardDay(day string) string      { return k.prefix + ":{board}:c:" + day }

var (
	_ bot.AuditLog    = (*Console)(nil)
	_ bot.SignInGuard = (*Console)(nil)
	_ bot.Board       = (*Console)(nil)
)

// Audit implements bot.AuditLog: RPUSH, and LTRIM to the newest bot.AuditKeep, in one MULTI.
func (s *Console) Audit(ctx context.Context, e bot.AuditEntry) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = s.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.RPush(ctx, s.ks.audit(), b)
		p.LTrim(ctx, s.ks.audit(), -bot.AuditKeep, -1)
		return nil
	})
	if err != nil {
		return fmt.Errorf("error writing the audit log: %w", err)
	}
	return nil
}

// AuditEntries implements bot.AuditLog.
func (s *Console) AuditEntries(ctx context.Context, limit int) ([]bot.AuditEntry, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	vals, err := s.rdb.LRange(ctx, s.ks.audit(), int64(-limit), -1).Result()
	if err != nil {
		return nil, fmt.Errorf("error reading the audit log: %w", err)
	}
	out := make([]bot.AuditEntry, 0, len(vals))
	for i := len(vals) - 1; i >= 0; i-- {
		var e bot.AuditEntry
		if json.Unmarshal([]byte(vals[i]), &e) == nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// failKey names an account's failure counter by a hash of the name as typed, so that made-up
// names cannot shape keys.
func (s *Console) failKey(account string) string {
	h := sha256.Sum256([]byte(account))
	return s.ks.signInFailures(hex.EncodeToString(h[:12]))
}

// SignInFailed implements bot.SignInGuard: INCR and PEXPIRE in one MULTI.
func (s *Console) SignInFailed(ctx context.Context, account string, window time.Duration) (int, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	k := s.failKey(account)
	var n *goredis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		n = p.Incr(ctx, k)
		p.PExpire(ctx, k, window)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("error counting a failed sign-in: %w", err)
	}
	return int(n.Val()), nil
}

// SignInFailures implements bot.SignInGuard.
func (s *Console) SignInFailures(ctx context.Context, account string) (int, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	n, err := s.rdb.Get(ctx, s.failKey(account)).Int()
	if err != nil && !errors.Is(err, goredis.Nil) {
		return 0, fmt.Errorf("error reading failed sign-ins: %w", err)
	}
	return n, nil
}

// SignInCleared implements bot.SignInGuard.
func (s *Console) SignInCleared(ctx context.Context, account string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return s.rdb.Del(ctx, s.failKey(account)).Err()
}

// HandoffOpened implements bot.Board.
func (s *Console) HandoffOpened(ctx context.Context, h bot.OpenHandoff) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	return s.rdb.HSet(ctx, s.ks.boardHandoffs(), h.Alias, b).Err()
}

// HandoffClosed implements bot.Board.
func (s *Console) HandoffClosed(ctx context.Context, alias string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	return s.rdb.HDel(ctx, s.ks.boardHandoffs(), alias).Err()
}

// Count implements bot.Board: HINCRBY on the day's hash, which expires bot.BoardKeep after its
// last count.
func (s *Console) Count(ctx context.Context, day, counter string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	k := s.ks.boardDay(day)
	_, err := s.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.HIncrBy(ctx, k, counter, 1)
		p.PExpire(ctx, k, bot.BoardKeep)
		return nil
	})
	return err
}

// Board implements bot.Board in one pipeline; handoffs older than bot.BoardKeep are deleted.
func (s *Console) Board(ctx context.Context, day string) (bot.BoardView, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	pipe := s.rdb.Pipeline()
	hs := pipe.HGetAll(ctx, s.ks.boardHandoffs())
	cs := pipe.HGetAll(ctx, s.ks.boardDay(day))
	if _, err := pipe.Exec(ctx); err != nil {
		return bot.BoardView{}, fmt.Errorf("error reading the board: %w", err)
	}
	v := bot.BoardView{Counts: map[string]int{}}
	now := s.clock.Now()
	var old []string
	for alias, val := range hs.Val() {
		var h bot.OpenHandoff
		if json.Unmarshal([]byte(val), &h) != nil || now.Sub(h.Opened) > bot.BoardKeep {
			old = append(old, alias)
			continue
		}
		v.Handoffs = append(v.Handoffs, h)
	}
	if len(old) > 0 {
		s.rdb.HDel(ctx, s.ks.boardHandoffs(), old...)
	}
	bot.SortBoard(v.Handoffs)
	for k, n := range cs.Val() {
		var x int
		fmt.Sscan(n, &x)
		v.Counts[k] = x
	}
	return v, nil
}
