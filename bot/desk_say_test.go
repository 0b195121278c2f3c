package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

func (r *deskRig) sayReply(user, name string) bot.ActOutcome {
	r.t.Helper()
	r.n++
	return r.act(bot.Action{Kind: bot.ActSay, ID: fmt.Sprintf("act:say%d", r.n), Thread: r.thread, User: user, Reply: name})
}

// TestDesk_Say: a prepared reply goes to the texter in their language, through the owner relay
// and its rules, and the thread shows what was sent.
func TestDesk_Say(t *testing.T) {
	r := newDeskRig(t, monday)
	r.text("hi")
	r.text("ESPAÑOL")
	r.text("3")
	r.text("1")
	r.text("4")
	r.text("omitir")
	r.posted()
	if out := r.sayReply(owner, "safe_now"); find(out.Effects, bot.StaffReply) != nil || find(out.Effects, bot.DeskEphemeral).Offer != bot.OfferClaim {
		t.Fatalf("a prepared reply before the claim: %s", kinds(out.Effects))
	}
	r.press(bot.ActClaim, owner)
	if out := r.sayReply(colleague, "safe_now"); find(out.Effects, bot.StaffReply) != nil || !strings.Contains(out.Say, "Only <@"+owner+">") {
		t.Fatalf("a colleague's prepared reply: %q %s", out.Say, kinds(out.Effects))
	}
	if out := r.sayReply(owner, "nope"); find(out.Effects, bot.StaffReply) != nil || !strings.Contains(out.Say, "There is no prepared reply called nope. They are: safe_now, still_there") {
		t.Fatalf("an unknown reply: %q", out.Say)
	}
	out := r.sayReply(owner, "safe_now")
	sent := find(out.Effects, bot.StaffReply)
	if sent == nil || sent.Text != "¿Puede escribir sin peligro ahora? Responda SI o NO. Puede parar cuando quiera." || sent.User != owner ||
		!strings.HasPrefix(sent.Key, "sms:say/") || sent.Handoff == "" {
		t.Fatalf("the prepared reply: %+v", sent)
	}
	if !strings.Contains(notes(out.Effects), "<@"+owner+"> sent the prepared reply safe_now: “¿Puede escribir sin peligro ahora?") {
		t.Fatalf("the thread is told %q", notes(out.Effects))
	}
	r.drain()
	done := r.act(bot.Action{Kind: bot.ActSent, ID: "sent:" + sent.Key, Texter: r.texter(), Thread: r.thread, Handoff: sent.Handoff, Key: sent.Key, TS: sent.TS})
	if find(done.Effects, bot.DeskReaction) != nil || !strings.Contains(notes(done.Effects), "It was sent to the texter.") {
		t.Fatalf("after the send: %s %q", kinds(done.Effects), notes(done.Effects))
	}
	r.clock.Advance(20 * time.Minute)
	if out := r.sayReply(owner, "still_there"); find(out.Effects, bot.StaffReply) != nil || !strings.Contains(out.Say, "Not sent to the texter") {
		t.Fatalf("a prepared reply after 20 minutes of silence without consent: %q %s", out.Say, kinds(out.Effects))
	}
}
