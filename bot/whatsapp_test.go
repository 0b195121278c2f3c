package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// waNumber is the desk texter's number on WhatsApp, as Twilio writes it.
const waNumber = "whatsapp:" + deskNumber

func TestChannelOf(t *testing.T) {
	for addr, want := range map[string]bot.Channel{
		"+15550100001":                       bot.ChannelSMS,
		"233733":                             bot.ChannelSMS,
		"whatsapp:+15550100001":              bot.ChannelWhatsApp,
		"whatsapp:US.13491208655302741918":   bot.ChannelWhatsApp,
		"whatsapp:US.ENT.118157992128868448": bot.ChannelWhatsApp,
		"WhatsApp:+15550100001":              bot.ChannelSMS, // Twilio writes the prefix in lower case
	} {
		if got := bot.ChannelOf(addr); got != want {
			t.Errorf("ChannelOf(%q) = %s, want %s", addr, got, want)
		}
	}
	for ch, want := range map[bot.Channel]string{bot.ChannelSMS: "SMS", "": "SMS", bot.ChannelWhatsApp: "WhatsApp", bot.ChannelSlack: "Slack DM"} {
		if got := ch.Label(); got != want {
			t.Errorf("%q.Label() = %q, want %q", ch, got, want)
		}
	}
}

// TestTexterKey_channels: the same number on SMS and WhatsApp is two texters; a WhatsApp
// address keys the same with or without its prefix, and a business-scoped id is one more.
func TestTexterKey_channels(t *testing.T) {
	keys, err := bot.NewKeys([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	sms := keys.TexterKey(bot.ChannelSMS, deskNumber)
	wa := keys.TexterKey(bot.ChannelWhatsApp, waNumber)
	if sms == wa {
		t.Fatal("SMS and WhatsApp of the same number share a key")
	}
	if bare := keys.TexterKey(bot.ChannelWhatsApp, deskNumber); bare != wa {
		t.Errorf("the WhatsApp key depends on whether the address carries its prefix")
	}
	if keys.TexterKey(bot.ChannelWhatsApp, "whatsapp:US.13491208655302741918") == wa {
		t.Error("a business-scoped id keys like a number")
	}
	if keys.TexterKey(bot.ChannelSlack, deskNumber) == sms {
		t.Error("a Slack user keys like an SMS number")
	}
}

func TestMayText_whatsAppWindow(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	session := func(ch bot.Channel, ago time.Duration) bot.Session {
		return bot.Session{Address: waNumber, Channel: ch, LastInbound: now.Add(-ago),
			Handoff: &bot.Handoff{Queue: "national", MayText: true}}
	}
	cases := []struct {
		name string
		s    bot.Session
		want error
	}{
		{"WhatsApp, wrote a minute ago", session(bot.ChannelWhatsApp, time.Minute), nil},
		{"WhatsApp, 23 hours, consented and confirmed", session(bot.ChannelWhatsApp, 23*time.Hour), nil},
		{"WhatsApp, exactly 24 hours", session(bot.ChannelWhatsApp, 24*time.Hour), nil},
		{"WhatsApp, 24 hours and a second", session(bot.ChannelWhatsApp, 24*time.Hour+time.Second), bot.ErrWindowClosed},
		{"SMS, 30 hours, consented and confirmed", session(bot.ChannelSMS, 30*time.Hour), nil},
	}
	for _, c := range cases {
		if err := bot.MayText(c.s, now, true); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s: MayText = %v, want %v", c.name, err, c.want)
		}
	}
	opted := session(bot.ChannelWhatsApp, 30*time.Hour)
	opted.OptedOut = true
	if err := bot.MayText(opted, now, true); !errors.Is(err, bot.ErrOptedOut) {
		t.Errorf("an opt-out outside the window: %v, want ErrOptedOut first", err)
	}
}

// TestWhatsApp_separateFromSMS: a WhatsApp conversation and an SMS one from the same number are
// two sessions, and STOP on WhatsApp silences WhatsApp only, for texts and for sends.
func TestWhatsApp_separateFromSMS(t *testing.T) {
	ctx := context.Background()
	r := newDeskRig(t, monday)
	r.from = waNumber
	r.text("hi")
	r.text("3") // the WhatsApp texter is in the talk flow
	sms := r.b.Handle(ctx, bot.Inbound{ID: "SMs1", Channel: bot.ChannelSMS, From: deskNumber, Body: "1"})
	if s := r.session(); s.Channel != bot.ChannelWhatsApp || s.Address != waNumber || s.Flow == "" {
		t.Fatalf("the WhatsApp session: channel %q, flow %q", s.Channel, s.Flow)
	}
	if find(sms.Effects, bot.HandoffRequested) != nil {
		t.Fatal("an SMS from the same number went on with the WhatsApp conversation")
	}
	if out := r.text("STOP"); !r.session().OptedOut || len(out.Replies) != 1 {
		t.Fatalf("STOP on WhatsApp: %+v", out)
	}
	if out := r.text("hi"); len(out.Replies) != 0 {
		t.Fatalf("after STOP, WhatsApp got %q", out.Replies)
	}
	if out := r.b.Handle(ctx, bot.Inbound{ID: "SMs2", Channel: bot.ChannelSMS, From: deskNumber, Body: "hi"}); len(out.Replies) == 0 {
		t.Fatal("STOP on WhatsApp silenced SMS")
	}
	fs := &fakeSender{}
	g := bot.GuardedSender{OptOuts: r.b, Sender: fs, Log: r.b.Log}
	if _, err := g.Send(ctx, waNumber, "x", "k1"); !errors.Is(err, bot.ErrRecipientOptedOut) {
		t.Fatalf("a send to the opted-out WhatsApp address: %v", err)
	}
	if _, err := g.Send(ctx, deskNumber, "y", "k2"); err != nil || len(fs.sent) != 1 || fs.sent[0] != deskNumber+"|y" {
		t.Fatalf("a send to the SMS number: %v, sent %q", err, fs.sent)
	}
	if _, err := r.b.BeginSend(ctx, bot.ChannelWhatsApp, waNumber); !errors.Is(err, bot.ErrRecipientOptedOut) {
		t.Fatalf("BeginSend to the opted-out WhatsApp address: %v", err)
	}
}

// TestWhatsApp_desk: a staff reply to a WhatsApp texter goes to the WhatsApp address and names
// the channel on the post; 24 hours after the texter's last message nothing is attempted and
// staff are told why, both when they reply and when a reply waited past the window.
func TestWhatsApp_desk(t *testing.T) {
	ctx := context.Background()
	t.Run("ReplySent", func(t *testing.T) {
		r := newDeskRig(t, monday)
		r.from = waNumber
		effects := r.handoff()
		if req := find(effects, bot.HandoffRequested); req.Channel != bot.ChannelWhatsApp {
			t.Fatalf("the handoff names channel %q", req.Channel)
		}
		claimed := r.press(bot.ActClaim, owner)
		if up := find(claimed.Effects, bot.DeskUpdate); up == nil || up.Channel != bot.ChannelWhatsApp {
			t.Fatalf("the redrawn post lost the channel: %+v", up)
		}
		out, _ := r.reply(owner, "Are you safe?")
		send := find(out.Effects, bot.StaffReply)
		if send == nil {
			t.Fatalf("no reply to send: %s", kinds(out.Effects))
		}
		fs := &fakeSender{}
		if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, *send); err != nil {
			t.Fatal(err)
		}
		if len(fs.sent) != 1 || fs.sent[0] != waNumber+"|Are you safe?" {
			t.Fatalf("sent %q", fs.sent)
		}
	})
	t.Run("ReplyAfter24Hours", func(t *testing.T) {
		r := newDeskRig(t, monday)
		r.from = waNumber
		r.handoff()
		r.press(bot.ActClaim, owner)
		r.drain()
		r.clock.Advance(25 * time.Hour)
		out, _ := r.reply(owner, "Are you still there?")
		if find(out.Effects, bot.StaffReply) != nil {
			t.Fatal("a reply 25 hours after the texter's last WhatsApp message was sent")
		}
		if !strings.Contains(out.Say, "24 hours") || !strings.Contains(out.Say, "WhatsApp") {
			t.Fatalf("staff were told %q", out.Say)
		}
	})
	t.Run("QueuedPastTheWindow", func(t *testing.T) {
		r := newDeskRig(t, monday)
		r.from = waNumber
		send := ownerReply(t, r, "Hello")
		r.clock.Advance(24*time.Hour + time.Minute)
		fs := &fakeSender{}
		if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, send); err != nil {
			t.Fatal(err)
		}
		effects := r.drain()
		if len(fs.sent) != 0 {
			t.Fatalf("sent %q outside the window", fs.sent)
		}
		if e := find(effects, bot.DeskReaction); e == nil || e.Text != bot.ReactionFailed {
			t.Fatalf("no failed mark: %s", kinds(effects))
		}
		if !strings.Contains(notes(effects), "24 hours") {
			t.Fatalf("staff notes %q", notes(effects))
		}
	})
}

