package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

func TestDesk_OpenHandoff(t *testing.T) {
	t.Run("OnShift", func(t *testing.T) {
		r := newDeskRig(t, monday)
		effects := r.handoff()
		req := find(effects, bot.HandoffRequested)
		if req.Queue != "national" || req.Alias == "" || strings.Contains(req.Handoff, deskNumber[2:]) {
			t.Fatalf("handoff effect %+v", req)
		}
		h := r.session().Handoff
		if h.Thread != r.thread || !h.Due.Equal(monday.Add(3*time.Minute)) || h.Escalated || h.Hotline {
			t.Fatalf("handoff %+v: want the thread and the first escalation in 3 minutes", h)
		}
		if got, open, err := r.store.LookupThread(r.ctx, r.thread); err != nil || !open || got != r.texter() {
			t.Fatalf("the thread does not lead to the texter: %q %v %v", got, open, err)
		}
	})
	t.Run("AfterHours", func(t *testing.T) {
		r := newDeskRig(t, sunday)
		r.text("hi")
		r.text("3")
		r.text("1")
		r.text("4")
		out := r.text("skip")
		all := strings.Join(out.Replies, "\n")
		if !strings.Contains(all, "Connecting you") || !strings.Contains(all, bot.HotlineCall) || !strings.Contains(all, "911") {
			t.Fatalf("after hours the texter was told %q; want connecting, the hotline and 911 now", out.Replies)
		}
		h := r.session().Handoff
		if !h.Escalated || !h.Hotline || !h.Due.IsZero() {
			t.Fatalf("after hours: %+v; want the escalation done at once and no timer", h)
		}
		again := r.text("hi") // the retried webhook must repeat the same answer
		if len(again.Replies) != 0 || find(r.drain(), bot.TexterMessage) == nil {
			t.Fatalf("a later message: %q", again.Replies)
		}
	})
}

func TestDesk_Relay(t *testing.T) {
	r := newDeskRig(t, monday)
	r.handoff()
	r.text("are you there <!channel>")
	msg := find(r.drain(), bot.TexterMessage)
	if msg == nil || msg.Thread != r.thread || msg.Text != "are you there <!channel>" {
		t.Fatalf("texter message effect %+v; want the thread and the words as written (the desk escapes them)", msg)
	}

	out, _ := r.reply(owner, "Hello, I am here.")
	if !strings.Contains(out.Say, "claim this conversation first") || find(out.Effects, bot.DeskEphemeral).Offer != bot.OfferClaim {
		t.Fatalf("a reply to an unclaimed conversation: %+v", out)
	}
	if out := r.press(bot.ActClaim, owner); find(out.Effects, bot.DeskUpdate) == nil || r.session().Handoff.Owner != owner {
		t.Fatalf("claim: %+v", out)
	}
	if !r.session().Handoff.Due.IsZero() {
		t.Fatal("a claimed conversation still escalates")
	}
	out, ts := r.reply(owner, "Hello, I am here.")
	send := find(out.Effects, bot.StaffReply)
	if send == nil || send.Text != "Hello, I am here." || send.TS != ts || send.Key == "" || send.Thread != r.thread {
		t.Fatalf("the owner's reply: %+v", out.Effects)
	}
	again := r.act(bot.Action{Kind: bot.ActReply, ID: "msg:" + ts, Thread: r.thread, User: owner, TS: ts, Text: "Hello, I am here.", Late: true})
	if !again.Duplicate {
		t.Fatalf("the reconciler finding the same message relayed it again: %+v", again)
	}
}

