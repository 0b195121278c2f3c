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
