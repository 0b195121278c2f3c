package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
)

// OpenCloses makes one new, empty close log for a test, reading time from clock.
type OpenCloses func(t *testing.T, clock bot.Clock) bot.CloseLog

// RunCloses tests a bot.CloseLog: records come back oldest first from a time on, a record
// written twice is kept once, and records older than bot.CloseKeep are dropped.
func RunCloses(t *testing.T, open OpenCloses) {
	ctx := context.Background()
	clock := bottest.NewClock(Start)
	log := open(t, clock)
	rec := func(ref string, closed time.Time, outcome string) bot.CloseRecord {
		return bot.CloseRecord{Handoff: ref, Alias: "K7QF", Queue: "national", Lang: "es", Urgent: true, Need: "shelter", State: "TX",
			Opened: closed.Add(-10 * time.Minute), Closed: closed, Outcome: outcome, Case: "HT-2026-0042"}
	}
	old := rec("K7QF-1-3", Start.Add(-bot.CloseKeep-time.Hour), "hotline")
	a, b := rec("A001-2-5", Start.Add(time.Minute), "referred"), rec("A002-3-7", Start.Add(2*time.Minute), "info_given")
	for _, r := range []bot.CloseRecord{b, a, a, old} { // out of order, one twice
		if err := log.RecordClose(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := log.Closes(ctx, Start)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != a || got[1] != b {
		t.Fatalf("Closes since the start: %+v, want %+v and %+v", got, a, b)
	}
	if got, _ := log.Closes(ctx, Start.Add(-bot.CloseKeep-2*time.Hour)); len(got) != 2 {
		t.Fatalf("a record older than CloseKeep was kept: %+v", got)
	}
	if got, _ := log.Closes(ctx, Start.Add(90*time.Second)); len(got) != 1 || got[0] != b {
		t.Fatalf("Closes since 90 s: %+v", got)
	}
}
