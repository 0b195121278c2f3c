package bot_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

// mapLedger is a LedgerStore in a map; gone makes every write fail as after an erasure.
type mapLedger struct {
	mu   sync.Mutex
	recs map[string]bot.LedgerRecord
	gone bool
}

func (m *mapLedger) Ledger(_ context.Context, texter, key string) (string, bot.LedgerState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.recs[texter+"|"+key]
	return r.Value, r.State, nil
}

func (m *mapLedger) BeginLedger(_ context.Context, texter, key string) error {
	return m.write(texter, key, func(r *bot.LedgerRecord) {
		if r.State == bot.LedgerNone {
			r.State = bot.LedgerBegun
		}
	})
}

func (m *mapLedger) SetLedger(_ context.Context, texter, key, value string) error {
	return m.write(texter, key, func(r *bot.LedgerRecord) { *r = bot.LedgerRecord{State: bot.LedgerDone, Value: value} })
}

func (m *mapLedger) ForgetLedger(_ context.Context, texter, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.recs, texter+"|"+key)
	return nil
}

func (m *mapLedger) write(texter, key string, f func(*bot.LedgerRecord)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gone {
		return bot.ErrConversationGone
	}
	if m.recs == nil {
		m.recs = map[string]bot.LedgerRecord{}
	}
	r := m.recs[texter+"|"+key]
	f(&r)
	m.recs[texter+"|"+key] = r
	return nil
}

func TestLedger(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		l := bot.NewLedger(&mapLedger{})
		for i, want := range []bot.LedgerRecord{{State: bot.LedgerNone}, {State: bot.LedgerBegun}} {
			if got, err := l.Begin(ctx, "t1", "sms:1"); err != nil || got != want {
				t.Fatalf("Begin #%d = %+v, %v; want %+v", i+1, got, err, want)
			}
		}
		if err := l.Done(ctx, "t1", "sms:1", "SM1"); err != nil {
			t.Fatal(err)
		}
		done := bot.LedgerRecord{State: bot.LedgerDone, Value: "SM1"}
		if got, err := l.Begin(ctx, "t1", "sms:1"); err != nil || got != done {
			t.Fatalf("Begin after Done = %+v, %v", got, err)
		}
		if got, _ := l.Check(ctx, "t1", "sms:1"); got != done {
			t.Fatalf("Check after Done = %+v", got)
		}
		if got, _ := l.Check(ctx, "t2", "sms:1"); got.State != bot.LedgerNone {
			t.Fatalf("another texter's key: %+v", got)
		}
	})
	t.Run("Forget", func(t *testing.T) {
		l := bot.NewLedger(&mapLedger{})
		l.Begin(ctx, "t1", "sms:1")
		if err := l.Forget(ctx, "t1", "sms:1"); err != nil {
			t.Fatal(err)
		}
		if got, _ := l.Begin(ctx, "t1", "sms:1"); got.State != bot.LedgerNone {
			t.Fatalf("a forgotten key begins again from none: %+v", got)
		}
	})
	t.Run("ErrConversationGone", func(t *testing.T) {
		store := &mapLedger{}
		l := bot.NewLedger(store)
		l.Begin(ctx, "t1", "post:x")
		store.gone = true
		if _, err := l.Begin(ctx, "t1", "post:y"); !errors.Is(err, bot.ErrConversationGone) {
			t.Fatalf("Begin after erasure: %v", err)
		}
		if err := l.Done(ctx, "t1", "post:x", "C1:1.2"); !errors.Is(err, bot.ErrConversationGone) {
			t.Fatalf("Done after erasure: %v", err)
		}
	})
}

// crashingSender is a provider a worker dies while talking to: it panics, after taking the SMS
// when sent is true.
type crashingSender struct {
	fakeSender
	sent bool
}

func (c *crashingSender) Send(ctx context.Context, to, body, key string) (string, error) {
	if c.sent {
		c.fakeSender.Send(ctx, to, body, key)
	}
	panic("the worker died")
}

// crashIn applies e with a and swallows the simulated crash.
func crashIn(t *testing.T, a *bot.SMSApplier, e bot.Effect) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Fatal("the crash simulation did not crash")
		}
	}()
	a.Apply(context.Background(), e)
}

// TestLedger_SMSCrashPoints: the crash points of Ledger's contract for an SMS: a crash between
// Begin and the send, between the send and Done, and between Done and the ack never sends twice;
// staff are told "may not have been sent" when it cannot be known.
func TestLedger_SMSCrashPoints(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		sent bool // whether the provider took the SMS before the crash
	}{{"BeforeSend", false}, {"AfterSend", true}} {
		t.Run(tc.name, func(t *testing.T) {
			r := newDeskRig(t, monday)
			send := ownerReply(t, r, "Hello")
			crashed := &crashingSender{sent: tc.sent}
			crashIn(t, &bot.SMSApplier{Desk: r.d, Sender: crashed}, send)
			fs := &fakeSender{}
			if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, send); err != nil || len(fs.sent) != 0 {
				t.Fatalf("the retry sent %q, %v", fs.sent, err)
			}
			note := find(r.drain(), bot.DeskNote)
			if note == nil || note.Offer != bot.OfferResend {
				t.Fatal("the owner was not told it may not have been sent")
			}
			if want := map[bool]int{false: 0, true: 1}[tc.sent]; len(crashed.fakeSender.sent) != want {
				t.Fatalf("%d SMS went out, want %d", len(crashed.fakeSender.sent), want)
			}
		})
	}
	t.Run("AfterDone", func(t *testing.T) {
		r := newDeskRig(t, monday)
		send := ownerReply(t, r, "Hello")
		l := bot.NewLedger(r.store)
		if _, err := l.Begin(ctx, send.Texter, send.Key); err != nil {
			t.Fatal(err)
		}
		if err := l.Done(ctx, send.Texter, send.Key, "SM0001"); err != nil { // then the worker died
			t.Fatal(err)
		}
		fs := &fakeSender{}
		if err := (&bot.SMSApplier{Desk: r.d, Sender: fs}).Apply(ctx, send); err != nil || len(fs.sent) != 0 {
			t.Fatalf("the retry sent %q, %v", fs.sent, err)
		}
		if react := find(r.drain(), bot.DeskReaction); react == nil || react.Text != bot.ReactionSent {
			t.Fatal("the retry did not report the SMS as sent")
		}
		if ref, ok, err := r.store.SentRef(ctx, "SM0001"); err != nil || !ok || ref.TS != send.TS {
			t.Fatalf("the status callbacks' record: %+v %v %v", ref, ok, err)
		}
	})
}
