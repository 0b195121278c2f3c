package memory

import (
	"context"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

var _ bot.SendGate = (*Store)(nil)

// BeginSend implements bot.SendGate.
func (m *Store) BeginSend(_ context.Context, texter, token string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.optOuts[texter] {
		return false, nil
	}
	if m.inFlight[texter] == nil {
		m.inFlight[texter] = map[string]time.Time{}
	}
	m.inFlight[texter][token] = m.clock.Now().Add(ttl)
	return true, nil
}

// EndSend implements bot.SendGate.
func (m *Store) EndSend(_ context.Context, texter, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.inFlight[texter], token)
	if len(m.inFlight[texter]) == 0 {
		delete(m.inFlight, texter)
	}
	return nil
}

// SendsInFlight implements bot.SendGate.
func (m *Store) SendsInFlight(_ context.Context, texter string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	for token, until := range m.inFlight[texter] {
		if now.Before(until) {
			return true, nil
		}
		delete(m.inFlight[texter], token)
	}
	return false, nil
}
