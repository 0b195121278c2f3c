package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

func (r *deskRig) refer(user, provider, service, state string) bot.ActOutcome {
	r.t.Helper()
	r.n++
	return r.act(bot.Action{Kind: bot.ActRefer, ID: fmt.Sprintf("act:refer%d", r.n), Thread: r.thread, User: user,
		Provider: provider, Service: service, State: state})
}

// TestDesk_Refer: the owner is shown the providers for the texter's need and state, and sends
// one's public contact once, through the relay; the thread records which provider was offered.
func TestDesk_Refer(t *testing.T) {
	r := newDeskRig(t, monday)
	r.d.Directory = exampleDirectory(t)
	for _, b := range []string{"hi", "3", "1", "1", "Austin, TX"} { // a safe place to stay, in Texas
		r.text(b)
	}
	r.posted()
	if out := r.refer(owner, "tx_safe_place", "", ""); find(out.Effects, bot.StaffReply) != nil || find(out.Effects, bot.DeskEphemeral).Offer != bot.OfferClaim {
		t.Fatalf("a referral before the claim: %s", kinds(out.Effects))
	}
	r.press(bot.ActClaim, owner)
	list := r.refer(owner, "", "", "")
	eph := find(list.Effects, bot.DeskEphemeral)
	if eph == nil || eph.Offer != "refer:tx_safe_place,nhth" || !strings.Contains(eph.Text, "Providers for shelter (TX or national, in en)") ||
		!strings.Contains(eph.Text, "• tx_safe_place: Example Safe Place (Austin): call 512-555-0100. Hours: 24/7.") {
		t.Fatalf("the providers offered: %+v", eph)
	}
	if eph := find(r.refer(owner, "", "labor", "ok").Effects, bot.DeskEphemeral); eph == nil || eph.Offer != "refer:tx_workers_legal,nhth" {
		t.Fatalf("labor in Oklahoma: %+v", eph)
	}
	if out := r.refer(colleague, "tx_safe_place", "", ""); find(out.Effects, bot.StaffReply) != nil {
		t.Fatal("a colleague referred the owner's texter")
	}
	out := r.refer(owner, "tx_safe_place", "", "")
	sent := find(out.Effects, bot.StaffReply)
	if sent == nil || sent.Text != "Example Safe Place (Austin): call 512-555-0100. Hours: 24/7." || sent.User != owner {
		t.Fatalf("the referral: %+v", sent)
	}
	if n := notes(out.Effects); !strings.Contains(n, "<@"+owner+"> offered Texter A001 the provider Example Safe Place (Austin) (tx_safe_place)") {
		t.Fatalf("the thread is told %q", n)
	}
	if out := r.refer(owner, "nobody", "", ""); !strings.Contains(out.Say, "There is no provider nobody") {
		t.Fatalf("an unknown provider: %q", out.Say)
	}
}

// TestDesk_ReferHeld: to a texter quiet for more than 15 minutes who said staff may text them
// later, a referral is held until the owner confirms, like a typed reply; it is sent once.
func TestDesk_ReferHeld(t *testing.T) {
	r := newDeskRig(t, sunday)
	r.d.Directory = exampleDirectory(t)
	r.handoff()
	r.text("yes") // staff may text later
	r.press(bot.ActClaim, "U0BACKUP01")
	r.clock.Advance(16 * time.Minute)
	out := r.refer("U0BACKUP01", "nhth", "", "")
	eph := find(out.Effects, bot.DeskEphemeral)
	if find(out.Effects, bot.StaffReply) != nil || eph == nil || eph.Offer != bot.OfferConfirm || !strings.Contains(eph.Text, "quiet for 16 minutes") {
		t.Fatalf("a referral after 16 minutes: %s", kinds(out.Effects))
	}
	confirm := bot.Action{Kind: bot.ActConfirm, ID: "c1", Thread: r.thread, User: "U0BACKUP01", TS: eph.TS}
	first := r.act(confirm)
	sent := find(first.Effects, bot.StaffReply)
	if sent == nil || !strings.HasPrefix(sent.Text, "National Human Trafficking Hotline: call 1-888-373-7888") {
		t.Fatalf("confirmed: %s", kinds(first.Effects))
	}
	confirm.ID = "c2" // pressed again: nothing more is sent
	if again := r.act(confirm); find(again.Effects, bot.StaffReply) != nil {
		t.Fatal("the held referral was sent twice")
	}
}
