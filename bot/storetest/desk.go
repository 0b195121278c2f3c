package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunDesk tests the desk's part of the store (bot.DeskStore and what Commit keeps in step with
// the session) and the desk's races on two clients.
func RunDesk(t *testing.T, open Open) {
	t.Run("ThreadIndex", func(t *testing.T) { testThreadIndex(t, newEnv(t, open)) })
	t.Run("Timers", func(t *testing.T) { testTimers(t, newEnv(t, open)) })
	t.Run("TimersOneClaimant", func(t *testing.T) { testTimersOneClaimant(t, newEnv(t, open)) })
	t.Run("Claimed", func(t *testing.T) { testClaimed(t, newEnv(t, open)) })
	t.Run("Ledger", func(t *testing.T) { testLedger(t, newEnv(t, open)) })
	t.Run("EraseDesk", func(t *testing.T) { testEraseDesk(t, newEnv(t, open)) })
	t.Run("SentRef", func(t *testing.T) { testSentRef(t, newEnv(t, open)) })
	t.Run("LedgerAfterErasure", func(t *testing.T) { testLedgerAfterErasure(t, newEnv(t, open)) })
	t.Run("Lease", func(t *testing.T) { testLease(t, newEnv(t, open)) })
	t.Run("ClaimRace", func(t *testing.T) { testClaimRace(t, newEnv(t, open)) })
	t.Run("EscalationOnce", func(t *testing.T) { testEscalationOnce(t, newEnv(t, open)) })
	t.Run("UrgentEscalationOnce", func(t *testing.T) { testUrgentEscalationOnce(t, newEnv(t, open)) })
}

var deskThread = bot.Thread{Channel: "C0NATION01", TS: "1772443800.000100"}

// handoffSession is a session with staff: posted in deskThread, escalation due in 3 minutes.
func (e *env) handoffSession(number string) bot.Session {
	now := e.clock.Now()
	return bot.Session{Texter: e.texter(number), Address: number, Alias: "K7QF", Lang: "en", LastInbound: now, Updated: now,
		Handoff: &bot.Handoff{Queue: "national", Opened: now, Ref: "K7QF-1-1", Thread: deskThread, Due: now.Add(3 * time.Minute)}}
}

func testThreadIndex(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	if _, _, err := e.s.LookupThread(e.ctx, deskThread); !errors.Is(err, bot.ErrNoThread) {
		t.Fatalf("an unknown thread: %v, want ErrNoThread", err)
	}
	s := e.handoffSession("+15550001111")
	e.commit(e.s, bot.Commit{Texter: tx, Session: s})
	got, open, err := e.client().LookupThread(e.ctx, deskThread)
	if err != nil || got != tx || !open {
		t.Fatalf("LookupThread = %q, %v, %v; want the texter, open", got, open, err)
	}
	s.Version, s.Handoff = 1, nil
	e.commit(e.s, bot.Commit{Texter: tx, Session: s, Closed: deskThread})
	if got, open, err := e.s.LookupThread(e.ctx, deskThread); err != nil || open || got != "" {
		t.Fatalf("a closed thread looked up as %q, %v, %v; want closed, no texter", got, open, err)
	}
	other := bot.Thread{Channel: deskThread.Channel, TS: "1772443800.000200"}
	if _, _, err := e.s.LookupThread(e.ctx, other); !errors.Is(err, bot.ErrNoThread) {
		t.Fatalf("another ts of the channel: %v, want ErrNoThread", err)
	}
}

