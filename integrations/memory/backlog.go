package memory

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

var _ bot.Backlog = (*Store)(nil)

// backlog is the store's bot.Backlog: per texter, the waiting messages by id and when they are due.
type backlog struct {
	msgs map[string]map[string]bot.Spooled
	due  map[string]time.Time
}

func (b *backlog) init() {
	if b.msgs == nil {
		b.msgs, b.due = map[string]map[string]bot.Spooled{}, map[string]time.Time{}
	}
}

// Defer implements bot.Backlog.
func (m *Store) Defer(_ context.Context, ms []bot.Deferred, due time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.backlog.init()
	for _, d := range ms {
		if d.Inbound.ID == "" {
			return errors.New("memory store: a deferred message needs its id")
		}
		if m.backlog.msgs[d.Texter] == nil {
			m.backlog.msgs[d.Texter] = map[string]bot.Spooled{}
		}
		if _, ok := m.backlog.msgs[d.Texter][d.Inbound.ID]; !ok {
			m.backlog.msgs[d.Texter][d.Inbound.ID] = d.Spooled
		}
		if due.After(m.backlog.due[d.Texter]) {
			m.backlog.due[d.Texter] = due
		}
	}
	return nil
}

// Waiting implements bot.Backlog.
func (m *Store) Waiting(_ context.Context, texter string) ([]bot.Spooled, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.backlog.init()
	var out []bot.Spooled
	for _, s := range m.backlog.msgs[texter] {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Received.Truncate(time.Microsecond), out[j].Received.Truncate(time.Microsecond)
		if !a.Equal(b) {
			return a.Before(b)
		}
		return out[i].Inbound.ID < out[j].Inbound.ID
	})
	return out, m.backlog.due[texter], nil
}

// DueTexters implements bot.Backlog.
func (m *Store) DueTexters(_ context.Context, shard int, now time.Time, lease time.Duration, max int) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.backlog.init()
	var out []string
	for t, due := range m.backlog.due {
		if bot.ShardOf(t, len(m.queues)) != shard || due.After(now) {
			continue
		}
		if len(m.backlog.msgs[t]) == 0 {
			delete(m.backlog.due, t)
			continue
		}
		if len(out) < max {
			m.backlog.due[t] = now.Add(lease)
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Handled implements bot.Backlog.
func (m *Store) Handled(_ context.Context, texter, messageID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.backlog.init()
	delete(m.backlog.msgs[texter], messageID)
	if len(m.backlog.msgs[texter]) == 0 {
		delete(m.backlog.msgs, texter)
		delete(m.backlog.due, texter)
	}
	return nil
}

func (m *Store) deferred(texter string) bool { return len(m.backlog.msgs[texter]) > 0 }
