package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

// memSpool is a bot.Spool in memory.
type memSpool struct {
	mu   sync.Mutex
	kept []bot.Spooled
}

func (s *memSpool) Put(_ context.Context, m bot.Spooled) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kept = append(s.kept, m)
	return nil
}

func (s *memSpool) Waiting() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.kept) }

func (s *memSpool) Flush(_ context.Context, fn func([]bot.Spooled) error) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.kept) == 0 {
		return 0, nil
	}
	if err := fn(s.kept); err != nil {
		return 0, err
	}
	n := len(s.kept)
	s.kept = nil
	return n, nil
}

var errDown = errors.New("connection refused")

// replicas returns two bots (two replicas), each with its own spool, on one memory store that
// fails while *down is true; the store is also their backlog.
func replicas(t *testing.T) (a, b *bot.Bot, store *memory.Store, clock *bottest.Clock, down *bool) {
	t.Helper()
	b1, _, clock := newBot(t)
	store = memory.New(clock)
	down = new(bool)
	var mu sync.Mutex
	failing := func() bool { mu.Lock(); defer mu.Unlock(); return *down }
	mk := func(proto *bot.Bot) *bot.Bot {
		fs := &bottest.Store{Store: store,
			LoadFn: func(ctx context.Context, texter, id string) (bot.Snapshot, error) {
				if failing() {
					return bot.Snapshot{}, errDown
				}
				return store.Load(ctx, texter, id)
			}}
		return &bot.Bot{Engine: proto.Engine, Store: fs, Keys: proto.Keys, Clock: clock, IDs: proto.IDs,
			Spool: &memSpool{}, Backlog: failingBacklog{store, failing}, Settle: 50 * time.Millisecond, Log: slog.New(slog.DiscardHandler)}
	}
	return mk(b1), mk(b1), store, clock, down
}

// failingBacklog is a bot.Backlog that fails while down() is true, as the store does.
type failingBacklog struct {
	bot.Backlog
	down func() bool
}

func (f failingBacklog) Defer(ctx context.Context, ms []bot.Deferred, due time.Time) error {
	if f.down() {
		return errDown
	}
	return f.Backlog.Defer(ctx, ms, due)
}

