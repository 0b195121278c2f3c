package redis

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
)

// Stats is bot.StatsStore on Redis: a hash per shard and UTC day, which the commit
// (Sessions.Commit) adds a message's counts to and AddStats the counts no commit carries.
type Stats struct{ *conn }

var _ bot.StatsStore = (*Stats)(nil)

// stats are a shard's counters of the UTC day of t: written by the commit script with the
// session, so in the texter's slot.
func (k keyspace) stats(shard int, t time.Time) string {
	return k.tag(shard) + ":st:" + bot.StatsDay(t)
}

// encodeCounts writes counts as the commit script reads them: "name@HH=n;name@HH=n" for the UTC
// hour of at, in name order, leaving out names the store may not keep (bot.KeptCounts), which
// hold neither "=" nor ";".
func encodeCounts(c bot.Counts, at time.Time) string {
	c = bot.KeptCounts(c)
	hour := at.UTC().Hour()
	names := make([]string, 0, len(c))
	for name := range c {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, name := range names {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(bot.HourField(name, hour))
		b.WriteByte('=')
		b.WriteString(strconv.FormatInt(c[name], 10))
	}
	return b.String()
}

// AddStats implements bot.StatsStore: a pipeline of HINCRBYs and a PEXPIRE on shard 0's hash of
// the day (any shard will do: Stats sums them).
func (s *Stats) AddStats(ctx context.Context, at time.Time, c bot.Counts) error {
	c = bot.KeptCounts(c)
	if len(c) == 0 {
		return nil
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	key := s.ks.stats(0, at)
	_, err := s.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		for name, n := range c {
			p.HIncrBy(ctx, key, bot.HourField(name, at.UTC().Hour()), n)
		}
		p.PExpire(ctx, key, s.opts.StatsRetention)
		return nil
	})
	if err != nil {
		return fmt.Errorf("error adding to the counters: %w", err)
	}
	return nil
}

// statsTimeout bounds one pipeline of Stats: reports are not on a texter's path, and a week of
// 16 shards' hashes is far more than one message's commands.
const statsTimeout = 5 * time.Second

// Stats implements bot.StatsStore: HGETALL of every shard's hash of every day, in pipelines of
// a week at a time.
func (s *Stats) Stats(ctx context.Context, since, until time.Time) ([]bot.DayStats, error) {
	days := bot.StatsDays(since, until)
	out := make([]bot.DayStats, len(days))
	const batch = 7
	for i := 0; i < len(days); i += batch {
		j := min(i+batch, len(days))
		if err := s.statsBatch(ctx, days[i:j], out[i:j]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Stats) statsBatch(ctx context.Context, days []time.Time, out []bot.DayStats) error {
	ctx, cancel := context.WithTimeout(ctx, max(statsTimeout, s.opts.Timeout))
	defer cancel()
	pipe := s.rdb.Pipeline()
	gets := make([][]*goredis.MapStringStringCmd, len(days))
	for i, day := range days {
		for shard := range s.opts.Shards {
			gets[i] = append(gets[i], pipe.HGetAll(ctx, s.ks.stats(shard, day)))
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("error reading the counters: %w", err)
	}
	for i, day := range days {
		out[i] = bot.DayStats{Day: day, Counts: bot.Counts{}}
		for _, g := range gets[i] {
			for field, v := range g.Val() {
				name, hour, ok := bot.ParseHourField(field)
				if !ok && bot.ValidStatName(field) { // written before counters had hours: the day's first
					name, hour, ok = field, 0, true
				}
				n, err := strconv.ParseInt(v, 10, 64)
				if ok && err == nil {
					out[i].AddOne(hour, name, n)
				}
			}
		}
	}
	return nil
}
