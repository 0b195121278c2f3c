package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

type memSpool struct{ kept []bot.Spooled }

func (s *memSpool) Put(_ context.Context, m bot.Spooled) error {
	s.kept = append(s.kept, m)
	return nil
}

type sent struct{ to, body, key string }

type recordingSender struct{ sent []sent }

func (r *recordingSender) Send(_ context.Context, to, body, key string) (string, error) {
	r.sent = append(r.sent, sent{to, body, key})
	return "SMout", nil
}

func TestBot_Spool(t *testing.T) {
	ctx := context.Background()
	b, store, clock := newBot(t)
	sp := &memSpool{}
	b.Spool = sp
	store.LoadFn = func(context.Context, string, string) (bot.Snapshot, error) {
		return bot.Snapshot{}, errors.New("connection refused")
	}
	out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550007777", Body: "hi"})
	if !out.FailSafe || !out.Spooled || len(sp.kept) != 1 || !sp.kept[0].Received.Equal(clock.Now()) {
		t.Fatalf("a store failure must spool the message: %+v, %d kept", out, len(sp.kept))
	}
	// Still failing: the replay says so and sends nothing.
	snd := &recordingSender{}
	if err := b.Replay(ctx, sp.kept[0], snd); !errors.Is(err, bot.ErrStillFailing) || len(snd.sent) != 0 {
		t.Fatalf("replay while failing: %v, %d sent", err, len(snd.sent))
	}
	if len(sp.kept) != 1 {
		t.Fatal("a replay must not spool the message again")
	}
	store.LoadFn = nil
	clock.Advance(5 * time.Minute)
	if err := b.Replay(ctx, sp.kept[0], snd); err != nil || len(snd.sent) != 1 || !strings.Contains(snd.sent[0].body, "911") ||
		snd.sent[0].to != "+15550007777" || snd.sent[0].key != "SM1-replay-0" {
		t.Fatalf("replay after recovery: %v, %+v", err, snd.sent)
	}
	if err := b.Replay(ctx, sp.kept[0], snd); err != nil || len(snd.sent) != 1 {
		t.Fatalf("a second replay is a duplicate and sends nothing: %v, %d sent", err, len(snd.sent))
	}
}

func TestBot_SpoolOldMessage(t *testing.T) {
	ctx := context.Background()
	b, _, clock := newBot(t)
	snd := &recordingSender{}
	m := bot.Spooled{Inbound: bot.Inbound{ID: "SM9", From: "+15550008888", Body: "hi"}, Received: clock.Now()}
	clock.Advance(bot.SilenceLimit + time.Minute)
	if err := b.Replay(ctx, m, snd); err != nil || len(snd.sent) != 0 {
		t.Fatalf("a message older than 15 minutes changes the conversation without a text: %v, %d sent", err, len(snd.sent))
	}
}

func TestBot_ConflictsNotSpooled(t *testing.T) {
	ctx := context.Background()
	b, store, _ := newBot(t)
	sp := &memSpool{}
	b.Spool = sp
	// A conflict storm is the store working, not failing: the message is not spooled.
	store.CommitFn = func(context.Context, bot.Commit) error { return bot.ErrConflict }
	out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550009999", Body: "hi"})
	if !out.FailSafe || out.Spooled || len(sp.kept) != 0 {
		t.Fatalf("conflicts are not a store failure: %+v", out)
	}
}
