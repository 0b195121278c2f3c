package redis_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/report"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// BenchmarkReport measures reports of the last 30 days and of two years, by week, over the
// default 16 shards, each day's hash of each shard holding 40 counters in 8 hours (320 fields:
// a busy line; two years are 11,680 hashes).
func BenchmarkReport(b *testing.B) {
	srv := redistest.Start(b)
	c := newClient(b, srv.URL())
	defer c.Close()
	s := openStore(b, srv.URL(), redis.Options{Keys: testKeys(b), Clock: storetest.NewClock()})
	ctx := context.Background()
	until := storetest.Start
	since := until.AddDate(-2, 0, 1)
	pipe := c.Pipeline()
	for d := since; !d.After(until); d = d.AddDate(0, 0, 1) {
		for shard := range bot.DefaultShards {
			key := fmt.Sprintf("fd:{%d}:st:%s", shard, bot.StatsDay(d))
			fields := make([]any, 0, 640)
			for h := 8; h < 16; h++ {
				for i := range 40 {
					fields = append(fields, bot.HourField(fmt.Sprintf("flow:f%02d", i), h), 3)
				}
			}
			pipe.HSet(ctx, key, fields...)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			b.Fatal(err)
		}
	}
	for _, days := range []int{30, 730} {
		b.Run(fmt.Sprintf("%ddays", days), func(b *testing.B) {
			from := until.AddDate(0, 0, 1-days)
			start := time.Now()
			for range b.N {
				r, err := report.Build(ctx, s, report.Options{Since: from, Until: until, By: report.ByWeek})
				if err != nil {
					b.Fatal(err)
				}
				if got := r.Total.Get("flow:f00"); got != int64(3*8*bot.DefaultShards*days) {
					b.Fatalf("flow:f00 = %d", got)
				}
			}
			b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/report")
		})
	}
}
