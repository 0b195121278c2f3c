package bot_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

// farEnds is an Applier whose far ends ("slack", "sms") can be down; it records what it applied.
type farEnds struct {
	mu      sync.Mutex
	down    map[string]bool
	applied map[string]int
	tries   int
	triesOf map[string]int
}

func (f *farEnds) Apply(_ context.Context, e bot.Effect) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tries++
	f.triesOf[e.Text]++
	switch {
	case f.down[target(e.Kind)]:
		return errors.New("HTTP 503")
	case e.Text == "wait":
		return &bot.RetryAfterError{After: time.Hour, Err: errors.New("HTTP 429")}
	}
	f.applied[e.Text]++
	return nil
}

func target(k bot.EffectKind) string {
	if k == bot.StaffReply {
		return "sms"
	}
	return "slack"
}

// TestWorker_FarEndRecovers: effects that backed off for minutes while Slack was down are all
// applied within one probe interval of its return, not each after its own backoff; a Slack
// effect told to wait keeps its wait, and the SMS far end's recovery does not wake Slack's.
func TestWorker_FarEndRecovers(t *testing.T) {
	ctx := context.Background()
	clock := bottest.NewClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	store := memory.New(clock)
	ap := &farEnds{down: map[string]bool{"slack": true, "sms": true}, applied: map[string]int{}, triesOf: map[string]int{}}
	w := &bot.Worker{Outbox: store, Applier: ap, Clock: clock, Consumer: "w", Log: slog.New(slog.DiscardHandler),
		Target: func(k bot.EffectKind) string { return target(k) }, Random: func() float64 { return 0.99 }}
	commit := func(i int, kind bot.EffectKind, text string) {
		tx := fmt.Sprintf("texter%02d", i)
		if err := store.Commit(ctx, bot.Commit{Texter: tx, Session: bot.Session{Texter: tx},
			Effects: []bot.Effect{{Kind: kind, Texter: tx, Text: text, At: clock.Now()}}}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 20 {
		commit(i, bot.DeskNote, fmt.Sprintf("note %d", i))
	}
	commit(20, bot.StaffReply, "reply")
	for range 600 { // ten minutes of polls, one a second, while both are down
		w.Poll(ctx)
		clock.Advance(time.Second)
	}
	ap.mu.Lock()
	tries := ap.tries
	ap.down["sms"] = false
	ap.mu.Unlock()
	if tries > 21*12+600/5*2 {
		t.Errorf("%d attempts in ten minutes of outage: the backoff or the probe is not working", tries)
	}
	for range 6 { // SMS is back: its reply goes; Slack's effects still wait
		w.Poll(ctx)
		clock.Advance(time.Second)
	}
	if ap.applied["reply"] != 1 || len(ap.applied) != 1 {
		t.Fatalf("after SMS came back: %v", ap.applied)
	}
	ap.mu.Lock()
	ap.down["slack"] = false
	ap.mu.Unlock()
	commit(21, bot.DeskNote, "wait") // told to wait an hour by the far end
	w.Poll(ctx)
	for range 6 {
		clock.Advance(time.Second)
		w.Poll(ctx)
	}
	for i := range 20 {
		if ap.applied[fmt.Sprintf("note %d", i)] != 1 {
			t.Fatalf("6 s after Slack came back, applied %v; every note is due", ap.applied)
		}
	}
	if n := ap.triesOf["wait"]; n != 1 {
		t.Fatalf("an effect told to wait an hour was tried %d times in 6 s", n)
	}
}
