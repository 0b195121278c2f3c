package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// fakeSender records sends and fails as told.
type fakeSender struct {
	mu   sync.Mutex
	sent []string // "to|body"
	fail error
}

func (f *fakeSender) Send(_ context.Context, to, body, _ string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return "", f.fail
	}
	f.sent = append(f.sent, to+"|"+body)
	return fmt.Sprintf("SM%032d", len(f.sent)), nil
}

// ownerReply opens, claims and answers; it returns the StaffReply effect.
func ownerReply(t *testing.T, r *deskRig, text string) bot.Effect {
	t.Helper()
	r.handoff()
	r.press(bot.ActClaim, owner)
	out, _ := r.reply(owner, text)
	send := find(out.Effects, bot.StaffReply)
	if send == nil {
		t.Fatalf("no reply to send: %s", kinds(out.Effects))
	}
	r.drain()
	return *send
}

func TestSMSApplier(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		r := newDeskRig(t, monday)
		send := ownerReply(t, r, "We can help. Are you safe?")
		fs := &fakeSender{}
		a := &bot.SMSApplier{Desk: r.d, Sender: fs}
		if err := a.Apply(ctx, send); err != nil {
			t.Fatal(err)
		}
		if len(fs.sent) != 1 || fs.sent[0] != deskNumber+"|We can help. Are you safe?" {
			t.Fatalf("sent %q", fs.sent)
		}
		react := find(r.drain(), bot.DeskReaction)
		if react == nil || react.Text != bot.ReactionSent || react.TS != send.TS || react.Thread != r.thread {
			t.Fatalf("after the send: %+v; want a check on the reply", react)
		}
		if err := a.Apply(ctx, send); err != nil || len(fs.sent) != 1 {
			t.Fatalf("applying again (a crash before the ack) sent %d times, %v", len(fs.sent), err)
		}
		sid := fmt.Sprintf("SM%032d", 1)
		if err := r.d.Undelivered(ctx, sid, 30003, false); err != nil {
			t.Fatal(err)
		}
		effects := r.drain()
		if w := find(effects, bot.DeskReaction); w == nil || w.Text != bot.ReactionFailed || w.TS != send.TS {
			t.Fatalf("undelivered: %+v", effects)
		}
		if !strings.Contains(notes(effects), "not delivered (30003)") {
			t.Fatalf("undelivered notes %q", notes(effects))
		}
	})
	t.Run("OptedOutMeanwhile", func(t *testing.T) {
		r := newDeskRig(t, monday)
		send := ownerReply(t, r, "Hello")
		r.text("STOP")
		r.drain()
		fs := &fakeSender{}
		if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, send); err != nil {
			t.Fatal(err)
		}
		effects := r.drain()
		if len(fs.sent) != 0 || find(effects, bot.DeskReaction).Text != bot.ReactionFailed {
			t.Fatalf("a reply to a texter who opted out meanwhile: sent %q, %s", fs.sent, kinds(effects))
		}
	})
	t.Run("UndeliveredOptedOut", func(t *testing.T) {
		r := newDeskRig(t, monday)
		send := ownerReply(t, r, "Hello")
		if err := (&bot.SMSApplier{Desk: r.d, Sender: &fakeSender{}}).Apply(ctx, send); err != nil {
			t.Fatal(err)
		}
		r.drain()
		if err := r.d.Undelivered(ctx, fmt.Sprintf("SM%032d", 1), 21610, true); err != nil {
			t.Fatal(err)
		}
		effects := r.drain()
		if s := r.session(); !s.OptedOut || s.Handoff != nil {
			t.Fatalf("after a 21610 callback: opted out %v, handoff %+v", s.OptedOut, s.Handoff)
		}
		if e := find(effects, bot.HandoffEnded); e == nil || e.Text != bot.EndedByOptOut {
			t.Fatalf("staff were not told replies are disabled: %s", kinds(effects))
		}
		if !strings.Contains(notes(effects), "not delivered (21610)") {
			t.Fatalf("notes %q", notes(effects))
		}
	})
	t.Run("TooLate", func(t *testing.T) {
		r := newDeskRig(t, monday)
		send := ownerReply(t, r, "Hello")
		r.clock.Advance(16 * time.Minute)
		fs := &fakeSender{}
		if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, send); err != nil {
			t.Fatal(err)
		}
		if len(fs.sent) != 0 || !strings.Contains(notes(r.drain()), "within 15 minutes") {
			t.Fatal("a reply that waited 16 minutes in the outbox was sent")
		}
	})
	t.Run("Refused", func(t *testing.T) {
		r := newDeskRig(t, monday)
		send := ownerReply(t, r, "Hello")
		fs := &fakeSender{fail: &bot.PermanentError{Code: "21612", Err: errors.New("400")}}
		if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, send); err != nil {
			t.Fatal(err)
		}
		if got := notes(r.drain()); !strings.Contains(got, "21612") {
			t.Fatalf("a refused send noted %q", got)
		}
	})
	t.Run("HotlineAfterClaim", func(t *testing.T) {
		r := newDeskRig(t, monday)
		r.handoff()
		esc := &bot.Escalator{Desk: r.d}
		r.clock.Advance(3 * time.Minute)
		esc.Poll(ctx)
		r.clock.Advance(7 * time.Minute)
		esc.Poll(ctx)
		notice := find(r.drain(), bot.TexterNotice)
		if notice == nil || notice.Status != bot.NoticeHotline {
			t.Fatal("no hotline notice after 10 minutes")
		}
		r.press(bot.ActClaim, owner) // claimed before the notice went out
		r.drain()
		fs := &fakeSender{}
		if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, *notice); err != nil {
			t.Fatal(err)
		}
		if len(fs.sent) != 0 || !strings.Contains(notes(r.drain()), "claimed") {
			t.Fatalf("the hotline message went to a texter staff had just claimed: %q", fs.sent)
		}
	})
	t.Run("Retryable", func(t *testing.T) {
		r := newDeskRig(t, monday)
		send := ownerReply(t, r, "Hello")
		fs := &fakeSender{fail: errors.New("connection reset")}
		if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, send); err == nil {
			t.Fatal("a transient failure was not returned for the outbox to retry")
		}
		if got := r.drain(); len(got) != 0 {
			t.Fatalf("a transient failure told staff: %s", kinds(got))
		}
	})
}
