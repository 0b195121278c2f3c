package memory

import (
	"context"
	"sort"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

var _ bot.CloseLog = (*Store)(nil)

// closeLog is the close records, by handoff Ref (a redelivered close is kept once).
type closeLog struct {
	byRef map[string]bot.CloseRecord
}

// RecordClose implements bot.CloseLog.
func (s *Store) RecordClose(_ context.Context, r bot.CloseRecord) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closes.byRef == nil {
		s.closes.byRef = map[string]bot.CloseRecord{}
	}
	key := r.Handoff + "\x00" + r.Closed.Format(time.RFC3339Nano)
	s.closes.byRef[key] = r
	oldest := s.clock.Now().Add(-bot.CloseKeep)
	for k, old := range s.closes.byRef {
		if old.Closed.Before(oldest) {
			delete(s.closes.byRef, k)
		}
	}
	return nil
}

// Closes implements bot.CloseLog.
func (s *Store) Closes(_ context.Context, since time.Time) ([]bot.CloseRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bot.CloseRecord
	for _, r := range s.closes.byRef {
		if !r.Closed.Before(since) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Closed.Before(b.Closed) || a.Closed.Equal(b.Closed) && a.Handoff < b.Handoff
	})
	return out, nil
}
