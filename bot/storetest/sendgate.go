package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunSendGate tests the in-flight marks of SMS attempts (bot.SendGate): refused after an
// opt-out, seen by another client while in flight, gone after EndSend and after erasure; and
// bot.Bot's STOP waiting for an attempt in flight.
func RunSendGate(t *testing.T, open Open) {
	t.Run("Marks", func(t *testing.T) { testSendMarks(t, newEnv(t, open)) })
	t.Run("StopWaits", func(t *testing.T) { testStopWaits(t, newEnv(t, open)) })
}

func testSendMarks(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	a, b := e.s, e.client()
	begin := func(s Store, token string) bool {
		t.Helper()
		ok, err := s.BeginSend(e.ctx, tx, token, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	inFlight := func(s Store) bool {
		t.Helper()
		busy, err := s.SendsInFlight(e.ctx, tx)
		if err != nil {
			t.Fatal(err)
		}
		return busy
	}
	if inFlight(b) {
		t.Fatal("a new texter has an attempt in flight")
	}
	if !begin(a, "t1") || !begin(a, "t2") || !inFlight(b) {
		t.Fatal("marked attempts are not seen by another client")
	}
	if err := a.EndSend(e.ctx, tx, "t1"); err != nil || !inFlight(b) {
		t.Fatalf("one of two attempts ended: in flight %v, %v", inFlight(b), err)
	}
	if err := b.EndSend(e.ctx, tx, "t2"); err != nil || inFlight(a) {
		t.Fatalf("both ended: still in flight (%v)", err)
	}
	sess := bot.Session{Texter: tx, Address: "+15550001111", OptedOut: true}
	e.commit(a, bot.Commit{Texter: tx, MessageID: "SM1", Session: sess})
	if begin(b, "t3") || inFlight(a) {
		t.Fatal("an attempt was marked after the opt-out was committed")
	}
	other := e.texter("+15550002222")
	if ok, err := a.BeginSend(e.ctx, other, "t4", time.Minute); !ok || err != nil {
		t.Fatalf("another texter's attempt: %v, %v", ok, err)
	}
	snap := e.load(a, other, "")
	e.commit(a, bot.Commit{Texter: other, Session: snap.Session, Erase: true})
	if busy, err := b.SendsInFlight(e.ctx, other); busy || err != nil {
		t.Fatalf("erasure left an in-flight mark (%v)", err)
	}
}

func testStopWaits(t *testing.T, e *env) {
	const number = "+15550003333"
	b := e.newBot(e.s)
	if out := b.Handle(e.ctx, bot.Inbound{ID: "SM1", From: number, Body: "hi"}); out.FailSafe {
		t.Fatal("fail-safe")
	}
	end, err := b.BeginSend(e.ctx, bot.ChannelSMS, number)
	if err != nil {
		t.Fatal(err)
	}
	var ended sync.WaitGroup
	ended.Add(1)
	var endedAt time.Time
	go func() {
		time.Sleep(150 * time.Millisecond)
		endedAt = time.Now()
		end()
		ended.Done()
	}()
	other := e.newBot(e.client())
	out := other.Handle(context.Background(), bot.Inbound{ID: "SM2", From: number, Body: "STOP"})
	answered := time.Now()
	ended.Wait()
	if !out.OptedOut || answered.Before(endedAt) {
		t.Fatalf("the STOP was answered %v before the attempt in flight ended (opted out %v)", endedAt.Sub(answered), out.OptedOut)
	}
	if _, err := b.BeginSend(e.ctx, bot.ChannelSMS, number); err != bot.ErrRecipientOptedOut {
		t.Fatalf("an attempt after the STOP: %v", err)
	}
}