func TestDesk_Internal(t *testing.T) {
	r := newDeskRig(t, monday)
	r.handoff()
	r.press(bot.ActClaim, owner)
	for _, c := range []struct{ user, text string }{
		{colleague, "I can take the next one"},
		{owner, "note: sounds like a labor case"},
		{owner, "NOTE: check the shelter list"},
	} {
		out, ts := r.reply(c.user, c.text)
		react := find(out.Effects, bot.DeskReaction)
		if find(out.Effects, bot.StaffReply) != nil || react == nil || react.Text != bot.ReactionInternal || react.TS != ts {
			t.Errorf("%s %q: %s; want a lock and nothing sent", c.user, c.text, kinds(out.Effects))
		}
	}
	if out := r.press(bot.ActClaim, colleague); !strings.Contains(out.Say, "claimed by <@"+owner+">") {
		t.Errorf("a second claim: %q", out.Say)
	}
	if out := r.press(bot.ActClaim, stranger); !strings.Contains(out.Say, "on-call roster") {
		t.Errorf("someone off the roster: %q", out.Say)
	}
	early := r.act(bot.Action{Kind: bot.ActClaim, ID: "x", Thread: bot.Thread{Channel: "C0NATION01", TS: "1.2"}, User: owner})
	if len(early.Direct) != 1 || !strings.Contains(early.Direct[0].Text, "not ready") {
		t.Errorf("a button on a post the desk has not recorded yet: %+v", early)
	}
}

func TestDesk_ReplyLimits(t *testing.T) {
	r := newDeskRig(t, monday)
	r.handoff()
	r.press(bot.ActClaim, owner)
	out, _ := r.reply(owner, strings.Repeat("a", 1601))
	if find(out.Effects, bot.StaffReply) != nil || !strings.Contains(out.Say, "1601 characters") {
		t.Fatalf("a 1,601-character reply: %s %q", kinds(out.Effects), out.Say)
	}
	out, _ = r.reply(owner, strings.Repeat("word ", 70)) // 350 GSM-7 characters: 3 segments
	if find(out.Effects, bot.StaffReply) == nil || !strings.Contains(out.Say, "3 text messages") {
		t.Fatalf("a 3-segment reply: %s %q; want it sent with a warning", kinds(out.Effects), out.Say)
	}
	out, _ = r.reply(owner, "   ")
	if find(out.Effects, bot.StaffReply) != nil {
		t.Fatal("an empty reply was sent")
	}
}

// TestDesk_HeldReply: a reply to a texter quiet for 15 minutes is never sent as it is. Without
// the texter's yes to later texts it is refused, with no "Send anyway"; with it (after hours,
// they said staff may text back) it is held until its author confirms.
func TestDesk_HeldReply(t *testing.T) {
	t.Run("NoConsent", func(t *testing.T) {
		r := newDeskRig(t, monday)
		r.handoff()
		r.press(bot.ActClaim, owner)
		r.clock.Advance(16 * time.Minute)
		out, _ := r.reply(owner, "Are you still there?")
		eph := find(out.Effects, bot.DeskEphemeral)
		if find(out.Effects, bot.StaffReply) != nil || eph == nil || eph.Offer != "" ||
			!strings.Contains(eph.Text, "quiet for 16 minutes and did not say staff may text them later") {
			t.Fatalf("a reply after 16 minutes of silence without consent: %+v", out.Effects)
		}
		if r.session().Handoff.Held != nil {
			t.Fatal("a reply nobody may confirm is held")
		}
	})
	r := newDeskRig(t, sunday)
	r.handoff()
	if out := r.text("yes"); !strings.Contains(strings.Join(out.Replies, " "), "Staff will text you here when they are back") ||
		find(out.Effects, bot.DeskNote) == nil || find(out.Effects, bot.TexterMessage) != nil {
		t.Fatalf("the yes to later texts: %q %s", out.Replies, kinds(out.Effects))
	}
	r.press(bot.ActClaim, "U0BACKUP01")
	r.clock.Advance(16 * time.Minute)
	out, ts := r.reply("U0BACKUP01", "Are you still there?")
	eph := find(out.Effects, bot.DeskEphemeral)
	if find(out.Effects, bot.StaffReply) != nil || eph == nil || eph.Offer != bot.OfferConfirm || eph.TS != ts ||
		!strings.Contains(eph.Text, "quiet for 16 minutes") {
		t.Fatalf("a reply after 16 minutes of silence: %+v", out.Effects)
	}
	if out := r.act(bot.Action{Kind: bot.ActConfirm, ID: "c1", Thread: r.thread, User: colleague, TS: ts}); find(out.Effects, bot.StaffReply) != nil {
		t.Fatal("someone else confirmed the owner's held reply")
	}
	out = r.act(bot.Action{Kind: bot.ActConfirm, ID: "c2", Thread: r.thread, User: "U0BACKUP01", TS: ts})
	send := find(out.Effects, bot.StaffReply)
	if send == nil || send.Text != "Are you still there?" || send.TS != ts {
		t.Fatalf("send anyway: %+v", out.Effects)
	}
	if r.session().Handoff.Held != nil {
		t.Fatal("the held reply is still held after it was sent")
	}
	if out := r.act(bot.Action{Kind: bot.ActConfirm, ID: "c3", Thread: r.thread, User: "U0BACKUP01", TS: ts}); find(out.Effects, bot.StaffReply) != nil {
		t.Fatal("a second Send anyway sent it twice")
	}
	t.Run("Discard", func(t *testing.T) {
		_, ts := r.reply("U0BACKUP01", "Hello?")
		out := r.act(bot.Action{Kind: bot.ActDiscard, ID: "d1", Thread: r.thread, User: "U0BACKUP01", TS: ts})
		if find(out.Effects, bot.StaffReply) != nil || r.session().Handoff.Held != nil {
			t.Fatalf("don't send: %+v", out.Effects)
		}
	})
}

