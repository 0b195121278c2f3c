package bot_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/memory"
)

var t0 = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)

func builtinSet(t testing.TB) *flows.Set {
	t.Helper()
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		t.Fatal(probs)
	}
	return set
}

// newBot returns a Bot on the built-in flows over a fake-able memory store.
func newBot(t testing.TB) (*bot.Bot, *bottest.Store, *bottest.Clock) {
	t.Helper()
	keys, err := bot.NewKeys(bottest.Secret)
	if err != nil {
		t.Fatal(err)
	}
	clock := bottest.NewClock(t0)
	mem := memory.New(clock)
	mem.ObserveEffects(bottest.CheckEffects(t))
	store := &bottest.Store{Store: mem}
	ids := bot.NewRandomIDs(rand.NewChaCha8([32]byte{1}))
	b, _ := storetest.NewRig(t, storetest.Rig{Store: store, Keys: keys, Clock: clock, IDs: ids, Program: "Frontdoor"})
	return b, store, clock
}

func TestBot_Handle(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		b, _, _ := newBot(t)
		out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"})
		if out.FailSafe || out.Duplicate || len(out.Replies) != 1 || !strings.Contains(out.Replies[0], "911") {
			t.Fatalf("outcome %+v", out)
		}
	})
	t.Run("Duplicate", func(t *testing.T) {
		b, _, _ := newBot(t)
		b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"})
		first := b.Handle(ctx, bot.Inbound{ID: "SM2", From: "+15550001111", Body: "3"})
		b.Handle(ctx, bot.Inbound{ID: "SM3", From: "+15550001111", Body: "1"})
		again := b.Handle(ctx, bot.Inbound{ID: "SM2", From: "+15550001111", Body: "3"})
		if !again.Duplicate || len(again.Effects) != 0 || strings.Join(again.Replies, "|") != strings.Join(first.Replies, "|") {
			t.Fatalf("a retried message must repeat the first replies and cause nothing: %+v", again)
		}
	})
	t.Run("ErrLoad", func(t *testing.T) {
		b, store, _ := newBot(t)
		store.LoadFn = func(context.Context, string, string) (bot.Snapshot, error) {
			return bot.Snapshot{}, errors.New("connection refused")
		}
		out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"})
		if !out.FailSafe || len(out.Replies) != 1 || out.Replies[0] != bot.FailSafeReply {
			t.Fatalf("outcome %+v", out)
		}
	})
	t.Run("ErrCommit", func(t *testing.T) {
		b, store, _ := newBot(t)
		store.CommitFn = func(context.Context, bot.Commit) error { return errors.New("timeout") }
		if out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"}); !out.FailSafe {
			t.Fatalf("outcome %+v", out)
		}
	})
	t.Run("ConflictThenOK", func(t *testing.T) {
		b, store, _ := newBot(t)
		conflicts := 2
		store.CommitFn = func(ctx context.Context, c bot.Commit) error {
			if conflicts > 0 {
				conflicts--
				return bot.ErrConflict
			}
			return store.Store.Commit(ctx, c)
		}
		if out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"}); out.FailSafe || conflicts != 0 {
			t.Fatalf("outcome %+v, %d conflicts left", out, conflicts)
		}
	})
	t.Run("ErrTooManyConflicts", func(t *testing.T) {
		b, store, _ := newBot(t)
		store.CommitFn = func(context.Context, bot.Commit) error { return bot.ErrConflict }
		out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"})
		if !out.FailSafe {
			t.Fatalf("outcome %+v", out)
		}
		store.CommitFn = nil
		if out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"}); out.Duplicate || out.FailSafe {
			t.Fatalf("the message must not be marked done after giving up, so Twilio's retry is handled: %+v", out)
		}
	})
}

// TestBot_BadInput sends hostile messages in every state of the built-in flows: each gets an
// answer (or deliberate silence with staff), never a panic or the fail-safe reply.
func TestBot_BadInput(t *testing.T) {
	set := builtinSet(t)
	inputs := []string{"", " ", "\n\t", strings.Repeat("x", 1600), strings.Repeat("🙏", 400), "Привет 你好 مرحبا", "\xff\xfe\xfd",
		"a\x00b", "{{tip_code}}", "<Response/>", "%s%d", strings.Repeat("á", 1601)}
	for _, f := range set.Flows() {
		for _, name := range f.Order {
			st, _ := set.State(f.Name + "." + name)
			if !st.Waits() {
				continue
			}
			for _, in := range inputs {
				b, store, _ := newBot(t)
				ctx := context.Background()
				keys, _ := bot.NewKeys(bottest.Secret)
				texter := keys.TexterKey(bot.ChannelSMS, "+15550002222")
				err := store.Commit(ctx, bot.Commit{Texter: texter, Session: bot.Session{Texter: texter, Lang: "en", Flow: f.Name, State: st.ID, Alias: "TEST"}})
				if err != nil {
					t.Fatal(err)
				}
				out := b.Handle(ctx, bot.Inbound{ID: "SMX", From: "+15550002222", Body: in})
				if out.FailSafe || len(out.Replies) == 0 {
					t.Errorf("%s with %.20q: %+v", st.ID, in, out)
				}
				for _, r := range out.Replies {
					if len([]rune(r)) > flows.MaxTextLength {
						t.Errorf("%s with %.20q: a reply of %d characters", st.ID, in, len([]rune(r)))
					}
				}
			}
		}
	}
}

// TestBot_Concurrent runs many texters at once through one Bot (run with -race).
func TestBot_Concurrent(t *testing.T) {
	b, _, _ := newBot(t)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			from := "+1555000" + string(rune('0'+i%10)) + string(rune('0'+i/10))
			for j, body := range []string{"hi", "2", "Houston, TX", "something", "today", "none", "no", "1", "yes"} {
				out := b.Handle(context.Background(), bot.Inbound{ID: from + body + string(rune('a'+j)), From: from, Body: body})
				if out.FailSafe {
					t.Errorf("texter %d step %d failed", i, j)
				}
			}
		}(i)
	}
	wg.Wait()
}

func TestBot_StaleState(t *testing.T) {
	b, store, _ := newBot(t)
	ctx := context.Background()
	keys, _ := bot.NewKeys(bottest.Secret)
	texter := keys.TexterKey(bot.ChannelSMS, "+15550003333")
	_ = store.Commit(ctx, bot.Commit{Texter: texter, Session: bot.Session{Texter: texter, Lang: "es", Flow: "old", State: "old.gone", Alias: "AAAA"}})
	out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550003333", Body: "1"})
	if len(out.Replies) != 2 || !strings.Contains(out.Replies[0], "Perdón") || !strings.Contains(out.Replies[1], "911") {
		t.Fatalf("a vanished state should apologise and show the menu: %q", out.Replies)
	}
}

// TestMessages_Help: HELP names the program, 911 and the hotline in both languages (the
// segments of every system text are held by TestMessages_Safe).
func TestMessages_Help(t *testing.T) {
	m := bot.NewMessages("Frontdoor")
	for _, h := range m.Help {
		for _, want := range []string{"Frontdoor", "911", bot.HotlineCall, bot.HotlineText} {
			if !strings.Contains(h, want) {
				t.Errorf("HELP lacks %q: %s", want, h)
			}
		}
	}
}
