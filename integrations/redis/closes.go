package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

var _ bot.CloseLog = (*Desk)(nil)

// closes is the close log: a sorted set of close records (JSON, which holds no personal data),
// scored by the close time in milliseconds. One key, so it is cluster-safe; a record written
// again is the same member, kept once.
func (k keyspace) closes() string { return k.prefix + ":{closes}:log" }

// RecordClose implements bot.CloseLog: ZADD the record and drop those older than
// bot.CloseKeep, in one MULTI.
func (s *Desk) RecordClose(ctx context.Context, r bot.CloseRecord) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	oldest := s.clock.Now().Add(-bot.CloseKeep).UnixMilli()
	_, err = s.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.ZAdd(ctx, s.ks.closes(), goredis.Z{Score: float64(r.Closed.UnixMilli()), Member: string(b)})
		p.ZRemRangeByScore(ctx, s.ks.closes(), "-inf", "("+strconv.FormatInt(oldest, 10))
		return nil
	})
	if err != nil {
		return fmt.Errorf("error recording a close: %w", err)
	}
	return nil
}

// Closes implements bot.CloseLog.
func (s *Desk) Closes(ctx context.Context, since time.Time) ([]bot.CloseRecord, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	vals, err := s.rdb.ZRangeByScore(ctx, s.ks.closes(), &goredis.ZRangeBy{Min: strconv.FormatInt(since.UnixMilli(), 10), Max: "+inf"}).Result()
	if err != nil {
		return nil, fmt.Errorf("error reading the close log: %w", err)
	}
	out := make([]bot.CloseRecord, 0, len(vals))
	for _, v := range vals {
		var r bot.CloseRecord
		if err := json.Unmarshal([]byte(v), &r); err != nil {
			return nil, fmt.Errorf("error reading a close record: %w", err)
		}
		out = append(out, r)
	}
	return out, nil
}
