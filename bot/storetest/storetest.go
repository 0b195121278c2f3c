// Package storetest is the contract suite every bot.Store and bot.Outbox implementation passes:
// sessions with compare-and-set, dedupe, opt-outs, erasure, the outbox and the Worker draining
// it, bot.Bot on top of two clients of one store, and the staff desk's indexes with bot.Desk's
// races (claims, escalation timers) on two clients. integrations/memory and integrations/redis
// run it from their tests:
//
//	storetest.Run(t, func(t *testing.T, keys *bot.Keys, clock bot.Clock) func() storetest.Store { ... })
//
// Imports: bot, bot/bottest, bot/roster and flows. A test-support package: the stores' tests
// import it, no production package may (internal/layers).
package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
)

// Store is what the suite tests: a bot.Store that is also its own bot.Outbox, bot.DeskStore,
// bot.TipStore, bot.SendGate and bot.Backlog.
type Store interface {
	bot.Store
	bot.Outbox
	bot.DeskStore
	bot.TipStore
	bot.SendGate
	bot.Backlog
}

// Open makes one new, empty backend for a test and returns a function that connects a new
// client to it: each call is another replica of the same data. keys seal what the store keeps;
// clock is the suite's fake clock.
type Open func(t *testing.T, keys *bot.Keys, clock bot.Clock) func() Store

// Run runs the whole suite.
func Run(t *testing.T, open Open) {
	t.Run("Session", func(t *testing.T) { RunSession(t, open) })
	t.Run("Outbox", func(t *testing.T) { RunOutbox(t, open) })
	t.Run("Worker", func(t *testing.T) { RunWorker(t, open) })
	t.Run("Bot", func(t *testing.T) { RunBot(t, open) })
	t.Run("Desk", func(t *testing.T) { RunDesk(t, open) })
	t.Run("Tips", func(t *testing.T) { RunTips(t, open) })
	t.Run("SendGate", func(t *testing.T) { RunSendGate(t, open) })
	t.Run("Backlog", func(t *testing.T) { RunBacklog(t, open) })
	t.Run("Stats", func(t *testing.T) { RunStats(t, open) })
	t.Run("CampaignStats", func(t *testing.T) { testCampaignReplicas(t, newEnv(t, open)) })
}

// Start is the fake clock's first reading.
var Start = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// NewClock returns a fake clock reading Start.
func NewClock() *bottest.Clock { return bottest.NewClock(Start) }

// IDs hands out sequential aliases and tip codes; it is safe for concurrent use.
type IDs struct{ n atomic.Int64 }

// Alias implements bot.IDs.
func (i *IDs) Alias() string { return fmt.Sprintf("A%03d", i.n.Add(1)%1000) }

// TipCode implements bot.IDs: "TIP-2" and the count in five characters of the code alphabet.
func (i *IDs) TipCode() string { return CodeN(int(i.n.Add(1))) }

// codeAlphabet is bot's: the characters of codes.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"

// CodeN returns the tip code numbered n: "TIP-2" and n in base 29 over the code alphabet, so
// that it parses as a code (bot.ParseTipCode).
func CodeN(n int) string {
	b := []byte("TIP-2AAAAA")
	for i := len(b) - 1; i > 4; i-- {
		b[i] = codeAlphabet[n%len(codeAlphabet)]
		n /= len(codeAlphabet)
	}
	return string(b)
}

// Keys returns keys for a fixed test secret.
func Keys(t testing.TB) *bot.Keys {
	k, err := bot.NewKeys([]byte("storetest-secret-0123456789-abcdefghijklmnop"))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// env is one test's backend: a fake clock, keys and the first client.
type env struct {
	t      *testing.T
	ctx    context.Context
	clock  *bottest.Clock
	keys   *bot.Keys
	client func() Store
	s      Store
}

func newEnv(t *testing.T, open Open) *env {
	e := &env{t: t, ctx: context.Background(), clock: NewClock(), keys: Keys(t)}
	e.client = open(t, e.keys, e.clock)
	e.s = e.client()
	return e
}

// texter returns the texter key of a test number.
func (e *env) texter(number string) string { return e.keys.TexterKey(bot.ChannelSMS, number) }

// load loads or fails the test.
func (e *env) load(s Store, texter, msgID string) bot.Snapshot {
	e.t.Helper()
	snap, err := s.Load(e.ctx, texter, msgID)
	if err != nil {
		e.t.Fatalf("Load: %v", err)
	}
	return snap
}

// commit commits or fails the test.
func (e *env) commit(s Store, c bot.Commit) {
	e.t.Helper()
	if err := s.Commit(e.ctx, c); err != nil {
		e.t.Fatalf("Commit: %v", err)
	}
}

// drain claims everything in every shard for consumer, acknowledges it, and returns it in claim
// order.
func (e *env) drain(s Store, consumer string) []bot.OutboxEntry {
	e.t.Helper()
	var all []bot.OutboxEntry
	for shard := range s.Shards() {
		got := e.claim(s, shard, consumer, time.Hour)
		for _, x := range got {
			if err := s.Ack(e.ctx, shard, x.ID); err != nil {
				e.t.Fatalf("Ack: %v", err)
			}
		}
		all = append(all, got...)
	}
	return all
}

func (e *env) claim(s Store, shard int, consumer string, minIdle time.Duration) []bot.OutboxEntry {
	e.t.Helper()
	got, err := s.Claim(e.ctx, shard, consumer, 1000, minIdle)
	if err != nil {
		e.t.Fatalf("Claim shard %d: %v", shard, err)
	}
	return got
}

// byTexter groups entries by texter, keeping their order.
func byTexter(entries []bot.OutboxEntry) map[string][]bot.OutboxEntry {
	m := map[string][]bot.OutboxEntry{}
	for _, x := range entries {
		m[x.Effect.Texter] = append(m[x.Effect.Texter], x)
	}
	return m
}

// newBot returns a Bot with the built-in flows on store s.
func (e *env) newBot(s bot.Store) *bot.Bot {
	e.t.Helper()
	b, _ := NewRig(e.t, Rig{Store: s, Keys: e.keys, Clock: e.clock, Lang: "en", Log: discard})
	return b
}
