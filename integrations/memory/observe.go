package memory

import "github.com/nhttf/frontdoor/bot"

// ObserveEffects has f called with every effect a commit puts in the outbox, as it is written
// and under the store's lock (f must not call the store). Tests use it to check what turns
// commit (bottest.CheckEffects); f cannot refuse a commit.
func (m *Store) ObserveEffects(f func(bot.Effect)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.observe = f
}

func (m *Store) observed(effects []bot.Effect) {
	if m.observe == nil {
		return
	}
	for _, e := range effects {
		m.observe(e)
	}
}
