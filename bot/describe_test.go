package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/flows"
)

func TestDescribeEffect(t *testing.T) {
	tip := bot.Effect{Kind: bot.TipSubmitted, TipCode: "TIP-7K2Q", Urgent: true, Answers: map[string]string{"what": "x", "where": "y"}}
	route := bot.Effect{Kind: bot.HandoffRequested, Queue: flows.RouteQueue, Alias: "Blue Heron"}
	help := bot.Effect{Kind: bot.TexterMessage, Alias: "Blue Heron", Status: bot.MarkHelp, Text: "HELP"}
	for _, c := range []struct {
		e    bot.Effect
		v    bot.Voice
		want string
	}{
		{tip, bot.Done, "tip TIP-7K2Q to the tips channel, URGENT: map[what:x where:y]"},
		{tip, bot.Would, "A tip would be filed with receipt code TIP-7K2Q and 2 answers, marked URGENT (not sent: simulation)."},
		{route, bot.Done, "handoff to queue (picked by the on-call roster's routing) for Texter Blue Heron, answers map[]"},
		{help, bot.Would, "Staff would see this HELP from Texter Blue Heron, flagged."},
		{bot.Effect{Kind: bot.Erased}, bot.Would, "Everything kept about this texter would be erased."},
		{bot.Effect{Kind: bot.DeskReaction, Text: "white_check_mark"}, bot.Done, "desk_reaction"},
		{bot.Effect{Kind: bot.DeskReaction}, bot.Would, "desk_reaction"},
	} {
		if got := bot.DescribeEffect(c.e, c.v); got != c.want {
			t.Errorf("DescribeEffect(%s, %d) = %q, want %q", c.e.Kind, c.v, got, c.want)
		}
	}
}

// TestLogEffect: each kind's log line names it and identifies it, and holds nothing the texter
// wrote or is: no text, no answer, no texter key, no address.
func TestLogEffect(t *testing.T) {
	const words, key = "my boss keeps my passport", "texterkey-canary"
	kinds := []bot.EffectKind{bot.HandoffRequested, bot.TexterMessage, bot.TipSubmitted, bot.TipAdded, bot.HandoffEnded,
		bot.Erased, bot.DeskNote, bot.StaffReply, bot.ChatReply}
	want := map[bot.EffectKind]string{bot.HandoffRequested: "handoff requested", bot.TexterMessage: "texter wrote to staff",
		bot.TipSubmitted: "tip submitted", bot.TipAdded: "tipster added to their tip", bot.HandoffEnded: "handoff ended"}
	for _, k := range kinds {
		e := bot.Effect{Kind: k, Texter: key, Alias: "Blue Heron", Queue: "national", TipCode: "TIP-7K2Q",
			Answers: map[string]string{"what": words}, DM: "U0CANARY"}
		if k != bot.HandoffEnded {
			e.Text = words
		}
		msg, attrs := bot.LogEffect(e)
		line := msg + fmt.Sprint(attrs...)
		if strings.Contains(line, "passport") || strings.Contains(line, key) || strings.Contains(line, "U0CANARY") {
			t.Errorf("%s: the log line holds what the texter wrote or is: %s", k, line)
		}
		if w, ok := want[k]; ok && !strings.HasPrefix(msg, w) {
			t.Errorf("%s: message %q, want %q", k, msg, w)
		}
		if _, ok := want[k]; !ok && (msg != "effect" || fmt.Sprint(attrs...) != fmt.Sprint("kind", string(k))) {
			t.Errorf("%s: %q %v, want the kind named", k, msg, attrs)
		}
	}
	if _, attrs := bot.LogEffect(bot.Effect{Kind: bot.TipSubmitted, TipCode: "TIP-7K2Q"}); !strings.Contains(fmt.Sprint(attrs...), "TIP-7K2Q") {
		t.Errorf("a tip's log line should name its code: %v", attrs)
	}
}
