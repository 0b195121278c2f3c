package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

// TestWebChat_visitorLeft: a staff reply to a web chat visitor whose page is closed is not sent,
// and staff read that the visitor left; the post names the channel.
func TestWebChat_visitorLeft(t *testing.T) {
	r := newDeskRig(t, monday)
	r.from = "web:0123456789abcdef0123456789abcdef"
	if req := find(r.handoff(), bot.HandoffRequested); req.Channel != bot.ChannelWeb || req.Channel.Label() != "web chat" {
		t.Fatalf("the handoff names %q", req.Channel)
	}
	r.press(bot.ActClaim, owner)
	out, _ := r.reply(owner, "Are you safe?")
	send := find(out.Effects, bot.StaffReply)
	r.drain()
	fs := &fakeSender{fail: bot.ErrVisitorLeft}
	if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(context.Background(), *send); err != nil {
		t.Fatal(err)
	}
	effects := r.drain()
	if !strings.Contains(notes(effects), "the visitor left the web chat") {
		t.Fatalf("staff notes %q", notes(effects))
	}
	if e := find(effects, bot.DeskReaction); e == nil || e.Text != bot.ReactionFailed {
		t.Fatalf("no failed mark: %s", kinds(effects))
	}
}

// TestWebChat_deskKnowsTheVisitorLeft: with the page's presence known, a reply to a visitor
// whose page is closed is not even queued, and closing tells staff the visitor left rather than
// texting them; while the page is open, replies go.
func TestWebChat_deskKnowsTheVisitorLeft(t *testing.T) {
	r := newDeskRig(t, monday)
	r.from = "web:0123456789abcdef0123456789abcdef"
	open := true
	r.d.Present = func(_ context.Context, texter string) (bool, error) {
		if texter != r.texter() {
			t.Errorf("asked about another texter")
		}
		return open, nil
	}
	r.handoff()
	r.press(bot.ActClaim, owner)
	if out, _ := r.reply(owner, "Are you safe?"); find(out.Effects, bot.StaffReply) == nil {
		t.Fatalf("a reply to an open page was not sent: %s", kinds(out.Effects))
	}
	open = false
	out, _ := r.reply(owner, "Still there?")
	if find(out.Effects, bot.StaffReply) != nil || !strings.Contains(out.Say, "the visitor left the web chat") {
		t.Fatalf("a reply to a closed page: %s, told %q", kinds(out.Effects), out.Say)
	}
	r.drain()
	closed := r.press(bot.ActClose, owner)
	if find(closed.Effects, bot.TexterNotice) != nil || !strings.Contains(notes(closed.Effects), "the visitor left the web chat") {
		t.Fatalf("closing with the page closed: %s, notes %q", kinds(closed.Effects), notes(closed.Effects))
	}
}