// effects drains the store's outbox and returns the kinds applied, in order.
func effects(t *testing.T, store *memory.Store, clock bot.Clock) []bot.Effect {
	t.Helper()
	var got []bot.Effect
	w := &bot.Worker{Outbox: store, Clock: clock, Consumer: "w", Log: slog.New(slog.DiscardHandler),
		Applier: bot.ApplierFunc(func(_ context.Context, e bot.Effect) error { got = append(got, e); return nil })}
	if _, err := w.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBot_Spool(t *testing.T) {
	ctx := context.Background()
	a, _, _, clock, down := replicas(t)
	*down = true
	out := a.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550007777", Body: "hi"})
	sp := a.Spool.(*memSpool)
	if !out.FailSafe || !out.Spooled || len(sp.kept) != 1 || !sp.kept[0].Received.Equal(clock.Now()) {
		t.Fatalf("a store failure must spool the message: %+v, %d kept", out, len(sp.kept))
	}
	if n, err := a.MoveSpool(ctx); err == nil || n != 0 || sp.Waiting() != 1 {
		t.Fatalf("while the store fails the spool stays: %d, %v", n, err)
	}
	*down = false
	if n, err := a.MoveSpool(ctx); err != nil || n != 1 || sp.Waiting() != 0 {
		t.Fatalf("once the store is back the spool moves: %d, %v", n, err)
	}
}

func TestBot_ConflictsNotSpooled(t *testing.T) {
	ctx := context.Background()
	b, store, _ := newBot(t)
	sp := &memSpool{}
	b.Spool = sp
	// A conflict storm is the store working, not failing: the message is not spooled.
	store.CommitFn = func(context.Context, bot.Commit) error { return bot.ErrConflict }
	out := b.Handle(ctx, bot.Inbound{ID: "SM1", From: "+15550009999", Body: "hi"})
	if !out.FailSafe || out.Spooled || len(sp.kept) != 0 {
		t.Fatalf("conflicts are not a store failure: %+v", out)
	}
}

// TestBot_BacklogInOrder: a texter's messages spooled on two replicas during an outage, then a
// live message to the replica that has not moved its spool yet. The live message waits for the
// other replica's spool and is answered as the fifth step of the tip walk, after the four
// spooled ones were handled in the order they arrived.
func TestBot_BacklogInOrder(t *testing.T) {
	ctx := context.Background()
	a, b, store, clock, down := replicas(t)
	*down = true
	from := "+15550005555"
	steps := []struct {
		r    *bot.Bot
		body string
	}{{a, "hi"}, {b, "2"}, {a, "Houston, TX"}, {b, "a van at the motel"}}
	for i, s := range steps {
		if out := s.r.Handle(ctx, bot.Inbound{ID: "SM" + string(rune('1'+i)), From: from, Body: s.body}); !out.Spooled {
			t.Fatalf("message %d was not spooled: %+v", i+1, out)
		}
		clock.Advance(time.Second)
	}
	*down = false
	time.Sleep(300 * time.Millisecond) // past the replicas' quiet time after a failure
	answer := make(chan bot.Outcome)
	go func() { answer <- b.Handle(ctx, bot.Inbound{ID: "SM5", From: from, Body: "last night"}) }()
	time.Sleep(10 * time.Millisecond) // b moved its spool and waits; now a notices the store is back
	if n, err := a.MoveSpool(ctx); err != nil || n != 2 {
		t.Fatalf("a moved %d, %v", n, err)
	}
	out := <-answer
	if out.FailSafe || len(out.Replies) == 0 || !strings.Contains(strings.Join(out.Replies, " "), "involved") {
		t.Fatalf("the live message was not answered as the step after the four spooled ones: %+v", out)
	}
	for _, e := range effects(t, store, clock) {
		if e.Kind == bot.LateReply {
			t.Errorf("the texter wrote again: no late reply is due, got %q", e.Text)
		}
	}
	// The four spooled messages got the fail-safe reply; the live one that joined them did not.
	days, err := store.Stats(ctx, clock.Now(), clock.Now())
	if err != nil || days[0].Counts[bot.StatFailSafe] != 4 || days[0].Counts[bot.StatConversations] != 1 {
		t.Fatalf("counters after the backlog: %v, %v; want 4 fail-safe replies and 1 conversation", days, err)
	}
}

// TestBot_DrainBacklog: without a new message from the texter, the backlog is drained once due,
// in order, and only the answer to the last message goes out late, if it is recent.
func TestBot_DrainBacklog(t *testing.T) {
	ctx := context.Background()
	a, b, store, clock, down := replicas(t)
	*down = true
	a.Handle(ctx, bot.Inbound{ID: "SMold", From: "+15550006666", Body: "hi"})
	clock.Advance(bot.SilenceLimit + time.Minute)
	for i, body := range []string{"hi", "2", "Houston, TX"} {
		[]*bot.Bot{a, b}[i%2].Handle(ctx, bot.Inbound{ID: "SMnew" + body, From: "+15550007777", Body: body})
		clock.Advance(time.Second)
	}
	*down = false
	for _, r := range []*bot.Bot{a, b} {
		if _, err := r.MoveSpool(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := b.DrainBacklog(ctx); n != 0 {
		t.Fatalf("drained %d texters before the backlog was due", n)
	}
	clock.Advance(time.Second)
	if n, err := b.DrainBacklog(ctx); err != nil || n != 2 {
		t.Fatalf("drained %d texters, %v; want 2", n, err)
	}
	var late []string
	for _, e := range effects(t, store, clock) {
		if e.Kind == bot.LateReply {
			late = append(late, e.Text)
		}
	}
	if len(late) != 1 || !strings.Contains(late[0], "What happened") {
		t.Fatalf("late replies %q; want one, the question after the place", late)
	}
	if n, _ := a.DrainBacklog(ctx); n != 0 {
		t.Fatalf("a drained backlog was drained again: %d", n)
	}
}
