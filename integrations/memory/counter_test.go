package memory_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

func newClock() *bottest.Clock { return bottest.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) }

func TestCounter_Hit(t *testing.T) {
	ctx := context.Background()
	clock := newClock()
	c := memory.NewCounter(clock, memory.New(clock))
	hit := func(texter, id string) int {
		t.Helper()
		p, err := c.Hit(ctx, texter, id, 10*time.Minute, 3)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	t.Run("positions", func(t *testing.T) {
		for i, want := range []int{1, 2, 3, 4, 4} {
			if got := hit("a", fmt.Sprint("m", i)); got != want {
				t.Errorf("message %d: position %d, want %d", i, got, want)
			}
		}
	})
	t.Run("a retry keeps its position", func(t *testing.T) {
		if got := hit("a", "m1"); got != 2 {
			t.Errorf("retry of m1: position %d, want 2", got)
		}
	})
	t.Run("texters are separate", func(t *testing.T) {
		if got := hit("b", "x"); got != 1 {
			t.Errorf("other texter: position %d, want 1", got)
		}
	})
	t.Run("a new window starts after the old one ends", func(t *testing.T) {
		clock.Advance(10 * time.Minute)
		if got := hit("a", "m9"); got != 1 {
			t.Errorf("after the window: position %d, want 1", got)
		}
	})
	var _ bot.RateCounter = c
}

func TestDeliveries_Advance(t *testing.T) {
	ctx := context.Background()
	clock := newClock()
	d := memory.NewDeliveries(clock)
	steps := []struct {
		id   string
		rank int
		want bool
	}{
		{"SM1", 1, true}, {"SM1", 3, true}, {"SM1", 1, false}, {"SM1", 3, false}, {"SM2", 1, true},
	}
	for i, s := range steps {
		got, err := d.Advance(ctx, s.id, s.rank)
		if err != nil || got != s.want {
			t.Errorf("step %d (%s rank %d): %v %v, want %v", i, s.id, s.rank, got, err, s.want)
		}
	}
	if n, _ := d.Reached(ctx, "SM1"); n != 3 {
		t.Errorf("Reached = %d, want 3", n)
	}
	clock.Advance(memory.DefaultDeliveryTTL)
	if n, _ := d.Reached(ctx, "SM1"); n != 0 {
		t.Errorf("Reached after the TTL = %d, want 0", n)
	}
	if got, _ := d.Advance(ctx, "SM1", 1); !got {
		t.Error("an expired record still blocked a status")
	}
}
