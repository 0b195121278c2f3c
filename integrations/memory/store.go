// Package memory implements bot.Store in process memory, with the same TTLs as the Redis store.
// It is the default for `frontdoor serve --dev` and `frontdoor chat`, and the fast test double.
// Everything is lost when the process exits, so production uses integrations/redis.
//
// Imports: bot only. cmd/frontdoor and tests import it.
package memory

import (
	"context"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// Default lifetimes, as in the Redis store.
const (
	DefaultSessionTTL = 72 * time.Hour
	DefaultDedupeTTL  = 24 * time.Hour
)

// Store is an in-memory bot.Store. The zero value is not usable; call New.
type Store struct {
	clock      bot.Clock
	sessionTTL time.Duration
	dedupeTTL  time.Duration

	mu       sync.Mutex
	sessions map[string]sessionEntry         // by texter
	done     map[string]doneEntry            // by message id
	optOuts  map[string]bool                 // by texter; never expires
	inFlight map[string]map[string]time.Time // SMS attempts in flight: by texter, token -> until (sendgate.go)

	desk    desk       // the staff desk's threads, ledger, timers (desk.go)
	tips    tips       // the tips (tips.go)
	closes  closeLog   // the close records (closes.go)
	backlog backlog    // messages waiting after a store outage (backlog.go)
	stats   stats      // the daily counters (stats.go)
	queues  [][]*entry // the outbox, by shard (outbox.go)
	seq     uint64     // the last outbox entry id
	dead    []deadLetter
	deadTTL time.Duration

	observe func(bot.Effect) // ObserveEffects
}

type sessionEntry struct {
	s       bot.Session
	expires time.Time
}

type doneEntry struct {
	texter  string
	replies []string
	expires time.Time
}

var _ bot.Store = (*Store)(nil)

// New returns an empty store that reads time from clock.
func New(clock bot.Clock) *Store {
	return &Store{
		clock: clock, sessionTTL: DefaultSessionTTL, dedupeTTL: DefaultDedupeTTL,
		sessions: map[string]sessionEntry{}, done: map[string]doneEntry{}, optOuts: map[string]bool{}, inFlight: map[string]map[string]time.Time{},
		queues: make([][]*entry, bot.DefaultShards), deadTTL: DefaultDeadLetterTTL, desk: newDesk(), tips: newTips(),
	}
}

// SetSessionTTL changes how long a session lives after its last write.
func (m *Store) SetSessionTTL(d time.Duration) { m.mu.Lock(); m.sessionTTL = d; m.mu.Unlock() }

// Load implements bot.Store.
func (m *Store) Load(_ context.Context, texter, messageID string) (bot.Snapshot, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	var snap bot.Snapshot
	if d, ok := m.done[messageID]; ok && messageID != "" && now.Before(d.expires) {
		snap.Done, snap.Replies = true, append([]string(nil), d.replies...)
	}
	if e, ok := m.sessions[texter]; ok && now.Before(e.expires) {
		snap.Session = e.s.Clone()
	}
	snap.Session.OptedOut = m.optOuts[texter]
	snap.Deferred = m.deferred(texter)
	return snap, nil
}

// Commit implements bot.Store.
func (m *Store) Commit(_ context.Context, c bot.Commit) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	cur := int64(0)
	if e, ok := m.sessions[c.Texter]; ok && now.Before(e.expires) {
		cur = e.s.Version
	}
	if cur != c.Session.Version {
		return bot.ErrConflict
	}
	if d, ok := m.done[c.MessageID]; ok && c.MessageID != "" && now.Before(d.expires) {
		return bot.ErrDuplicate
	}
	if m.tipTaken(c, now) {
		return bot.ErrTipCodeTaken
	}
	m.count(now, c.Counts)
	if c.Erase {
		m.dropEffects(c.Texter)
	}
	m.enqueue(c.Texter, c.Effects)
	m.observed(c.Effects)
	m.setOptOut(c.Texter, c.Session.OptedOut)
	m.index(c, now)
	m.fileTip(c, now)
	if c.Erase {
		m.erase(c.Texter)
		m.unlinkTips(c.Texter)
		return nil
	}
	s := c.Session.Clone()
	s.Version = cur + 1
	m.sessions[c.Texter] = sessionEntry{s: s, expires: now.Add(m.sessionTTL)}
	if c.MessageID != "" {
		m.done[c.MessageID] = doneEntry{texter: c.Texter, replies: append([]string(nil), c.Replies...), expires: now.Add(m.dedupeTTL)}
	}
	return nil
}

func (m *Store) setOptOut(texter string, out bool) {
	if out {
		m.optOuts[texter] = true
	} else {
		delete(m.optOuts, texter)
	}
}

// erase forgets the texter's session, dedupe records and in-flight marks; an opt-out stays.
func (m *Store) erase(texter string) {
	delete(m.sessions, texter)
	delete(m.inFlight, texter)
	for id, d := range m.done {
		if d.texter == texter {
			delete(m.done, id)
		}
	}
}

// Ping implements bot.Store.
func (m *Store) Ping(context.Context) error { return nil }

// Purge drops expired entries. Expired entries are already invisible; this frees their memory.
func (m *Store) Purge() {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	for k, e := range m.sessions {
		if !now.Before(e.expires) {
			delete(m.sessions, k)
		}
	}
	for k, d := range m.done {
		if !now.Before(d.expires) {
			delete(m.done, k)
		}
	}
	m.purgeDesk(now)
	m.purgeTipIndex(now)
	m.purgeStats(now)
}
