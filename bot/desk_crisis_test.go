package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// The desk's side of the conversation safety contract: urgent handoffs and their timers, the
// quick exit, and consent to later texts.

func TestDesk_UrgentOpen(t *testing.T) {
	r := newDeskRig(t, monday)
	r.text("I am in danger now")
	out := r.text("YES")
	req, plea := find(out.Effects, bot.HandoffRequested), find(out.Effects, bot.TexterMessage)
	if req == nil || !req.Urgent || plea == nil || plea.Text != "I am in danger now" || !plea.Urgent || plea.Handoff != req.Handoff {
		t.Fatalf("accepting the person offered committed %s; want an urgent handoff and the plea in its thread", kinds(out.Effects))
	}
	h := r.session().Handoff
	if !h.Urgent || !h.Warned || h.Escalated || !h.Due.Equal(h.Opened.Add(time.Minute)) {
		t.Fatalf("the urgent handoff is %+v; want its first step due after urgent_escalate_after (1m)", h)
	}
	if s := r.session(); s.Pending != "" || s.Plea != "" {
		t.Fatalf("the offer is still pending: %+v", s)
	}
}

func TestDesk_BecomesUrgent(t *testing.T) {
	r := newDeskRig(t, monday)
	r.handoff()
	opened := r.session().Handoff.Opened
	r.clock.Advance(20 * time.Second)
	out := r.text("I owe them and I can't leave")
	note, update := find(out.Effects, bot.DeskNote), find(out.Effects, bot.DeskUpdate)
	if note == nil || !strings.Contains(note.Text, "URGENT") || note.Thread != r.thread || update == nil || !update.Urgent || update.Status != "" {
		t.Fatalf("danger words in a waiting handoff committed %s", kinds(out.Effects))
	}
	if h := r.session().Handoff; !h.Urgent || !h.Due.Equal(opened.Add(time.Minute)) {
		t.Fatalf("the handoff is %+v; want its escalation due 1 minute after it opened", h)
	}
	if out := r.text("they are coming"); find(out.Effects, bot.DeskNote) != nil || len(out.Replies) != 0 {
		t.Fatalf("a second danger message announced again: %s %q", kinds(out.Effects), out.Replies)
	}
	t.Run("Claimed", func(t *testing.T) {
		r := newDeskRig(t, monday)
		r.handoff()
		r.press(bot.ActClaim, owner)
		out := r.text("help me")
		if note := find(out.Effects, bot.DeskNote); note == nil || !strings.Contains(note.Text, "<@"+owner+">") || strings.Contains(note.Text, "BACKUP") {
			t.Fatalf("a claimed handoff made urgent tells %+v; want its owner", note)
		}
		if u := find(out.Effects, bot.DeskUpdate); u == nil || u.Status != bot.StatusClaimed || u.User != owner {
			t.Fatalf("the claimed post was redrawn as %+v", u)
		}
	})
}

func TestDesk_QuickExit(t *testing.T) {
	r := newDeskRig(t, monday)
	for _, b := range []string{"hi", "2", "Austin, TX", "I can't leave this house", "yes"} {
		r.text(b)
	}
	r.posted()
	if s := r.session(); s.Handoff == nil || s.Answers["where"] != "Austin, TX" {
		t.Fatalf("the urgent handoff from the middle of a tip: %+v", s)
	}
	r.press(bot.ActClaim, owner)
	r.text("they read my messages")
	out := r.text("salir")
	ended := find(out.Effects, bot.HandoffEnded)
	if len(out.Replies) != 1 || out.Replies[0] != "OK." || ended == nil || ended.Text != bot.EndedByQuickExit ||
		ended.Thread != r.thread || find(out.Effects, bot.Erased) == nil {
		t.Fatalf("the quick exit: %q %s", out.Replies, kinds(out.Effects))
	}
	if len(ended.Answers) != 0 {
		t.Fatalf("the end of an erased conversation carries its answers: %v", ended.Answers)
	}
	if _, open, err := r.store.LookupThread(r.ctx, r.thread); err == nil && open {
		t.Fatal("the thread is still open after a quick exit")
	}
	reply, _ := r.reply(owner, "Are you safe?")
	if find(reply.Effects, bot.StaffReply) != nil || find(reply.Direct, bot.DeskEphemeral) == nil {
		t.Fatalf("a reply after the quick exit: %s, direct %s", kinds(reply.Effects), kinds(reply.Direct))
	}
	if s := r.session(); s.Version != 0 || s.OptedOut {
		t.Fatalf("after the quick exit the session is %+v; want it erased and not opted out", s)
	}
}

func TestDesk_AfterHoursConsent(t *testing.T) {
	r := newDeskRig(t, sunday)
	r.text("hi")
	r.text("3")
	r.text("1")
	r.text("4")
	out := r.text("skip")
	if all := strings.Join(out.Replies, "\n"); !strings.Contains(all, "No staff are on shift") || !strings.Contains(all, "May staff text you here when they are back?") {
		t.Fatalf("after hours the texter got %q", out.Replies)
	}
	if s := r.session(); s.Pending != bot.PendingMayText {
		t.Fatalf("the consent question is not pending: %q", s.Pending)
	}
	out = r.text("maybe, my cousin uses this phone")
	if msg := find(out.Effects, bot.TexterMessage); msg == nil || msg.Text != "maybe, my cousin uses this phone" || len(out.Replies) != 0 {
		t.Fatalf("an answer that is not yes or no: %q %s; want it relayed", out.Replies, kinds(out.Effects))
	}
	if s := r.session(); s.Pending != "" || s.Handoff.MayText {
		t.Fatalf("without a yes the session is %+v", s.Handoff)
	}
	if out := r.text("yes"); find(out.Effects, bot.DeskNote) != nil || r.session().Handoff.MayText {
		t.Fatal("a later yes counted as consent to a question no longer asked")
	}
}

func TestDesk_AskTipsterNeedsConsent(t *testing.T) {
	for _, c := range []struct {
		answer string
		asked  bool
	}{{"yes", true}, {"no", false}} {
		t.Run(c.answer, func(t *testing.T) {
			r := newDeskRig(t, monday)
			var out bot.Outcome
			for _, b := range []string{"hi", "2", "Houston, TX", "a house", "today", "none", "no", "1", c.answer} {
				out = r.text(b)
			}
			tip := find(out.Effects, bot.TipSubmitted)
			if tip == nil {
				t.Fatal("no tip filed")
			}
			got := r.act(bot.Action{Kind: bot.ActAskTipster, ID: "ask1", User: owner, Tip: tip.TipCode,
				Thread: bot.Thread{Channel: "C0TIPS0001", TS: "1772443800.000900"}})
			opened := r.session().Handoff != nil
			if opened != c.asked || (!c.asked && !strings.Contains(got.Say, "did not say staff may text them")) {
				t.Fatalf("Ask tipster after %q: opened %v, said %q", c.answer, opened, got.Say)
			}
			if c.asked && !r.session().Handoff.MayText {
				t.Fatal("the follow-up of a consenting tipster does not carry the consent")
			}
		})
	}
}
