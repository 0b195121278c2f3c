package memory

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// DefaultDeadLetterTTL is how long dead letters are kept for inspection, as in the Redis store.
const DefaultDeadLetterTTL = 7 * 24 * time.Hour

// heldLimit bounds how many held entries one Claim returns; while a consumer holds this many, it
// gets no new entries (as in the Redis store).
const heldLimit = 1024

// entry is one outbox entry. owner is "" until a consumer claims it; delivered is when its owner
// last claimed it (the zero time once released, so that it counts as idle for ever).
type entry struct {
	id        string
	committed time.Time
	effect    bot.Effect
	owner     string
	delivered time.Time
	attempts  int
	first     time.Time
	notBefore time.Time
}

type deadLetter struct {
	effect bot.Effect
	reason string
	at     time.Time
}

var _ bot.Outbox = (*Store)(nil)

// enqueue appends a commit's effects to the texter's shard; the caller holds m.mu.
func (m *Store) enqueue(texter string, effects []bot.Effect) {
	shard := bot.ShardOf(texter, len(m.queues))
	for _, e := range effects {
		m.seq++
		m.queues[shard] = append(m.queues[shard], &entry{id: strconv.FormatUint(m.seq, 10), effect: cloneEffect(e), committed: m.clock.Now()})
	}
}

// dropEffects deletes the texter's entries still waiting, but those erasure keeps (a tip's); the
// caller holds m.mu. A consumer applying one now acknowledges it as usual.
func (m *Store) dropEffects(texter string) {
	shard := bot.ShardOf(texter, len(m.queues))
	m.queues[shard] = slices.DeleteFunc(m.queues[shard], func(e *entry) bool {
		return e.effect.Texter == texter && !e.effect.KeptByErasure()
	})
}

// Shards implements bot.Outbox.
func (m *Store) Shards() int { return len(m.queues) }

// Claim implements bot.Outbox.
func (m *Store) Claim(_ context.Context, shard int, consumer string, max int, minIdle time.Duration) ([]bot.OutboxEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock.Now()
	q := m.queues[shard]
	foreign := false
	for _, e := range q {
		if e.owner != "" && e.owner != consumer {
			if now.Sub(e.delivered) >= minIdle {
				e.owner = consumer
			} else {
				foreign = true
			}
		}
	}
	var out []bot.OutboxEntry
	for _, e := range q {
		if e.owner != consumer {
			continue
		}
		e.delivered = now // every held entry is renewed, not only those returned
		if len(out) < heldLimit {
			out = append(out, e.outboxEntry(shard))
		}
	}
	if foreign || len(out) >= heldLimit {
		return out, nil
	}
	taken := 0
	for _, e := range q {
		if e.owner == "" && taken < max {
			e.owner, e.delivered = consumer, now
			out = append(out, e.outboxEntry(shard))
			taken++
		}
	}
	return out, nil
}

func (e *entry) outboxEntry(shard int) bot.OutboxEntry {
	return bot.OutboxEntry{ID: e.id, Shard: shard, Effect: cloneEffect(e.effect),
		Attempts: e.attempts, First: e.first, NotBefore: e.notBefore}
}

// Ack implements bot.Outbox.
func (m *Store) Ack(_ context.Context, shard int, ids ...string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		m.remove(shard, id)
	}
	return nil
}

// Requeue implements bot.Outbox.
func (m *Store) Requeue(_ context.Context, e bot.OutboxEntry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.queues[e.Shard] {
		if x.id == e.ID {
			x.attempts, x.first, x.notBefore = e.Attempts, e.First, e.NotBefore
		}
	}
	return nil
}

// Release implements bot.Outbox.
func (m *Store) Release(_ context.Context, shard int, consumer string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.queues[shard] {
		if e.owner == consumer {
			e.delivered = time.Time{}
		}
	}
	return nil
}

// DeadLetter implements bot.Outbox.
func (m *Store) DeadLetter(_ context.Context, e bot.OutboxEntry, reason string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if x := m.remove(e.Shard, e.ID); x != nil {
		m.dead = append(m.dead, deadLetter{effect: x.effect.Redacted(), reason: reason, at: m.clock.Now()})
	}
	m.pruneDead()
	return nil
}

// OutboxStats implements bot.Outbox.
func (m *Store) OutboxStats(context.Context) (bot.OutboxStats, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pruneDead()
	var st bot.OutboxStats
	for _, q := range m.queues {
		st.Pending += int64(len(q))
		if len(q) > 0 && (st.Oldest.IsZero() || q[0].committed.Before(st.Oldest)) {
			st.Oldest = q[0].committed
		}
	}
	st.Dead = int64(len(m.dead))
	return st, nil
}

// remove drops an entry from its shard and returns it; the caller holds m.mu.
func (m *Store) remove(shard int, id string) *entry {
	q := m.queues[shard]
	for i, e := range q {
		if e.id == id {
			m.queues[shard] = append(q[:i:i], q[i+1:]...)
			return e
		}
	}
	return nil
}

// pruneDead forgets dead letters older than the dead-letter TTL; the caller holds m.mu.
func (m *Store) pruneDead() {
	now := m.clock.Now()
	keep := m.dead[:0]
	for _, d := range m.dead {
		if now.Sub(d.at) < m.deadTTL {
			keep = append(keep, d)
		}
	}
	clear(m.dead[len(keep):])
	m.dead = keep
}

func cloneEffect(e bot.Effect) bot.Effect {
	if e.Answers != nil {
		a := make(map[string]string, len(e.Answers))
		for k, v := range e.Answers {
			a[k] = v
		}
		e.Answers = a
	}
	return e
}
