package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunBot tests bot.Bot on the store: dedupe, order across replicas, bounded conflicts, and many
// writers on two clients.
func RunBot(t *testing.T, open Open) {
	t.Run("DuplicateDelivery", func(t *testing.T) { testDuplicateDelivery(t, newEnv(t, open)) })
	t.Run("TwoReplicasInOrder", func(t *testing.T) { testTwoReplicas(t, newEnv(t, open)) })
	t.Run("BoundedConflicts", func(t *testing.T) { testBoundedConflicts(t, newEnv(t, open)) })
	t.Run("Hammer", func(t *testing.T) { testHammer(t, newEnv(t, open)) })
}

func (e *env) handle(b *bot.Bot, id, from, body string) bot.Outcome {
	e.t.Helper()
	out := b.Handle(e.ctx, bot.Inbound{ID: id, From: from, Body: body})
	if out.FailSafe {
		e.t.Fatalf("message %s got the fail-safe reply", id)
	}
	return out
}

func testDuplicateDelivery(t *testing.T, e *env) {
	b1, b2 := e.newBot(e.s), e.newBot(e.client())
	first := e.handle(b1, "SM1", "+15550001111", "hello")
	e.handle(b1, "SM2", "+15550001111", "3")
	for i := range 5 {
		again := e.handle([]*bot.Bot{b1, b2}[i%2], "SM1", "+15550001111", "hello")
		if !again.Duplicate || !reflect.DeepEqual(again.Replies, first.Replies) || len(again.Effects) != 0 {
			t.Fatalf("redelivery %d: duplicate=%v replies=%q effects=%d; want the first replies and nothing new", i, again.Duplicate, again.Replies, len(again.Effects))
		}
	}
	if snap := e.load(e.s, e.texter("+15550001111"), ""); snap.Session.Version != 2 {
		t.Fatalf("version %d after two messages and five redeliveries", snap.Session.Version)
	}
}

// gate pauses the first Load of a replica until the test lets it go on.
type gate struct {
	Store
	once         sync.Once
	loaded, goOn chan struct{}
}

func newGate(s Store) *gate {
	return &gate{Store: s, loaded: make(chan struct{}), goOn: make(chan struct{})}
}

func (g *gate) Load(ctx context.Context, texter, id string) (bot.Snapshot, error) {
	snap, err := g.Store.Load(ctx, texter, id)
	g.once.Do(func() { close(g.loaded); <-g.goOn })
	return snap, err
}

// testTwoReplicas: texts A and B from one texter reach two replicas; both load the same version
// before either commits, A commits first. B must fail its compare-and-set, load again and apply
// on top of A: both applied, in order, nothing lost.
func testTwoReplicas(t *testing.T, e *env) {
	const number = "+15550001111"
	tx := e.texter(number)
	e.commit(e.s, bot.Commit{Texter: tx, Session: bot.Session{Texter: tx, Address: number, Alias: "ALIA", Lang: "en",
		Handoff: &bot.Handoff{Queue: "general"}}})
	g1, g2 := newGate(e.s), newGate(e.client())
	r1, r2 := e.newBot(g1), e.newBot(g2)
	outs := make(chan bot.Outcome, 2)
	go func() { outs <- r1.Handle(e.ctx, bot.Inbound{ID: "SMA", From: number, Body: "message A"}) }()
	<-g1.loaded
	go func() { outs <- r2.Handle(e.ctx, bot.Inbound{ID: "SMB", From: number, Body: "message B"}) }()
	<-g2.loaded
	close(g1.goOn)
	a := <-outs
	close(g2.goOn)
	b := <-outs
	if a.FailSafe || b.FailSafe {
		t.Fatal("a replica sent the fail-safe reply")
	}
	if snap := e.load(e.s, tx, ""); snap.Session.Version != 3 {
		t.Fatalf("version %d, want 3: an update was lost", snap.Session.Version)
	}
	if got := texts(e.drain(e.s, "c")); fmt.Sprint(got) != "[message A message B]" {
		t.Fatalf("staff would get %q, want A then B", got)
	}
}

