package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

func TestBoardApplier(t *testing.T) {
	ctx := context.Background()
	board := memory.NewConsole(bottest.NewClock(t0))
	for _, a := range []string{"K7QF", "M2PX"} {
		if err := board.HandoffOpened(ctx, bot.OpenHandoff{Alias: a, Queue: "national", Opened: t0}); err != nil {
			t.Fatal(err)
		}
	}
	applied := 0
	b := bot.BoardApplier{Board: board, Next: bot.ApplierFunc(func(context.Context, bot.Effect) error { applied++; return nil })}
	for _, e := range []bot.Effect{
		{Kind: bot.DeskUpdate, Status: bot.StatusClaimed, Alias: "K7QF"},
		{Kind: bot.DeskUpdate, Status: bot.StatusClosed, Alias: "M2PX"},
		{Kind: bot.DeskUpdate, Status: bot.StatusClosed, Alias: "M2PX"}, // redelivered
	} {
		if err := b.Apply(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	view, err := board.Board(ctx, t0.Add(time.Minute).Format("2006-01-02"))
	if err != nil {
		t.Fatal(err)
	}
	if applied != 3 || len(view.Handoffs) != 1 || view.Handoffs[0].Alias != "K7QF" {
		t.Fatalf("applied %d; board %+v: only the claimed handoff should stay", applied, view.Handoffs)
	}
}
