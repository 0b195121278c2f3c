package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

func TestParseTipCode(t *testing.T) {
	for _, c := range []struct {
		body, code, rest string
		ok               bool
	}{
		{"TIP-7K3QXM plus more information", "TIP-7K3QXM", "plus more information", true},
		{"  tip 7k3qxm: the van is blue", "TIP-7K3QXM", "the van is blue", true},
		{"Tip:7K3QXM", "TIP-7K3QXM", "", true},
		{"TIP7K3QXM, two men", "TIP-7K3QXM", "two men", true},
		{"tip #7k3qxm - more", "TIP-7K3QXM", "more", true},
		{"tip street is where it happened", "", "", false}, // six code letters, no digit: a word
		{"tip report", "", "", false},                      // O is not in the alphabet
		{"TIP-7K3QXMA more", "", "", false},                // seven characters: not a code
		{"TIP-7K3Q more", "", "", false},                   // too short
		{"TIP-0K3QXM more", "", "", false},                 // 0 is never in a code
		{"tips", "", "", false},
		{"my TIP-7K3QXM", "", "", false}, // only at the start
		{"TIP-7K3QXMñ", "", "", false},
	} {
		code, rest, ok := bot.ParseTipCode(c.body)
		if code != c.code || rest != c.rest || ok != c.ok {
			t.Errorf("ParseTipCode(%q) = %q, %q, %v; want %q, %q, %v", c.body, code, rest, ok, c.code, c.rest, c.ok)
		}
	}
}

func TestRandomIDs_TipCodesParse(t *testing.T) {
	ids := bot.NewRandomIDs(nil)
	for range 2000 {
		c := ids.TipCode()
		if got, _, ok := bot.ParseTipCode(c + " more"); !ok || got != c {
			t.Fatalf("code %s does not parse back (%q, %v)", c, got, ok)
		}
	}
}

func TestTipJanitor(t *testing.T) {
	ctx := context.Background()
	clock := bottest.NewClock(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	store := memory.New(clock)
	keys, _ := bot.NewKeys(bottest.Secret)
	file := func(code string) {
		t.Helper()
		tx := keys.TexterKey(bot.ChannelSMS, "+1555000"+code[len(code)-4:])
		tip := &bot.Tip{Code: code, Submitted: clock.Now(), Texter: tx}
		if err := store.Commit(ctx, bot.Commit{Texter: tx, Session: bot.Session{Texter: tx}, Tip: tip}); err != nil {
			t.Fatal(err)
		}
	}
	file("TIP-2AAAA2")
	clock.Advance(20 * 24 * time.Hour)
	file("TIP-2AAAA3")
	clock.Advance(6 * 24 * time.Hour)
	const days25 = 25 * 24 * time.Hour // shorter than the store's 30 days: the purge, not expiry, must delete
	j1 := &bot.TipJanitor{Tips: store, Leases: store, Clock: clock, Retention: days25, Log: slog.New(slog.DiscardHandler)}
	j2 := &bot.TipJanitor{Tips: store, Leases: store, Clock: clock, Retention: days25, Log: slog.New(slog.DiscardHandler)}
	if n, ran, err := j1.Tick(ctx); err != nil || !ran || n != 1 {
		t.Fatalf("the first replica's tick purged %d (ran %v, %v); want the 26-day-old tip", n, ran, err)
	}
	if _, ran, _ := j2.Tick(ctx); ran {
		t.Fatal("a second replica purged within the same day")
	}
	if _, err := store.Tip(ctx, "TIP-2AAAA3"); err != nil {
		t.Fatalf("the 6-day-old tip was purged: %v", err)
	}
	clock.Advance(bot.TipPurgePeriod)
	if n, ran, err := j2.Tick(ctx); err != nil || !ran || n != 0 {
		t.Fatalf("the next day's tick: %d, %v, %v", n, ran, err)
	}
	j2.Retention = 6 * 24 * time.Hour // on demand, with a shorter retention
	if n, err := j2.Purge(ctx); err != nil || n != 1 {
		t.Fatalf("on demand with 6 days: %d, %v", n, err)
	}
}

// BenchmarkEngineStep_SubmitTip measures the step that files a tip, with the code drawn in the
// texter's shard out of 16 (crypto/rand, as in production).
func BenchmarkEngineStep_SubmitTip(b *testing.B) {
	e := bot.NewEngine(builtinSet(b), bot.NewMessages("Frontdoor"), bot.NewRandomIDs(nil))
	s := bot.Session{Texter: "0123456789abcdef0123456789abcdef", Alias: "AAAA", Lang: "en", Flow: "tip", State: "tip.may_text",
		Version: 3, Started: t0, Answers: map[string]string{"where": "Houston, TX", "what": "x", "when": "y", "involved": "z"}}
	in := bot.Inbound{ID: "SM1", From: "+15550001111", Body: "no"}
	opts := bot.StepOptions{TipShards: bot.DefaultShards}
	b.ReportAllocs()
	for b.Loop() {
		turn, err := e.StepWith(s, in, t0, opts)
		if err != nil || len(turn.Effects) != 1 || bot.ShardOf(turn.Effects[0].TipCode, 16) != bot.ShardOf(s.Texter, 16) {
			b.Fatal(err, turn.Effects)
		}
	}
}

// failingTips is a TipStore whose purge fails while fail is set.
type failingTips struct {
	bot.TipStore
	fail bool
}

func (f *failingTips) PurgeTips(ctx context.Context, before time.Time) (int, error) {
	if f.fail {
		return 0, errors.New("redis down")
	}
	return f.TipStore.PurgeTips(ctx, before)
}

// TestTipJanitor_failureRetried: a purge that fails does not keep the day's lease, so the next
// tick (an hour later, any replica) purges, not the next day.
func TestTipJanitor_failureRetried(t *testing.T) {
	ctx := context.Background()
	clock := bottest.NewClock(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
	store := memory.New(clock)
	tips := &failingTips{TipStore: store, fail: true}
	j := &bot.TipJanitor{Tips: tips, Leases: store, Clock: clock, Log: slog.New(slog.DiscardHandler)}
	if _, ran, err := j.Tick(ctx); !ran || err == nil {
		t.Fatalf("the failing purge: ran %v, %v", ran, err)
	}
	tips.fail = false
	clock.Advance(bot.DefaultTipPurgeEvery)
	if _, ran, err := j.Tick(ctx); !ran || err != nil {
		t.Fatalf("an hour after a failed purge: ran %v, %v; want it tried again", ran, err)
	}
	if _, ran, _ := j.Tick(ctx); ran {
		t.Fatal("after a purge that worked, the lease holds for the day")
	}
}