func TestDesk_Close(t *testing.T) {
	r := newDeskRig(t, monday)
	r.handoff()
	r.press(bot.ActClaim, owner)
	if out := r.press(bot.ActClose, colleague); r.session().Handoff == nil || !strings.Contains(out.Say, "Only <@"+owner+">") {
		t.Fatalf("someone else closed the owner's conversation: %q", out.Say)
	}
	ask := r.press(bot.ActClose, owner)
	if e := find(ask.Effects, bot.DeskEphemeral); e == nil || e.Offer != bot.OfferOutcome || e.User != owner || r.session().Handoff == nil ||
		find(ask.Effects, bot.TexterNotice) != nil {
		t.Fatalf("Close without an outcome: %s; want the outcomes offered to the owner, nothing closed", kinds(ask.Effects))
	}
	out := r.closeWith(owner, "referred", "HT-2026-0042")
	if u := find(out.Effects, bot.DeskUpdate); u == nil || u.Outcome != "referred" || u.Case != "HT-2026-0042" || u.Opened.IsZero() {
		t.Fatalf("the close effect: %+v", u)
	}
	if !strings.Contains(notes(out.Effects), "Outcome: Referred to a provider, case HT-2026-0042.") {
		t.Fatalf("the thread is told %q", notes(out.Effects))
	}
	notice := find(out.Effects, bot.TexterNotice)
	if notice == nil || notice.Status != bot.NoticeClosed || !strings.Contains(notice.Text, "DELETE") || !strings.Contains(notice.Text, "Write again any time") {
		t.Fatalf("close: %s; want the texter told how to delete and that they may write again", kinds(out.Effects))
	}
	if u := find(out.Effects, bot.DeskUpdate); u == nil || u.Status != bot.StatusClosed {
		t.Fatal("the post was not redrawn as closed")
	}
	if s := r.session(); s.Handoff != nil || s.State != "" || len(s.Answers) != 0 {
		t.Fatalf("after close the session is %+v", s)
	}
	if _, open, err := r.store.LookupThread(r.ctx, r.thread); err != nil || open {
		t.Fatalf("the thread is still open: %v %v", open, err)
	}
	late, _ := r.reply(owner, "one more thing")
	if len(late.Direct) != 1 || !strings.Contains(late.Direct[0].Text, "ended") || len(late.Effects) != 0 {
		t.Fatalf("a reply in the closed thread: %+v", late)
	}
	next := r.text("hello again")
	if len(next.Replies) == 0 || !strings.Contains(next.Replies[0], "Reply with a number") || find(next.Effects, bot.TexterMessage) != nil {
		t.Fatalf("the texter's next message: %q %s; want the bot's menu", next.Replies, kinds(next.Effects))
	}
	t.Run("SilentTexterNotTold", func(t *testing.T) {
		r := newDeskRig(t, monday)
		r.handoff()
		r.clock.Advance(20 * time.Minute)
		out := r.closeWith(colleague, "no_response", "")
		if find(out.Effects, bot.TexterNotice) != nil || !strings.Contains(notes(out.Effects), "not told") {
			t.Fatalf("closing on a texter quiet for 20 minutes: %s %q", kinds(out.Effects), notes(out.Effects))
		}
	})
}

