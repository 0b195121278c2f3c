package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

// TestSMSApplier_MaybeSent: a send that may or may not have gone out is never sent again by
// itself; the owner is told, with a Send again button only they can use, once.
func TestSMSApplier_MaybeSent(t *testing.T) {
	ctx := context.Background()
	r := newDeskRig(t, monday)
	send := ownerReply(t, r, "Are you safe?")
	fs := &fakeSender{fail: fmt.Errorf("%w: twilio answered HTTP 500", bot.ErrMaybeSent)}
	a := &bot.SMSApplier{Desk: r.d, Sender: fs}
	if err := a.Apply(ctx, send); err != nil {
		t.Fatalf("an unclear send must not be retried by the worker: %v", err)
	}
	effects := r.drain()
	note := find(effects, bot.DeskNote)
	if note == nil || note.Offer != bot.OfferResend || note.TS != send.TS || !strings.Contains(note.Text, "may not have been sent") {
		t.Fatalf("the owner was not offered to send again: %+v", effects)
	}
	if w := find(effects, bot.DeskReaction); w == nil || w.Text != bot.ReactionFailed || w.TS != send.TS {
		t.Fatalf("no warning on the reply: %s", kinds(effects))
	}
	fs.fail = nil
	if err := a.Apply(ctx, send); err != nil || len(fs.sent) != 0 {
		t.Fatalf("applying the same effect again (a crash before its ack) sent it: %q, %v", fs.sent, err)
	}
	if got := r.drain(); len(got) != 0 {
		t.Fatalf("applying it again told staff again: %s", kinds(got))
	}

	resend := func(user string, n int) bot.ActOutcome {
		return r.act(bot.Action{Kind: bot.ActResend, ID: fmt.Sprintf("act:resend:%d", n), Thread: r.thread, User: user, TS: send.TS})
	}
	if out := resend(colleague, 1); find(out.Effects, bot.StaffReply) != nil || !strings.Contains(out.Say, "Only") {
		t.Fatalf("someone other than the owner sent it again: %+v", out)
	}
	out := resend(owner, 2)
	again := find(out.Effects, bot.StaffReply)
	if again == nil || again.Text != "Are you safe?" || again.Key == send.Key || again.TS != send.TS {
		t.Fatalf("Send again: %+v", out.Effects)
	}
	if out := resend(owner, 3); find(out.Effects, bot.StaffReply) != nil {
		t.Fatal("a second press sent it a third time")
	}
	r.drain()
	if err := a.Apply(ctx, *again); err != nil || len(fs.sent) != 1 {
		t.Fatalf("the resend: sent %q, %v", fs.sent, err)
	}
	if react := find(r.drain(), bot.DeskReaction); react == nil || react.Text != bot.ReactionSent {
		t.Fatal("no check after the resend went out")
	}
}

// TestSMSApplier_BegunNotDone: a retry that finds the send begun but not done (a crash between
// asking the provider and recording its answer) does not send again: it asks the owner.
func TestSMSApplier_BegunNotDone(t *testing.T) {
	ctx := context.Background()
	r := newDeskRig(t, monday)
	send := ownerReply(t, r, "Hello")
	if err := r.store.BeginLedger(ctx, send.Texter, send.Key); err != nil {
		t.Fatal(err)
	}
	fs := &fakeSender{}
	if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, send); err != nil || len(fs.sent) != 0 {
		t.Fatalf("sent %q, %v: a send that may have happened was made again", fs.sent, err)
	}
	if note := find(r.drain(), bot.DeskNote); note == nil || note.Offer != bot.OfferResend {
		t.Fatal("the owner was not asked")
	}
}

// TestSMSApplier_NotTakenIsRetried: a send the provider surely did not take is forgotten, so the
// worker's retry sends it, once.
func TestSMSApplier_NotTakenIsRetried(t *testing.T) {
	ctx := context.Background()
	r := newDeskRig(t, monday)
	send := ownerReply(t, r, "Hello")
	fs := &fakeSender{fail: errors.New("cannot reach the Twilio API")}
	a := &bot.SMSApplier{Desk: r.d, Sender: fs}
	if err := a.Apply(ctx, send); err == nil {
		t.Fatal("not returned for a retry")
	}
	fs.fail = nil
	if err := a.Apply(ctx, send); err != nil || len(fs.sent) != 1 {
		t.Fatalf("the retry: sent %q, %v", fs.sent, err)
	}
}

// TestSMSApplier_NoticeMaybeSent: an unclear notice is noted, without a button.
func TestSMSApplier_NoticeMaybeSent(t *testing.T) {
	ctx := context.Background()
	r := newDeskRig(t, monday)
	r.handoff()
	r.press(bot.ActClaim, owner)
	r.drain()
	out := r.closeWith(owner, "info_given", "")
	notice := find(out.Effects, bot.TexterNotice)
	if notice == nil {
		t.Fatalf("no closing notice: %s", kinds(out.Effects))
	}
	r.drain()
	fs := &fakeSender{fail: bot.ErrMaybeSent}
	if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, *notice); err != nil {
		t.Fatal(err)
	}
	note := find(r.drain(), bot.DeskNote)
	if note == nil || note.Offer != "" || !strings.Contains(note.Text, "may not have been sent the closing message") {
		t.Fatalf("note %+v", note)
	}
}