func testTimers(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	s := e.handoffSession("+15550001111")
	e.commit(e.s, bot.Commit{Texter: tx, Session: s})
	due := func(at time.Time) []string {
		t.Helper()
		got, err := e.s.DueTimers(e.ctx, at, time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	now := e.clock.Now()
	if got := due(now.Add(2 * time.Minute)); len(got) != 0 {
		t.Fatalf("a timer due in 3 minutes fired after 2: %v", got)
	}
	if got := due(now.Add(3 * time.Minute)); !reflect.DeepEqual(got, []string{tx}) {
		t.Fatalf("due timers %v, want the texter", got)
	}
	if got := due(now.Add(3*time.Minute + 30*time.Second)); len(got) != 0 {
		t.Fatalf("a leased timer fired again within its lease: %v", got)
	}
	if got := due(now.Add(4*time.Minute + time.Second)); len(got) != 1 {
		t.Fatalf("a timer whose lease ran out did not fire again (a crashed handler): %v", got)
	}
	s.Version, s.Handoff.Due = 1, now.Add(10*time.Minute)
	e.commit(e.s, bot.Commit{Texter: tx, Session: s})
	if got := due(now.Add(9 * time.Minute)); len(got) != 0 {
		t.Fatalf("the commit did not move the timer to Due: %v", got)
	}
	s.Version, s.Handoff.Due = 2, time.Time{}
	e.commit(e.s, bot.Commit{Texter: tx, Session: s})
	if got := due(now.Add(time.Hour)); len(got) != 0 {
		t.Fatalf("a commit without Due left the timer: %v", got)
	}
}

// testTimersOneClaimant: clients asking for due timers at once get each timer once.
func testTimersOneClaimant(t *testing.T, e *env) {
	const n = 8
	for i := range n {
		number := fmt.Sprintf("+1555000%04d", i)
		e.commit(e.s, bot.Commit{Texter: e.texter(number), Session: e.handoffSession(number)})
	}
	at := e.clock.Now().Add(5 * time.Minute)
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 6 {
		c := e.client()
		wg.Go(func() {
			got, err := c.DueTimers(e.ctx, at, time.Minute, 3)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			for _, tx := range got {
				seen[tx]++
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	for tx, k := range seen {
		if k != 1 {
			t.Errorf("timer of %s handed out %d times", tx[:6], k)
		}
	}
	if len(seen) != n {
		t.Errorf("%d of %d due timers handed out", len(seen), n)
	}
}

func testClaimed(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	s := e.handoffSession("+15550001111")
	e.commit(e.s, bot.Commit{Texter: tx, Session: s})
	if got, err := e.s.Claimed(e.ctx); err != nil || len(got) != 0 {
		t.Fatalf("an unclaimed handoff listed as claimed: %v, %v", got, err)
	}
	s.Version, s.Handoff.Owner, s.Handoff.Claimed = 1, "U0STAFF001", e.clock.Now()
	e.commit(e.s, bot.Commit{Texter: tx, Session: s})
	if got, err := e.client().Claimed(e.ctx); err != nil || !reflect.DeepEqual(got, []string{tx}) {
		t.Fatalf("Claimed = %v, %v; want the texter", got, err)
	}
	s.Version, s.Handoff = 2, nil
	e.commit(e.s, bot.Commit{Texter: tx, Session: s, Closed: deskThread})
	if got, _ := e.s.Claimed(e.ctx); len(got) != 0 {
		t.Fatalf("an ended handoff is still claimed: %v", got)
	}
}

func testLedger(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	e.commit(e.s, bot.Commit{Texter: tx, Session: e.handoffSession("+15550001111")})
	state := func(s Store) (string, bot.LedgerState) {
		t.Helper()
		v, st, err := s.Ledger(e.ctx, tx, "post:K7QF-1-1")
		if err != nil {
			t.Fatal(err)
		}
		return v, st
	}
	if _, st := state(e.s); st != bot.LedgerNone {
		t.Fatalf("a new key is %v", st)
	}
	if err := e.s.BeginLedger(e.ctx, tx, "post:K7QF-1-1"); err != nil {
		t.Fatal(err)
	}
	if _, st := state(e.client()); st != bot.LedgerBegun {
		t.Fatalf("a begun key is %v", st)
	}
	if err := e.s.SetLedger(e.ctx, tx, "post:K7QF-1-1", "C1:171.1"); err != nil {
		t.Fatal(err)
	}
	if err := e.s.BeginLedger(e.ctx, tx, "post:K7QF-1-1"); err != nil {
		t.Fatal(err)
	}
	if v, st := state(e.s); st != bot.LedgerDone || v != "C1:171.1" {
		t.Fatalf("after done and a late Begin: %q %v; want done with the value", v, st)
	}
}

func testEraseDesk(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	s := e.handoffSession("+15550001111")
	s.Handoff.Owner, s.Handoff.Claimed = "U0STAFF001", e.clock.Now()
	e.commit(e.s, bot.Commit{Texter: tx, Session: s})
	if err := e.s.SetLedger(e.ctx, tx, "post:K7QF-1-1", "C1:171.1"); err != nil {
		t.Fatal(err)
	}
	e.commit(e.s, bot.Commit{Texter: tx, Session: bot.Session{Texter: tx, Version: 1}, Erase: true, Closed: deskThread})
	if _, st, _ := e.s.Ledger(e.ctx, tx, "post:K7QF-1-1"); st != bot.LedgerNone {
		t.Error("erasure left the ledger")
	}
	if got, _ := e.s.Claimed(e.ctx); len(got) != 0 {
		t.Error("erasure left the claim")
	}
	if got, _ := e.s.DueTimers(e.ctx, e.clock.Now().Add(time.Hour), time.Minute, 10); len(got) != 0 {
		t.Error("erasure left the timer")
	}
	if got, open, err := e.s.LookupThread(e.ctx, deskThread); err != nil || open || got != "" {
		t.Errorf("the erased texter's thread looked up as %q, %v, %v; want closed without a texter", got, open, err)
	}
}

func testSentRef(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM1", Session: bot.Session{Texter: tx, Address: "+15550001111"}})
	ref := bot.SentRef{Texter: tx, Thread: deskThread, Handoff: "K7QF-1-1", TS: "1772443900.000100"}
	if err := e.s.RememberSent(e.ctx, "SM0001", ref); err != nil {
		t.Fatal(err)
	}
	got, ok, err := e.client().SentRef(e.ctx, "SM0001")
	if err != nil || !ok || got != ref {
		t.Fatalf("SentRef = %+v, %v, %v; want %+v", got, ok, err, ref)
	}
	if _, ok, err := e.s.SentRef(e.ctx, "SM0002"); ok || err != nil {
		t.Fatalf("an unknown sid: %v, %v", ok, err)
	}
	// Erasure forgets the texter's sent SMS, and nothing is recorded for them afterwards.
	snap := e.load(e.s, tx, "")
	e.commit(e.s, bot.Commit{Texter: tx, Session: snap.Session, Erase: true})
	if _, ok, err := e.client().SentRef(e.ctx, "SM0001"); ok || err != nil {
		t.Fatalf("after erasure the sent SMS is still known: %v, %v", ok, err)
	}
	if err := e.s.RememberSent(e.ctx, "SM0003", ref); !errors.Is(err, bot.ErrConversationGone) {
		t.Fatalf("recording an SMS of an erased texter: %v", err)
	}
}

// testLedgerAfterErasure: work that was in flight when the texter erased their data records
// nothing after it.
func testLedgerAfterErasure(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM1", Session: bot.Session{Texter: tx, Address: "+15550001111"}})
	if err := e.s.BeginLedger(e.ctx, tx, "post:x"); err != nil {
		t.Fatal(err)
	}
	snap := e.load(e.s, tx, "")
	e.commit(e.s, bot.Commit{Texter: tx, Session: snap.Session, Erase: true})
	if err := e.client().SetLedger(e.ctx, tx, "post:x", "C1:1.2"); !errors.Is(err, bot.ErrConversationGone) {
		t.Fatalf("SetLedger after erasure: %v", err)
	}
	if err := e.s.BeginLedger(e.ctx, tx, "post:y"); !errors.Is(err, bot.ErrConversationGone) {
		t.Fatalf("BeginLedger after erasure: %v", err)
	}
	if _, state, err := e.s.Ledger(e.ctx, tx, "post:x"); state != bot.LedgerNone || err != nil {
		t.Fatalf("the ledger after erasure: %v, %v", state, err)
	}
}

func testLease(t *testing.T, e *env) {
	first, err := e.s.Lease(e.ctx, "reconcile", time.Minute)
	if err != nil || !first {
		t.Fatalf("the first lease: %v, %v", first, err)
	}
	if again, err := e.client().Lease(e.ctx, "reconcile", time.Minute); err != nil || again {
		t.Fatalf("a second lease while the first holds: %v, %v", again, err)
	}
	if err := e.client().ReleaseLease(e.ctx, "reconcile"); err != nil {
		t.Fatal(err)
	}
	if again, err := e.s.Lease(e.ctx, "reconcile", time.Minute); err != nil || !again {
		t.Fatalf("the lease after it was given back: %v, %v", again, err)
	}
}
