package storetest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

// TipWalk is what a texter sends to file a tip with the built-in flows, from a new conversation.
var TipWalk = []string{"hi", "2", "Houston, TX", "A man keeps two girls in a house", "last night", "a red van", "no", "1", "yes"}

// walkTip files a tip through b and returns the last outcome and the code it names.
func (e *env) walkTip(b *bot.Bot, number, idPrefix string) (bot.Outcome, string) {
	e.t.Helper()
	var out bot.Outcome
	for i, body := range TipWalk {
		out = e.handle(b, fmt.Sprintf("%s%d", idPrefix, i), number, body)
	}
	for _, ef := range out.Effects {
		if ef.Kind == bot.TipSubmitted {
			return out, ef.TipCode
		}
	}
	e.t.Fatalf("the walk filed no tip: %+v", out)
	return out, ""
}

func testBotFilesTip(t *testing.T, e *env) {
	const number = "+15550001111"
	out, code := e.walkTip(e.newBot(e.s), number, "SM")
	if !strings.Contains(strings.Join(out.Replies, "\n"), "Your receipt code is "+code+".") {
		t.Fatalf("the confirmation %q does not name %s", out.Replies, code)
	}
	tx := e.texter(number)
	if n := e.s.Shards(); bot.ShardOf(code, n) != bot.ShardOf(tx, n) {
		t.Fatalf("code %s is not in the texter's shard", code)
	}
	tip := e.tip(e.client(), code)
	want := map[string]string{"where": "Houston, TX", "what": "A man keeps two girls in a house", "when": "last night",
		"involved": "a red van", "danger": "no", "may_text": "yes"}
	if fmt.Sprint(tip.Answers) != fmt.Sprint(want) || tip.Texter != tx || tip.Lang != "en" || tip.Channel != bot.ChannelSMS ||
		tip.Urgent || !tip.Submitted.Equal(e.clock.Now()) || tip.Alias == "" {
		t.Fatalf("the tip filed is %+v", tip)
	}
}

// testBotRedrawsTakenCode: two texters of one shard on two replicas whose IDs draw the same
// codes: the second tip's first code is taken, so the bot draws again; both are filed, each
// texter is told their own code.
func testBotRedrawsTakenCode(t *testing.T, e *env) {
	a := "+15550001111"
	b := e.sameShard(a)
	outA, codeA := e.walkTip(e.newBot(e.s), a, "SMA")
	outB, codeB := e.walkTip(e.newBot(e.client()), b, "SMB")
	if codeA == codeB {
		t.Fatalf("both tips got %s", codeA)
	}
	for _, c := range []struct {
		out    bot.Outcome
		code   string
		number string
	}{{outA, codeA, a}, {outB, codeB, b}} {
		if !strings.Contains(strings.Join(c.out.Replies, "\n"), c.code) {
			t.Errorf("the texter was told %q, not their code %s", c.out.Replies, c.code)
		}
		if tip := e.tip(e.s, c.code); tip.Texter != e.texter(c.number) {
			t.Errorf("tip %s belongs to another texter", c.code)
		}
	}
}

// testBotAddsToTip: a tipster texts their code and more: it is added, with thanks. Another texter
// sending the same code gets exactly the answer to a code that does not exist.
func testBotAddsToTip(t *testing.T, e *env) {
	const number = "+15550001111"
	b := e.newBot(e.s)
	_, code := e.walkTip(b, number, "SM")
	out := e.handle(b, "SMadd", number, strings.ToLower(strings.Replace(code, "-", " ", 1))+": the van is blue")
	if len(out.Effects) != 1 || out.Effects[0].Kind != bot.TipAdded || out.Effects[0].TipCode != code ||
		out.Effects[0].Text != "the van is blue" || out.Effects[0].Key != "add:SMadd" {
		t.Fatalf("an addition committed %+v", out.Effects)
	}
	if got := strings.Join(out.Replies, "\n"); !strings.Contains(got, "we added this.\nCode "+code) {
		t.Fatalf("the tipster was answered %q", got)
	}
	if out := e.handle(b, "SMbare", number, code); len(out.Effects) != 0 || !strings.Contains(out.Replies[0], code+" the car was red") {
		t.Fatalf("the code alone got %q, %+v", out.Replies, out.Effects)
	}
	other := e.newBot(e.client())
	stranger := e.handle(other, "SMx1", "+15550002222", code+" the van is blue")
	unknown := e.handle(other, "SMx2", "+15550003333", CodeN(424242)+" the van is blue")
	if len(stranger.Effects)+len(unknown.Effects) != 0 || strings.Join(stranger.Replies, "\n") != strings.Join(unknown.Replies, "\n") {
		t.Fatalf("someone else's code got %q %+v; an unknown one %q %+v; want the same neutral answer and nothing else",
			stranger.Replies, stranger.Effects, unknown.Replies, unknown.Effects)
	}
}
