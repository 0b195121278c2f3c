package memory

import (
	"context"
	"maps"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// stats are the daily counters (bot.StatsStore), by UTC day "20060102", each by hour.
type stats struct {
	days      map[string]*[24]bot.Counts
	retention time.Duration
}

var _ bot.StatsStore = (*Store)(nil)

// SetStatsRetention changes how long a day's counters are kept (default bot.DefaultStatsRetention).
func (m *Store) SetStatsRetention(d time.Duration) { m.mu.Lock(); m.stats.retention = d; m.mu.Unlock() }

// count adds c to the day of now, leaving out names a store may not keep (bot.ValidStatName);
// the caller holds mu.
func (m *Store) count(now time.Time, c bot.Counts) {
	c = bot.KeptCounts(c)
	if len(c) == 0 {
		return
	}
	if m.stats.days == nil {
		m.stats.days = map[string]*[24]bot.Counts{}
	}
	day := bot.StatsDay(now)
	d := m.stats.days[day]
	if d == nil {
		d = &[24]bot.Counts{}
		m.stats.days[day] = d
	}
	d[now.UTC().Hour()].Sum(c)
}

// AddStats implements bot.StatsStore.
func (m *Store) AddStats(_ context.Context, at time.Time, c bot.Counts) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.count(at, c)
	return nil
}

// Stats implements bot.StatsStore.
func (m *Store) Stats(_ context.Context, since, until time.Time) ([]bot.DayStats, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	var out []bot.DayStats
	for _, day := range bot.StatsDays(since, until) {
		d := bot.DayStats{Day: day, Counts: bot.Counts{}}
		if hours := m.stats.days[bot.StatsDay(day)]; hours != nil && m.kept(day, now) {
			for h, c := range hours {
				if len(c) > 0 {
					d.AddHour(h, maps.Clone(c))
				}
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// kept reports whether a day's counters are still kept at now: until the retention has passed
// since the day's end.
func (m *Store) kept(day, now time.Time) bool {
	ret := m.stats.retention
	if ret <= 0 {
		ret = bot.DefaultStatsRetention
	}
	return now.Before(day.AddDate(0, 0, 1).Add(ret))
}

// purgeStats drops the days past the retention.
func (m *Store) purgeStats(now time.Time) {
	for k := range m.stats.days {
		day, err := time.Parse("20060102", k)
		if err != nil || !m.kept(day, now) {
			delete(m.stats.days, k)
		}
	}
}
