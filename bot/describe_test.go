package bot_test

import (
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
