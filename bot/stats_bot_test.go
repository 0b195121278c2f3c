package bot_test

import (
	"context"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/memory"
)

// alwaysConflicting is a memory store (and its counters) whose commits always conflict.
type alwaysConflicting struct{ *memory.Store }

func (alwaysConflicting) Commit(context.Context, bot.Commit) error { return bot.ErrConflict }

// TestBot_FailSafeCounted: a message that meets endless conflicts gets the fail-safe reply, and
// it is counted outside any commit; nothing else is.
func TestBot_FailSafeCounted(t *testing.T) {
	b, _, clock := newBot(t)
	mem := memory.New(clock)
	b.Store, b.Stats = alwaysConflicting{mem}, mem
	if out := b.Handle(context.Background(), bot.Inbound{ID: "SM1", From: "+15550001111", Body: "hi"}); !out.FailSafe {
		t.Fatalf("endless conflicts: %+v", out)
	}
	days, err := mem.Stats(context.Background(), clock.Now(), clock.Now())
	if err != nil || len(days[0].Counts) != 1 || days[0].Counts[bot.StatFailSafe] != 1 {
		t.Fatalf("counters %v, %v; want one fail-safe reply and nothing else", days, err)
	}
}