// bumper makes every Commit of the Bot conflict: after each Load another writer commits.
type bumper struct {
	Store
	other Store
	t     *testing.T
}

func (b *bumper) Load(ctx context.Context, texter, id string) (bot.Snapshot, error) {
	snap, err := b.Store.Load(ctx, texter, id)
	cur, lerr := b.other.Load(ctx, texter, "")
	if lerr == nil {
		lerr = b.other.Commit(ctx, bot.Commit{Texter: texter, Session: cur.Session})
	}
	if lerr != nil {
		b.t.Errorf("the other writer failed: %v", lerr)
	}
	return snap, err
}

func testBoundedConflicts(t *testing.T, e *env) {
	const number = "+15550001111"
	b := e.newBot(&bumper{Store: e.s, other: e.client(), t: t})
	out := b.Handle(e.ctx, bot.Inbound{ID: "SM1", From: number, Body: "hello"})
	if !out.FailSafe || len(out.Replies) != 1 || out.Replies[0] != bot.FailSafeReply {
		t.Fatalf("endless conflicts answered %q, want the fail-safe reply", out.Replies)
	}
	snap := e.load(e.s, e.texter(number), "SM1")
	if snap.Done {
		t.Fatal("the message was marked done although it was never applied")
	}
	if snap.Session.Version != bot.DefaultAttempts {
		t.Fatalf("version %d, want %d bumps and nothing else", snap.Session.Version, bot.DefaultAttempts)
	}
	retry := e.handle(e.newBot(e.s), "SM1", number, "hello")
	if retry.Duplicate || len(retry.Replies) == 0 {
		t.Fatalf("the webhook's retry was not processed: %+v", retry)
	}
}

// testHammer: goroutines on two clients increment counters of a few texters with retries on
// conflict. Every increment must land exactly once, with its effect, in order.
func testHammer(t *testing.T, e *env) {
	const texters, workers, perWorker = 4, 16, 25
	clients := []Store{e.s, e.client()}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				number := fmt.Sprintf("+1555000%04d", (w+i)%texters)
				if err := increment(e, clients[w%2], number, fmt.Sprintf("w%d-%d", w, i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	groups := byTexter(e.drain(e.s, "c"))
	total := 0
	for i := range texters {
		tx := e.texter(fmt.Sprintf("+1555000%04d", i))
		snap := e.load(e.s, tx, "")
		n := int(snap.Session.Version)
		if snap.Session.Answers["n"] != strconv.Itoa(n) {
			t.Fatalf("texter %d: version %d but counter %s: a lost update", i, n, snap.Session.Answers["n"])
		}
		got := texts(groups[tx])
		for j, txt := range got {
			if txt != strconv.Itoa(j) {
				t.Fatalf("texter %d: effect %d is %q: effects lost, doubled or out of order", i, j, txt)
			}
		}
		if len(got) != n {
			t.Fatalf("texter %d: %d effects for %d commits", i, len(got), n)
		}
		total += n
	}
	if total != workers*perWorker {
		t.Fatalf("%d increments landed, want %d", total, workers*perWorker)
	}
}

// increment adds one to the texter's counter, retrying conflicts; the effect carries the old value.
func increment(e *env, s Store, number, id string) error {
	tx := e.texter(number)
	for {
		snap, err := s.Load(e.ctx, tx, id)
		if err != nil {
			return err
		}
		if snap.Done {
			return fmt.Errorf("message %s was never committed but is done", id)
		}
		sess := snap.Session
		n, _ := strconv.Atoi(sess.Answers["n"])
		sess.Texter, sess.Answers = tx, map[string]string{"n": strconv.Itoa(n + 1)}
		err = s.Commit(e.ctx, bot.Commit{Texter: tx, MessageID: id, Session: sess, Replies: []string{"ok"},
			Effects: []bot.Effect{texterMessage(tx, "", time.Time{}, strconv.Itoa(n))}})
		if !errors.Is(err, bot.ErrConflict) {
			return err
		}
	}
}
