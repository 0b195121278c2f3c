package slack_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// The conversation safety contract as staff see it (DESIGN.md §6): urgent handoffs, HELP, the
// quick exit and consent to later texts.

// urgentHandoff has the texter write plea, accept the person offered, and returns the thread.
func (r *rig) urgentHandoff(plea string) bot.Thread {
	r.t.Helper()
	if out := r.text(plea); !strings.Contains(strings.Join(out.Replies, " "), "Reply YES") {
		r.t.Fatalf("%q was not offered a person: %q", plea, out.Replies)
	}
	r.text("yes")
	r.work()
	var posts []string
	for _, m := range r.fake.Messages(channel) {
		if m.ThreadTS == "" || m.ThreadTS == m.TS {
			posts = append(posts, m.TS)
		}
	}
	if len(posts) != 1 {
		r.t.Fatalf("%d posts in the queue's channel, want 1", len(posts))
	}
	return bot.Thread{Channel: channel, TS: posts[0]}
}

func TestCrisis_UrgentHandoff(t *testing.T) {
	r := newRig(t, monday)
	th := r.urgentHandoff("I am in danger now")
	p := r.post(th)
	for _, who := range []string{"<@U0STAFF001>", "<@U0STAFF002>", "<@U0BACKUP01>"} {
		if !strings.Contains(p.Text, who) {
			t.Errorf("the urgent post mentions %q; want on shift and backups at once, lacks %s", p.Text, who)
		}
	}
	if b := blocksText(p); !strings.Contains(b, ":rotating_light: *URGENT*") || !strings.Contains(b, "Backup, alerted at once") {
		t.Errorf("the urgent post's blocks: %s", b)
	}
	thread := r.fake.Thread(th.Channel, th.TS)
	if len(thread) != 1 || thread[0].Text != ":rotating_light: *Texter A001:* I am in danger now" {
		t.Fatalf("the thread's first line is %+v; want the message that triggered the offer", thread)
	}
	esc := &bot.Escalator{Desk: r.desk}
	r.clock.Advance(time.Minute)
	esc.Poll(r.ctx)
	r.work()
	if notes := r.threadTexts(th); !strings.Contains(notes, "URGENT and still unclaimed after 1 minute") || !strings.Contains(notes, "<@U0BACKUP01>") {
		t.Fatalf("after 1 minute the thread says %q", notes)
	}
	r.clock.Advance(2 * time.Minute)
	esc.Poll(r.ctx)
	r.work()
	if got := r.sms.bodies(); len(got) != 1 || !strings.Contains(got[0], bot.HotlineCall) || !strings.Contains(got[0], "911") {
		t.Fatalf("after 3 minutes the texter got %q; want the hotline", got)
	}
	r.clock.Advance(10 * time.Minute)
	esc.Poll(r.ctx)
	r.work()
	if len(r.sms.bodies()) != 1 {
		t.Fatal("the hotline message went twice")
	}
	r.assertNoCanary()
}

func TestCrisis_UrgentAfterHours(t *testing.T) {
	r := newRig(t, sunday)
	r.text("they took my passport and I can't leave")
	out := r.text("sí")
	all := strings.Join(out.Replies, "\n")
	for _, want := range []string{"No staff are on shift right now", bot.HotlineCall, "911", "May staff text you here when they are back?"} {
		if !strings.Contains(all, want) {
			t.Errorf("after hours an urgent texter got %q; lacks %q", out.Replies, want)
		}
	}
	r.work()
	if p := r.fake.Messages(channel)[0]; !strings.Contains(p.Text, "<@U0BACKUP01>") || !strings.Contains(blocksText(p), "Nobody is on shift") {
		t.Fatalf("after hours the urgent post says %q", p.Text)
	}
	out = r.text("no")
	if all := strings.Join(out.Replies, "\n"); !strings.Contains(all, "nobody will text you later") {
		t.Fatalf("the no to later texts got %q", out.Replies)
	}
	r.work()
	th := bot.Thread{Channel: channel, TS: r.fake.Messages(channel)[0].TS}
	if notes := r.threadTexts(th); !strings.Contains(notes, "did not say staff may text them later") || strings.Contains(notes, "*Texter A001:* no") {
		t.Fatalf("the thread after the texter's no: %q", notes)
	}
}