func notes(effects []bot.Effect) string {
	var out []string
	for _, e := range effects {
		if e.Kind == bot.DeskNote {
			out = append(out, e.Text)
		}
	}
	return strings.Join(out, "\n")
}

func TestDesk_StopDuringHandoff(t *testing.T) {
	r := newDeskRig(t, monday)
	r.handoff()
	r.press(bot.ActClaim, owner)
	r.drain()
	out := r.text("STOP")
	ended := find(out.Effects, bot.HandoffEnded)
	if ended == nil || ended.Thread != r.thread || ended.Text != bot.EndedByOptOut {
		t.Fatalf("STOP: %+v", out.Effects)
	}
	if _, open, _ := r.store.LookupThread(r.ctx, r.thread); open {
		t.Fatal("the thread is still open after STOP")
	}
	late, _ := r.reply(owner, "wait")
	if len(late.Effects) != 0 || len(late.Direct) != 1 {
		t.Fatalf("a reply after STOP: %+v", late)
	}
	if got, _ := r.store.Claimed(r.ctx); len(got) != 0 {
		t.Fatal("the conversation is still listed as claimed")
	}
}

func TestDesk_Transfer(t *testing.T) {
	r := newDeskRig(t, monday)
	r.handoff()
	out := r.act(bot.Action{Kind: bot.ActTransfer, ID: "t1", Thread: r.thread, User: owner, Queue: "nights"})
	req := find(out.Effects, bot.HandoffRequested)
	if req == nil || req.Queue != "nights" || !req.Thread.IsZero() {
		t.Fatalf("transfer: %+v", out.Effects)
	}
	h := r.session().Handoff
	if h.Queue != "nights" || h.Ref != req.Handoff || !h.Thread.IsZero() || h.Owner != "" {
		t.Fatalf("after transfer: %+v", h)
	}
	if notice := find(out.Effects, bot.TexterNotice); notice == nil || notice.Status != bot.NoticeAfterHours {
		t.Fatalf("transferred to a queue with nobody on shift, the texter was not told: %s", kinds(out.Effects))
	}
	if _, open, _ := r.store.LookupThread(r.ctx, r.thread); open {
		t.Fatal("the old thread is still open")
	}
}

func TestDesk_SlackDM(t *testing.T) {
	r := newDeskRig(t, monday)
	dm := func(id, body string) bot.Outcome {
		return r.b.Handle(r.ctx, bot.Inbound{ID: id, Channel: bot.ChannelSlack, From: owner, Body: body})
	}
	out := dm("D1", "hi")
	chat := find(out.Effects, bot.ChatReply)
	if chat == nil || chat.DM != owner || !strings.Contains(chat.Text, "Reply with a number") {
		t.Fatalf("a DM got %+v", out.Effects)
	}
	dm("D2", "3")
	dm("D3", "1")
	dm("D3a", "4")
	out = dm("D3b", "skip")
	if find(out.Effects, bot.HandoffRequested) != nil || !strings.Contains(find(out.Effects, bot.ChatReply).Text, "only works by SMS") {
		t.Fatalf("a handoff from Slack: %+v", out.Effects)
	}
	out = dm("D4", "stop")
	snap, _ := r.store.Load(r.ctx, r.b.Keys.TexterKey(bot.ChannelSlack, owner), "")
	if snap.Session.OptedOut || !strings.Contains(find(out.Effects, bot.ChatReply).Text, "Conversation ended") {
		t.Fatalf("STOP over Slack: opted out %v, %+v", snap.Session.OptedOut, out.Effects)
	}
}
