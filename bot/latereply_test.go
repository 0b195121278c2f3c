package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/memory"
)

type countingSender struct {
	sent []string
	err  error
}

func (c *countingSender) Send(_ context.Context, to, body, key string) (string, error) {
	c.sent = append(c.sent, to+" "+body)
	return "SMlate", c.err
}

// TestLateReplyApplier: a late reply goes out once, to the number in the session; never twice
// (a retry after a send that failed or began may have gone out), never after an opt-out, and
// not long after it was decided.
func TestLateReplyApplier(t *testing.T) {
	ctx := context.Background()
	b, _, clock := newBot(t)
	store := memory.New(clock)
	b.Store, b.Tips, b.Stats = store, store, store
	from := "+15550003333"
	b.Handle(ctx, bot.Inbound{ID: "SM1", From: from, Body: "hi"})
	texter := b.Keys.TexterKey(bot.ChannelSMS, from)
	snd := &countingSender{}
	a := &bot.LateReplyApplier{Store: store, Ledger: store, Sender: snd, Clock: clock, Log: slog.New(slog.DiscardHandler)}
	e := bot.Effect{Kind: bot.LateReply, Texter: texter, At: clock.Now(), Text: "the answer", Key: "SM1-late-0"}
	for range 2 {
		if err := a.Apply(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if len(snd.sent) != 1 || snd.sent[0] != from+" the answer" {
		t.Fatalf("sent %q; want the answer once, to the texter", snd.sent)
	}
	snd.err = errors.New("the Twilio API call failed; the message may or may not have been sent")
	e.Key = "SM2-late-0"
	a.Apply(ctx, e)
	a.Apply(ctx, e)
	if len(snd.sent) != 2 {
		t.Fatalf("a failed send was tried %d times; at most once", len(snd.sent)-1)
	}
	snd.err = nil
	e.Key, e.At = "SM3-late-0", clock.Now().Add(-bot.DefaultMaxWait-time.Minute)
	a.Apply(ctx, e)
	b.Handle(ctx, bot.Inbound{ID: "SM4", From: from, Body: "STOP"})
	e.Key, e.At = "SM4-late-0", clock.Now()
	a.Apply(ctx, e)
	if len(snd.sent) != 2 {
		t.Fatalf("sent %q; nothing late, nothing after STOP", snd.sent[2:])
	}
}
