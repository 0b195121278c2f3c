package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunSession tests sessions, compare-and-set, dedupe, opt-outs and erasure.
func RunSession(t *testing.T, open Open) {
	t.Run("EmptyLoad", func(t *testing.T) { testEmptyLoad(t, newEnv(t, open)) })
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, newEnv(t, open)) })
	t.Run("Conflict", func(t *testing.T) { testConflict(t, newEnv(t, open)) })
	t.Run("Duplicate", func(t *testing.T) { testDuplicate(t, newEnv(t, open)) })
	t.Run("EmptyMessageID", func(t *testing.T) { testEmptyMessageID(t, newEnv(t, open)) })
	t.Run("OptOut", func(t *testing.T) { testOptOut(t, newEnv(t, open)) })
	t.Run("Erase", func(t *testing.T) { testErase(t, newEnv(t, open)) })
	t.Run("Isolation", func(t *testing.T) { testIsolation(t, newEnv(t, open)) })
}

// FullSession returns a session with every field set, times at whole milliseconds.
func FullSession(texter, number string, at time.Time) bot.Session {
	return bot.Session{
		Texter: texter, Address: number, Channel: bot.ChannelSMS, Alias: "K7QF", Lang: "es",
		Flow: "tip", State: "tip.where", Tries: 2, Answers: map[string]string{"what": "un coche azul", "when": "ayer"},
		Urgent: true,
		Handoff: &bot.Handoff{Queue: "general", Urgent: true, Opened: at.Add(-time.Minute), Ref: "K7QF-m7x2-3",
			Thread: bot.Thread{Channel: "C0NATION01", TS: "1772443800.000100"}, Owner: "U0STAFF001",
			Claimed: at.Add(-30 * time.Second), Due: at.Add(7 * time.Minute), Escalated: true,
			Held: &bot.Held{TS: "1772443900.000200", User: "U0STAFF001", Text: "Are you safe to talk?"}, Tip: "TIP-2AAAAB",
			Warned: true, MayText: true,
			Unsure: []bot.Held{{TS: "1772443950.000300", User: "U0STAFF001", Text: "Call us back", Again: 1}}},
		Pending: bot.PendingPerson, Plea: "no puedo salir", Skip: "tip.what",
		Threads: []bot.Thread{{Channel: "C0NATION01", TS: "1772440000.000100"}, {Channel: "C0TIPS0001", TS: "1772441000.000100"}},
		Started: at.Add(-time.Hour), LastInbound: at, Updated: at,
	}
}

func testEmptyLoad(t *testing.T, e *env) {
	snap := e.load(e.s, e.texter("+15550001111"), "SM1")
	if snap.Done || snap.Replies != nil || snap.Session.Version != 0 || snap.Session.OptedOut || snap.Session.State != "" {
		t.Fatalf("a new texter loaded %+v", snap)
	}
}

func testRoundTrip(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	want := FullSession(tx, "+15550001111", e.clock.Now())
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM1", Session: want, Replies: []string{"one", "two"}})
	got := e.load(e.s, tx, "")
	want.Version = 1
	if !SameSession(got.Session, want) {
		t.Fatalf("loaded\n%+v\nwant\n%+v", got.Session, want)
	}
	other := e.client()
	if got2 := e.load(other, tx, ""); !SameSession(got2.Session, want) {
		t.Fatalf("another client loaded\n%+v\nwant\n%+v", got2.Session, want)
	}
	next := got.Session
	next.State, next.Answers, next.Handoff = "main.welcome", nil, nil
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM2", Session: next})
	if got := e.load(e.s, tx, ""); got.Session.Version != 2 || got.Session.State != "main.welcome" || got.Session.Handoff != nil || len(got.Session.Answers) != 0 {
		t.Fatalf("after a second commit loaded %+v", got.Session)
	}
}

func testConflict(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	s := bot.Session{Texter: tx, Address: "+15550001111", State: "main.welcome"}
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM1", Session: s})
	stale := s // Version 0, but 1 is stored
	err := e.s.Commit(e.ctx, bot.Commit{Texter: tx, MessageID: "SM2", Session: stale, Replies: []string{"x"},
		Effects: []bot.Effect{texterMessage(tx, "", time.Time{}, "lost")}})
	if !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("a stale commit returned %v, want ErrConflict", err)
	}
	if snap := e.load(e.s, tx, "SM2"); snap.Done || snap.Session.Version != 1 {
		t.Fatalf("a conflicting commit wrote something: %+v", snap)
	}
	if n := len(e.drain(e.s, "c")); n != 0 {
		t.Fatalf("a conflicting commit queued %d effects", n)
	}
}

func testDuplicate(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	s := bot.Session{Texter: tx, Address: "+15550001111", State: "main.welcome"}
	replies := []string{"first reply", "second reply"}
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM1", Session: s, Replies: replies,
		Effects: []bot.Effect{texterMessage(tx, "", time.Time{}, "hello")}})
	snap := e.load(e.client(), tx, "SM1")
	if !snap.Done || !reflect.DeepEqual(snap.Replies, replies) {
		t.Fatalf("a duplicate loaded Done=%v Replies=%q, want the first replies", snap.Done, snap.Replies)
	}
	s.Version = 1
	err := e.s.Commit(e.ctx, bot.Commit{Texter: tx, MessageID: "SM1", Session: s, Replies: []string{"other"},
		Effects: []bot.Effect{texterMessage(tx, "", time.Time{}, "again")}})
	if !errors.Is(err, bot.ErrDuplicate) {
		t.Fatalf("committing a handled message returned %v, want ErrDuplicate", err)
	}
	if got := e.load(e.s, tx, "SM1"); got.Session.Version != 1 || !reflect.DeepEqual(got.Replies, replies) {
		t.Fatalf("the duplicate changed the store: %+v", got)
	}
	if got := e.drain(e.s, "c"); len(got) != 1 || got[0].Effect.Text != "hello" {
		t.Fatalf("outbox holds %d effects, want only the first message's", len(got))
	}
}

