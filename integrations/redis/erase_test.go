package redis_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis"
)

// keysOf returns the keys whose name holds the texter key, with it replaced by <t>.
func keysOf(t *testing.T, all []string, tx string) []string {
	var found []string
	for _, k := range all {
		if strings.Contains(k, tx) {
			found = append(found, strings.Replace(k, tx, "<t>", 1))
		}
	}
	return found
}

// TestErase_postInFlight: a handoff post in flight while the texter erases everything (its ledger
// begun before DELETE, finished after) does not bring the texter's ledger key back.
func TestErase_postInFlight(t *testing.T) {
	c, keys, _, s, b := privateBot(t, redis.Options{})
	ctx := context.Background()
	const number = "+15550004444"
	tx := keys.TexterKey(bot.ChannelSMS, number)
	for i, body := range []string{"hi", "3", "1", "4", "skip"} {
		b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SMp%d", i), From: number, Body: body})
	}
	if err := s.BeginLedger(ctx, tx, "post:A001-x-3"); err != nil { // the applier starts the post
		t.Fatal(err)
	}
	if out := b.Handle(ctx, bot.Inbound{ID: "SMdel", From: number, Body: "DELETE"}); out.FailSafe {
		t.Fatal("DELETE got the fail-safe reply")
	}
	err := s.SetLedger(ctx, tx, "post:A001-x-3", "C0NATION01:1772443800.000100") // ... and Slack answers after
	if !errors.Is(err, bot.ErrConversationGone) {
		t.Fatalf("recording the post of an erased conversation: %v, want ErrConversationGone", err)
	}
	if err := s.BeginLedger(ctx, tx, "msg:x"); !errors.Is(err, bot.ErrConversationGone) {
		t.Fatalf("beginning work for an erased conversation: %v", err)
	}
	if got := keysOf(t, scanAll(t, c), tx); len(got) != 0 {
		t.Fatalf("keys of the erased texter after the post landed: %v", got)
	}
}

// TestErase_everyState: a texter with a tip, an ended handoff, a desk SMS on record, effects
// dead-lettered and effects still waiting (Slack down) erases everything: afterwards no key names
// them, no outbox entry or dead letter holds their key or their words, the sent SMS is
// forgotten, and the tip stays without them.
func TestErase_everyState(t *testing.T) {
	c, keys, clock, s, b := privateBot(t, redis.Options{})
	ctx := context.Background()
	const number = "+15550005555"
	tx := keys.TexterKey(bot.ChannelSMS, number)
	n := 0
	say := func(bodies ...string) {
		for _, body := range bodies {
			n++
			if out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SMe%03d", n), From: number, Body: body}); out.FailSafe {
				t.Fatalf("%q got the fail-safe reply", body)
			}
		}
	}
	say("hi", "2", "Houston, TX", "CANARYWHAT", "last night", "none", "no", "1", "no") // a tip, no follow-up
	say("MENU", "3", "1", "4", "skip", "CANARYHANDOFF")                                // a handoff
	if err := s.RememberSent(ctx, "SMsent0001", bot.SentRef{Texter: tx, Handoff: "x"}); err != nil {
		t.Fatal(err)
	}
	fail := 0
	down := &bot.Worker{Outbox: s, Clock: clock, Consumer: "w", Log: slog.New(slog.DiscardHandler),
		Applier: bot.ApplierFunc(func(_ context.Context, e bot.Effect) error {
			if e.Kind == bot.TipSubmitted {
				return nil
			}
			if fail++; fail%2 == 1 {
				return &bot.PermanentError{Code: "500"} // dead letters
			}
			return errors.New("slack down") // and effects left waiting
		})}
	down.Poll(ctx)
	say("CANARYWAITING", "MENU", "CANARYAFTER", "DELETE") // the first waits for Slack at DELETE
	// At once, before Slack is back: what waited for Slack is gone but the erasure's own effects.
	waiting := 0
	for shard := range bot.DefaultShards {
		for _, m := range c.XRange(ctx, fmt.Sprintf("fd:{%d}:q", shard), "-", "+").Val() {
			sealed, _ := m.Values["e"].(string)
			plain, _ := keys.OpenBound([]byte(sealed), []byte("frontdoor/effect"))
			waiting++
			if strings.Contains(string(plain), "CANARY") {
				t.Errorf("right after DELETE the outbox still holds the texter's words: %s", plain)
			}
		}
	}
	if waiting == 0 {
		t.Fatal("nothing waits in the outbox after DELETE; the erasure's effects should")
	}
	up := &bot.Worker{Outbox: s, Clock: clock, Consumer: "w", Log: slog.New(slog.DiscardHandler), Applier: bot.ApplierFunc(func(context.Context, bot.Effect) error { return nil })}
	clock.Advance(time.Hour) // past every retry's backoff
	for range 5 {
		up.Poll(ctx)
	}
	all := scanAll(t, c)
	if got := keysOf(t, all, tx); len(got) != 0 {
		t.Errorf("keys of the erased texter: %v", got)
	}
	streams := 0
	for _, k := range all {
		if c.Type(ctx, k).Val() != "stream" {
			continue
		}
		for _, m := range c.XRange(ctx, k, "-", "+").Val() {
			streams++
			if m.Values["t"] == tx {
				t.Errorf("%s entry %s names the texter", k, m.ID)
			}
			sealed, _ := m.Values["e"].(string)
			plain, err := keys.OpenBound([]byte(sealed), []byte("frontdoor/effect"))
			if sealed != "" && err != nil {
				t.Fatalf("%s entry %s does not open: %v", k, m.ID, err)
			}
			if strings.Contains(string(plain), tx) || strings.Contains(string(plain), "CANARY") {
				t.Errorf("%s entry %s still holds the texter: %s", k, m.ID, plain)
			}
		}
	}
	if streams == 0 {
		t.Fatal("no dead letter was made: the test proves nothing")
	}
	if _, ok, err := s.SentRef(ctx, "SMsent0001"); ok || err != nil {
		t.Errorf("the desk SMS is still on record (%v)", err)
	}
	tips, err := s.Tips(ctx, time.Time{})
	if err != nil || len(tips) != 1 || tips[0].Texter != "" {
		t.Errorf("the tip after erasure: %+v, %v; want it kept, without its texter", tips, err)
	}
}
