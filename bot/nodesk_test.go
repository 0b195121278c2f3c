package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

// TestEngine_WithoutDesk: with no staff desk, asking for a person answers with 911 and the
// hotline in the texter's language, never "connecting", opens no handoff and tells nobody.
func TestEngine_WithoutDesk(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ lang, hello, want string }{
		{"en", "hi", "call 911"},
		{"es", "hola", "llame al 911"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			b, _, _ := newBot(t)
			b.Engine = b.Engine.WithoutDesk()
			from := "+15550001111"
			var out bot.Outcome
			for i, body := range []string{c.hello, "3", "1", "4", "skip"} {
				out = b.Handle(ctx, bot.Inbound{ID: "SM" + string(rune('a'+i)), From: from, Body: body})
			}
			reply := strings.Join(out.Replies, "\n")
			if reply != bot.NoDeskReply(c.lang) || !strings.Contains(reply, c.want) || !strings.Contains(reply, bot.HotlineCall) {
				t.Fatalf("replies %q", out.Replies)
			}
			for _, bad := range []string{"onnect", "onectando", "staff now"} {
				if strings.Contains(reply, bad) {
					t.Errorf("the reply promises a person: %q", reply)
				}
			}
			if len(out.Effects) != 0 {
				t.Errorf("effects %+v, want none: nobody would read them", out.Effects)
			}
			next := b.Handle(ctx, bot.Inbound{ID: "SMz", From: from, Body: "hello?"})
			if len(next.Effects) != 0 || !strings.Contains(strings.Join(next.Replies, ""), "911") {
				t.Errorf("the next message should get the menu, with no handoff open: %+v", next)
			}
		})
	}
	for lang, text := range map[string]string{"en": bot.NoDeskReply("en"), "es": bot.NoDeskReply("es")} {
		if m := flows.MeasureSMS(text); m.Segments > 2 {
			t.Errorf("the %s reply is %d segments (%d %s units); at most 2", lang, m.Segments, m.Units, m.Encoding)
		}
	}
}

// TestEngine_WithoutDeskDanger: with no staff desk, a texter in danger is not offered a person
// nobody would be: they get 911 and the hotline, and the question they were on again.
func TestEngine_WithoutDeskDanger(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ lang, hello, plea string }{
		{"en", "hi", "I am in danger now"},
		{"es", "hola", "Estoy en peligro ahora"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			b, _, _ := newBot(t)
			b.Engine = b.Engine.WithoutDesk()
			from := "+15550002222"
			b.Handle(ctx, bot.Inbound{ID: "SMa", From: from, Body: c.hello})
			out := b.Handle(ctx, bot.Inbound{ID: "SMb", From: from, Body: c.plea})
			reply := strings.Join(out.Replies, "\n")
			if !strings.Contains(reply, "911") || !strings.Contains(reply, bot.HotlineCall) {
				t.Fatalf("no 911 and hotline: %q", out.Replies)
			}
			for _, bad := range []string{"Reply YES", "Responda SI", "Want to text with", "¿Quiere escribirse"} {
				if strings.Contains(reply, bad) {
					t.Errorf("offers a person without a desk: %q", reply)
				}
			}
			if len(out.Effects) != 0 {
				t.Errorf("effects %+v, want none", out.Effects)
			}
			yes := map[string]string{"en": "yes", "es": "si"}[c.lang]
			if next := b.Handle(ctx, bot.Inbound{ID: "SMc", From: from, Body: yes}); len(next.Effects) != 0 {
				t.Errorf("a yes after that opened something: %+v", next.Effects)
			}
		})
	}
}