func testEmptyMessageID(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	s := bot.Session{Texter: tx, State: "main.welcome"}
	e.commit(e.s, bot.Commit{Texter: tx, Session: s, Replies: []string{"r"}})
	s.Version = 1
	e.commit(e.s, bot.Commit{Texter: tx, Session: s, Replies: []string{"r"}})
	if snap := e.load(e.s, tx, ""); snap.Done || snap.Session.Version != 2 {
		t.Fatalf("an empty message id deduplicated: %+v", snap)
	}
}

func testOptOut(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	s := bot.Session{Texter: tx, OptedOut: true}
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM1", Session: s})
	if snap := e.load(e.client(), tx, ""); !snap.Session.OptedOut {
		t.Fatal("the opt-out was not kept")
	}
	s.Version = 1
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM2", Session: s, Erase: true})
	if snap := e.load(e.s, tx, ""); !snap.Session.OptedOut || snap.Session.Version != 0 {
		t.Fatalf("after erasure loaded %+v; want no session but the opt-out", snap.Session)
	}
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM3", Session: bot.Session{Texter: tx}})
	if snap := e.load(e.s, tx, ""); snap.Session.OptedOut {
		t.Fatal("opting back in did not clear the opt-out")
	}
}

func testErase(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	s := FullSession(tx, "+15550001111", e.clock.Now())
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM1", Session: s, Replies: []string{"r1"}})
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM2", Session: bot.Session{Texter: tx, Version: 1}, Erase: true,
		Effects: []bot.Effect{erased(tx)}})
	snap := e.load(e.s, tx, "SM1")
	if snap.Done || snap.Session.Version != 0 || snap.Session.Address != "" || snap.Session.OptedOut {
		t.Fatalf("after erasure loaded %+v", snap)
	}
	if snap := e.load(e.s, tx, "SM2"); snap.Done {
		t.Fatal("the erasing message left a dedupe record")
	}
	got := e.drain(e.s, "c")
	if len(got) != 1 || got[0].Effect.Kind != bot.Erased {
		t.Fatalf("outbox holds %d effects, want the Erased effect", len(got))
	}
}

func testIsolation(t *testing.T, e *env) {
	a, b := e.texter("+15550001111"), e.texter("+15550002222")
	e.commit(e.s, bot.Commit{Texter: a, MessageID: "SMa", Session: bot.Session{Texter: a, Address: "+15550001111", State: "main.welcome"}})
	if snap := e.load(e.s, b, ""); snap.Session.Version != 0 || snap.Session.Address != "" {
		t.Fatalf("texter b loaded texter a's session: %+v", snap.Session)
	}
	e.commit(e.s, bot.Commit{Texter: b, Session: bot.Session{Texter: b, OptedOut: true}})
	if snap := e.load(e.s, a, ""); snap.Session.OptedOut {
		t.Fatal("texter b's opt-out reached texter a")
	}
}

// SameSession compares sessions, times by instant.
func SameSession(a, b bot.Session) bool {
	ta := []time.Time{a.Started, a.LastInbound, a.Updated}
	tb := []time.Time{b.Started, b.LastInbound, b.Updated}
	for i := range ta {
		if !ta[i].Equal(tb[i]) {
			return false
		}
	}
	if !SameHandoff(a.Handoff, b.Handoff) {
		return false
	}
	if len(a.Answers) != len(b.Answers) || (len(a.Answers) > 0 && !reflect.DeepEqual(a.Answers, b.Answers)) {
		return false
	}
	a.Started, a.LastInbound, a.Updated, a.Handoff, a.Answers = time.Time{}, time.Time{}, time.Time{}, nil, nil
	b.Started, b.LastInbound, b.Updated, b.Handoff, b.Answers = time.Time{}, time.Time{}, time.Time{}, nil, nil
	return reflect.DeepEqual(a, b)
}

// SameHandoff compares handoffs, times by instant.
func SameHandoff(a, b *bot.Handoff) bool {
	if a == nil || b == nil {
		return a == b
	}
	if !a.Opened.Equal(b.Opened) || !a.Claimed.Equal(b.Claimed) || !a.Due.Equal(b.Due) {
		return false
	}
	if (a.Held == nil) != (b.Held == nil) || (a.Held != nil && *a.Held != *b.Held) {
		return false
	}
	if len(a.Unsure) != len(b.Unsure) || (len(a.Unsure) > 0 && !reflect.DeepEqual(a.Unsure, b.Unsure)) {
		return false
	}
	x, y := *a, *b
	x.Opened, x.Claimed, x.Due, x.Held, x.Unsure = time.Time{}, time.Time{}, time.Time{}, nil, nil
	y.Opened, y.Claimed, y.Due, y.Held, y.Unsure = time.Time{}, time.Time{}, time.Time{}, nil, nil
	return reflect.DeepEqual(x, y)
}
