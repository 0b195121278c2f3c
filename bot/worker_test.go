package bot_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

func TestWorker_Delay(t *testing.T) {
	w := &bot.Worker{BaseDelay: time.Second, MaxDelay: 10 * time.Second, Random: func() float64 { return 0.999 }}
	down := errors.New("down")
	for attempts, want := range map[int]time.Duration{1: 999 * time.Millisecond, 2: 1998 * time.Millisecond,
		4: 7992 * time.Millisecond, 5: 9990 * time.Millisecond, 60: 9990 * time.Millisecond} {
		if got := w.Delay(attempts, down); got != want {
			t.Errorf("Delay(%d) = %v, want %v", attempts, got, want)
		}
	}
	t.Run("RetryAfter", func(t *testing.T) {
		w.Random = func() float64 { return 0 }
		if got := w.Delay(1, &bot.RetryAfterError{After: 42 * time.Second, Err: down}); got != 42*time.Second {
			t.Fatalf("Delay after Retry-After 42s = %v", got)
		}
	})
	t.Run("FullJitter", func(t *testing.T) {
		w.Random = func() float64 { return 0 }
		if got := w.Delay(3, down); got != 0 {
			t.Fatalf("Delay with jitter 0 = %v, want 0", got)
		}
	})
}

func TestWorker_Misconfigured(t *testing.T) {
	w := &bot.Worker{Clock: bot.ClockFunc(func() time.Time { return time.Time{} })}
	if _, err := w.Poll(context.Background()); err == nil {
		t.Fatal("Poll without an Outbox and an Applier succeeded")
	}
	if err := w.Run(context.Background()); err == nil {
		t.Fatal("Run without an Outbox and an Applier succeeded")
	}
}
