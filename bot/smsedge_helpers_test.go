package bot_test

// Helpers for the tests of the SMS edge rules (rate limit, never text first, guarded sends).
// Their names carry "edge" so they cannot clash with the conversation core's test helpers.

import (
	"context"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

type edgeIDs struct{}

func (edgeIDs) Alias() string   { return "K7QF" }
func (edgeIDs) TipCode() string { return "TIP-222222" }

// newEdgeBot returns a bot on the built-in flows and the memory store, limited to max messages
// per 10 minutes when max > 0.
func newEdgeBot(t *testing.T, max int) (*bot.Bot, *bottest.Clock, *memory.Store) {
	t.Helper()
	keys, err := bot.NewKeys([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	clock := bottest.NewClock(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	store := memory.New(clock)
	store.ObserveEffects(bottest.CheckEffects(t))
	b, _ := storetest.NewRig(t, storetest.Rig{Store: store, Keys: keys, Clock: clock, IDs: edgeIDs{}, Program: "Frontdoor", Lang: "en"})
	if max > 0 {
		b.Limit = bot.RateLimit{Max: max, Window: 10 * time.Minute}
		b.Limiter = memory.NewCounter(clock, store)
	}
	return b, clock, store
}

// edgeSend hands one message to b and returns the outcome.
func edgeSend(b *bot.Bot, id, from, body string) bot.Outcome {
	return b.Handle(context.Background(), bot.Inbound{ID: id, From: from, Body: body})
}