// TestEngine_WithoutRepliesOn: without a WhatsApp sender a WhatsApp texter still gets the
// flows' answers, but a handoff (and the person offered in danger) gives 911 and the hotline;
// SMS texters hand off as before.
func TestEngine_WithoutRepliesOn(t *testing.T) {
	ctx := context.Background()
	b, _, _ := newBot(t)
	b.Engine = b.Engine.WithLang("en").WithoutRepliesOn(bot.ChannelWhatsApp)
	walk := func(ch bot.Channel, from string) bot.Outcome {
		var out bot.Outcome
		for i, body := range []string{"hi", "3", "1", "4", "skip"} {
			out = b.Handle(ctx, bot.Inbound{ID: string(ch) + string(rune('a'+i)), Channel: ch, From: from, Body: body})
			if len(out.Replies) == 0 {
				t.Fatalf("%s %q got no answer", ch, body)
			}
		}
		return out
	}
	wa := walk(bot.ChannelWhatsApp, waNumber)
	if reply := strings.Join(wa.Replies, "\n"); reply != bot.NoDeskReply("en") {
		t.Fatalf("a WhatsApp handoff without a sender answered %q", reply)
	}
	if find(wa.Effects, bot.HandoffRequested) != nil {
		t.Fatal("a WhatsApp handoff opened without a sender")
	}
	if sms := walk(bot.ChannelSMS, deskNumber); find(sms.Effects, bot.HandoffRequested) == nil {
		t.Fatalf("an SMS handoff did not open: %+v", sms.Effects)
	}
	danger := b.Handle(ctx, bot.Inbound{ID: "wad", Channel: bot.ChannelWhatsApp, From: "whatsapp:+15550100002", Body: "I am in danger"})
	reply := strings.Join(danger.Replies, "\n")
	if !strings.Contains(reply, "911") || !strings.Contains(reply, bot.HotlineCall) || strings.Contains(reply, "Reply YES") {
		t.Fatalf("danger on WhatsApp without a sender answered %q", reply)
	}
	yes := b.Handle(ctx, bot.Inbound{ID: "wae", Channel: bot.ChannelWhatsApp, From: "whatsapp:+15550100002", Body: "yes"})
	if find(yes.Effects, bot.HandoffRequested) != nil {
		t.Fatal("yes after danger opened a handoff nobody could answer")
	}
}