func TestCrisis_HandoffBecomesUrgent(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	out := r.text("he took my passport")
	if len(out.Replies) != 1 || !strings.Contains(out.Replies[0], "911") {
		t.Fatalf("danger words in a handoff got %q; want the 911 line", out.Replies)
	}
	if out := r.text("he is watching me"); len(out.Replies) != 0 {
		t.Fatalf("the 911 line came twice: %q", out.Replies)
	}
	r.work()
	notes := r.threadTexts(th)
	if !strings.Contains(notes, ":rotating_light: *Texter A001:* he took my passport") ||
		!strings.Contains(notes, "this conversation is URGENT. <@U0STAFF001> <@U0STAFF002> <@U0BACKUP01>") {
		t.Fatalf("the thread after danger words: %q", notes)
	}
	if b := blocksText(r.post(th)); !strings.Contains(b, "*URGENT*") || !strings.Contains(b, "fd_claim") {
		t.Fatalf("the post was not redrawn as urgent and waiting: %s", b)
	}
	r.clock.Advance(time.Minute)
	(&bot.Escalator{Desk: r.desk}).Poll(r.ctx)
	r.work()
	if notes := r.threadTexts(th); !strings.Contains(notes, "URGENT and still unclaimed after 1 minute") {
		t.Fatalf("the escalation did not speed up: %q", notes)
	}
}

func TestCrisis_HelpInHandoff(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	out := r.text("HELP")
	if all := strings.Join(out.Replies, " "); !strings.Contains(all, "Reply STOP to opt out") || !strings.Contains(all, bot.HotlineCall) {
		t.Fatalf("HELP in a handoff got %q; want the help text", out.Replies)
	}
	r.work()
	if notes := r.threadTexts(th); !strings.Contains(notes, ":sos: *Texter A001 sent HELP*") {
		t.Fatalf("HELP did not reach staff flagged: %q", notes)
	}
}

func TestCrisis_QuickExit(t *testing.T) {
	r := newRig(t, monday)
	th := r.handoff()
	r.text("they read my messages at night")
	r.press(th, owner, "fd_claim", "")
	if out := r.text("EXIT"); len(out.Replies) != 1 || out.Replies[0] != "OK." {
		t.Fatalf("the quick exit got %q; want one neutral reply", out.Replies)
	}
	r.work()
	notes := r.threadTexts(th)
	if !strings.Contains(notes, "texter left quickly: do not text back") {
		t.Fatalf("staff were not told: %q", notes)
	}
	if strings.Contains(notes, "they read my messages") {
		t.Fatalf("the texter's words stay in the thread: %q", notes)
	}
	if b := blocksText(r.post(th)); !strings.Contains(b, "Ended: texter left quickly: do not text back") || strings.Contains(b, "fd_close") {
		t.Fatalf("the post after a quick exit: %s", b)
	}
	r.staff(th, owner, "Are you OK?")
	r.work()
	if got := r.sms.bodies(); len(got) != 0 {
		t.Fatalf("a reply after the quick exit reached the texter: %q", got)
	}
	if s := r.session(); s.Version != 0 || s.OptedOut {
		t.Fatalf("after a quick exit the session is %+v; want erased, not opted out", s)
	}
	r.assertNoCanary()
}

func TestCrisis_TipWithoutConsent(t *testing.T) {
	r := newRig(t, monday)
	var out bot.Outcome
	for _, body := range []string{"hi", "2", "Houston, TX", "a house", "last night", "a red van", "no", "1", "no"} {
		out = r.text(body)
	}
	code := ""
	for _, e := range out.Effects {
		if e.Kind == bot.TipSubmitted {
			code = e.TipCode
		}
	}
	r.work()
	th := r.tipThread(code)
	b := blocksText(r.post(th))
	if strings.Contains(b, "fd_ask_tipster") || !strings.Contains(b, "did not say staff may text them") || strings.Contains(b, "may_text") {
		t.Fatalf("a tip without consent is posted as %s", b)
	}
	r.pressTip(th, owner, code)
	r.work()
	if got := r.sms.bodies(); len(got) != 0 {
		t.Fatalf("the tipster was texted without consent: %q", got)
	}
	waitFor(t, "the notice to staff", func() bool {
		eph := r.fake.Ephemerals()
		return len(eph) > 0 && strings.Contains(eph[len(eph)-1].Text, "did not say staff may text them with questions")
	})
	if r.session().Handoff != nil {
		t.Fatal("Ask tipster opened a follow-up without consent")
	}
}
