package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
)

// edgeSender records sends and answers with err.
type edgeSender struct {
	sent []string
	err  error
}

func (s *edgeSender) Send(_ context.Context, to, body, key string) (string, error) {
	s.sent = append(s.sent, body)
	if s.err != nil {
		return "", s.err
	}
	return "SM1", nil
}

func TestGuardedSender_Send(t *testing.T) {
	const from = "+15550100004"
	t.Run("sends to a texter who did not opt out", func(t *testing.T) {
		b, _, _ := newEdgeBot(t, 0)
		edgeSend(b, "g1", from, "hi")
		fake := &edgeSender{}
		id, err := bot.GuardedSender{OptOuts: b, Sender: fake, Log: b.Log}.Send(t.Context(), from, "staff reply", "k1")
		if err != nil || id != "SM1" || len(fake.sent) != 1 {
			t.Fatalf("Send = %q, %v; sent %d", id, err, len(fake.sent))
		}
	})
	t.Run("refuses an opted-out texter without asking the provider", func(t *testing.T) {
		b, _, _ := newEdgeBot(t, 0)
		edgeSend(b, "g1", from, "STOP")
		fake := &edgeSender{}
		_, err := bot.GuardedSender{OptOuts: b, Sender: fake, Log: b.Log}.Send(t.Context(), from, "staff reply", "k1")
		if !errors.Is(err, bot.ErrRecipientOptedOut) || len(fake.sent) != 0 {
			t.Fatalf("err %v, sent %d", err, len(fake.sent))
		}
	})
	t.Run("records the opt-out the provider reports and tells staff", func(t *testing.T) {
		b, _, store := newEdgeBot(t, 0)
		for i, body := range []string{"hi", "3", "1", "4", "skip"} {
			edgeSend(b, string(rune('a'+i)), from, body)
		}
		texter := b.Keys.TexterKey(bot.ChannelSMS, from)
		before, _ := store.Load(t.Context(), texter, "")
		if before.Session.Handoff == nil {
			t.Fatal("setup: no handoff")
		}
		fake := &edgeSender{err: bot.ErrRecipientOptedOut}
		_, err := bot.GuardedSender{OptOuts: b, Sender: fake, Log: b.Log}.Send(t.Context(), from, "staff reply", "k1")
		if !errors.Is(err, bot.ErrRecipientOptedOut) {
			t.Fatalf("err %v", err)
		}
		after, _ := store.Load(t.Context(), texter, "")
		if !after.Session.OptedOut || after.Session.Handoff != nil {
			t.Fatalf("after 21610: opted out %v, handoff %v", after.Session.OptedOut, after.Session.Handoff)
		}
		if !after.Session.LastInbound.Equal(before.Session.LastInbound) {
			t.Error("recording an opt-out moved LastInbound: the texter did not write")
		}
		if out := edgeSend(b, "z", from, "hello?"); len(out.Replies) != 0 {
			t.Fatalf("an opted-out texter got a reply: %q", out.Replies)
		}
	})
	t.Run("a failed opt-out record is logged and retried, not taken as done", func(t *testing.T) {
		b, _, store := newEdgeBot(t, 0)
		edgeSend(b, "g1", from, "hi")
		var logs strings.Builder
		b.Log = slog.New(slog.NewJSONHandler(&logs, nil))
		b.Store = &bottest.Store{Store: store, CommitFn: func(context.Context, bot.Commit) error { return errors.New("redis down") }}
		fake := &edgeSender{err: bot.ErrRecipientOptedOut}
		_, err := bot.GuardedSender{OptOuts: b, Sender: fake, Log: b.Log}.Send(t.Context(), from, "staff reply", "k1")
		if err == nil || errors.Is(err, bot.ErrRecipientOptedOut) || bot.IsPermanent(err) {
			t.Fatalf("err %v: the opt-out was not recorded, so the send must be retried", err)
		}
		if !strings.Contains(logs.String(), "opt-out could not be recorded") {
			t.Fatalf("not logged: %s", logs.String())
		}
	})
}
