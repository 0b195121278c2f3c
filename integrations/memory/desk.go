package memory

import (
	"context"
	"maps"
	"sort"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// DefaultSentTTL is how long the conversation of a sent SMS is remembered for its status
// callbacks, as in the Redis store.
const DefaultSentTTL = 7 * 24 * time.Hour

// desk is the staff desk's part of the store (bot.DeskStore); the Store's mutex guards it.
type desk struct {
	threads map[string]threadEntry            // by Thread.String(); texter "" for a closed thread
	ledger  map[string]map[string]ledgerEntry // by texter, then key; lives with the session
	timers  map[string]time.Time              // by texter
	claimed map[string]time.Time              // by texter
	sent    map[string]sentEntry              // by provider message id
	leases  map[string]time.Time              // by name: when the lease ends
}

type threadEntry struct {
	texter  string
	expires time.Time
}

type ledgerEntry struct {
	value string
	done  bool
}

type sentEntry struct {
	ref     bot.SentRef
	expires time.Time
}

func newDesk() desk {
	return desk{threads: map[string]threadEntry{}, ledger: map[string]map[string]ledgerEntry{},
		timers: map[string]time.Time{}, claimed: map[string]time.Time{}, sent: map[string]sentEntry{},
		leases: map[string]time.Time{}}
}

var _ bot.DeskStore = (*Store)(nil)

// index keeps the desk's indexes in step with a commit; the caller holds m.mu (bot.Store.Commit
// says what is derived from the session).
func (m *Store) index(c bot.Commit, now time.Time) {
	d, tx := &m.desk, c.Texter
	if !c.Closed.IsZero() {
		d.threads[c.Closed.String()] = threadEntry{expires: now.Add(m.sessionTTL)}
	}
	h := c.Session.Handoff
	if c.Erase || h == nil {
		delete(d.timers, tx)
		delete(d.claimed, tx)
		if c.Erase {
			delete(d.ledger, tx)
			maps.DeleteFunc(d.sent, func(_ string, e sentEntry) bool { return e.ref.Texter == tx })
		}
		return
	}
	if !h.Thread.IsZero() {
		d.threads[h.Thread.String()] = threadEntry{texter: tx, expires: now.Add(m.sessionTTL)}
	}
	if h.Due.IsZero() {
		delete(d.timers, tx)
	} else {
		d.timers[tx] = h.Due
	}
	if h.Owner == "" || h.Thread.IsZero() {
		delete(d.claimed, tx)
	} else {
		d.claimed[tx] = h.Claimed
	}
}

// LookupThread implements bot.DeskStore.
func (m *Store) LookupThread(_ context.Context, th bot.Thread) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.desk.threads[th.String()]
	if !ok || th.IsZero() || !m.clock.Now().Before(e.expires) {
		return "", false, bot.ErrNoThread
	}
	return e.texter, e.texter != "", nil
}

// Ledger implements bot.DeskStore.
func (m *Store) Ledger(_ context.Context, texter, key string) (string, bot.LedgerState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.desk.ledger[texter][key]
	switch {
	case !ok:
		return "", bot.LedgerNone, nil
	case !e.done:
		return "", bot.LedgerBegun, nil
	}
	return e.value, bot.LedgerDone, nil
}

// BeginLedger implements bot.DeskStore.
func (m *Store) BeginLedger(_ context.Context, texter, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.live(texter, m.clock.Now()); !ok {
		return bot.ErrConversationGone
	}
	if _, ok := m.desk.ledger[texter][key]; !ok {
		m.setLedger(texter, key, ledgerEntry{})
	}
	return nil
}

// SetLedger implements bot.DeskStore.
func (m *Store) SetLedger(_ context.Context, texter, key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.live(texter, m.clock.Now()); !ok {
		return bot.ErrConversationGone
	}
	m.setLedger(texter, key, ledgerEntry{value: value, done: true})
	return nil
}

// ForgetLedger implements bot.DeskStore.
func (m *Store) ForgetLedger(_ context.Context, texter, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.desk.ledger[texter], key)
	return nil
}

func (m *Store) setLedger(texter, key string, e ledgerEntry) {
	if m.desk.ledger[texter] == nil {
		m.desk.ledger[texter] = map[string]ledgerEntry{}
	}
	m.desk.ledger[texter][key] = e
}

// DueTimers implements bot.DeskStore. A timer whose session is gone is dropped.
func (m *Store) DueTimers(_ context.Context, now time.Time, lease time.Duration, max int) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var due []string
	for tx, at := range m.desk.timers {
		if !at.After(now) {
			due = append(due, tx)
		}
	}
	sort.Slice(due, func(i, j int) bool { return m.desk.timers[due[i]].Before(m.desk.timers[due[j]]) })
	var out []string
	for _, tx := range due {
		if len(out) == max {
			break
		}
		if _, ok := m.live(tx, now); !ok {
			delete(m.desk.timers, tx)
			continue
		}
		m.desk.timers[tx] = now.Add(lease)
		out = append(out, tx)
	}
	return out, nil
}

// Claimed implements bot.DeskStore. An entry whose session is gone is dropped.
func (m *Store) Claimed(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	var out []string
	for tx := range m.desk.claimed {
		if _, ok := m.live(tx, now); !ok {
			delete(m.desk.claimed, tx)
			continue
		}
		out = append(out, tx)
	}
	sort.Strings(out)
	return out, nil
}

// live returns the texter's session if it has not expired; the caller holds m.mu.
func (m *Store) live(texter string, now time.Time) (bot.Session, bool) {
	e, ok := m.sessions[texter]
	if !ok || !now.Before(e.expires) {
		return bot.Session{}, false
	}
	return e.s, true
}

// RememberSent implements bot.DeskStore.
func (m *Store) RememberSent(_ context.Context, sid string, ref bot.SentRef) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.live(ref.Texter, m.clock.Now()); !ok {
		return bot.ErrConversationGone
	}
	m.desk.sent[sid] = sentEntry{ref: ref, expires: m.clock.Now().Add(DefaultSentTTL)}
	return nil
}

// SentRef implements bot.DeskStore.
func (m *Store) SentRef(_ context.Context, sid string) (bot.SentRef, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.desk.sent[sid]
	if !ok || !m.clock.Now().Before(e.expires) {
		return bot.SentRef{}, false, nil
	}
	return e.ref, true, nil
}

// Lease implements bot.DeskStore.
func (m *Store) Lease(_ context.Context, name string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	if until, ok := m.desk.leases[name]; ok && now.Before(until) {
		return false, nil
	}
	m.desk.leases[name] = now.Add(ttl)
	return true, nil
}

// ReleaseLease implements bot.DeskStore.
func (m *Store) ReleaseLease(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.desk.leases, name)
	return nil
}

// purgeDesk drops expired desk entries; the caller holds m.mu.
func (m *Store) purgeDesk(now time.Time) {
	for k, e := range m.desk.threads {
		if !now.Before(e.expires) {
			delete(m.desk.threads, k)
		}
	}
	for tx := range m.desk.ledger {
		if _, ok := m.live(tx, now); !ok {
			delete(m.desk.ledger, tx)
		}
	}
	for k, e := range m.desk.sent {
		if !now.Before(e.expires) {
			delete(m.desk.sent, k)
		}
	}
}
