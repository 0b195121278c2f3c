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

// shardIDs is an outbox whose entry ids, like Redis stream ids, are unique only within a shard:
// each shard numbers its entries 1, 2, 3...
type shardIDs struct {
	*memory.Store
	mu   sync.Mutex
	next map[int]int
	fake map[string]string // the store's id → the id shown
	real map[string]string // shard/shown id → the store's id
}

func (o *shardIDs) show(shard int, id string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if f, ok := o.fake[id]; ok {
		return f
	}
	o.next[shard]++
	f := fmt.Sprint(o.next[shard])
	o.fake[id], o.real[fmt.Sprint(shard, "/", f)] = f, id
	return f
}

func (o *shardIDs) storeID(shard int, id string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.real[fmt.Sprint(shard, "/", id)]
}

func (o *shardIDs) Claim(ctx context.Context, shard int, consumer string, max int, minIdle time.Duration) ([]bot.OutboxEntry, error) {
	es, err := o.Store.Claim(ctx, shard, consumer, max, minIdle)
	for i := range es {
		es[i].ID = o.show(shard, es[i].ID)
	}
	return es, err
}

func (o *shardIDs) Ack(ctx context.Context, shard int, ids ...string) error {
	for i := range ids {
		ids[i] = o.storeID(shard, ids[i])
	}
	return o.Store.Ack(ctx, shard, ids...)
}

func (o *shardIDs) Requeue(ctx context.Context, e bot.OutboxEntry) error {
	e.ID = o.storeID(e.Shard, e.ID)
	return o.Store.Requeue(ctx, e)
}

func (o *shardIDs) DeadLetter(ctx context.Context, e bot.OutboxEntry, reason string) error {
	e.ID = o.storeID(e.Shard, e.ID)
	return o.Store.DeadLetter(ctx, e, reason)
}

// TestWorker_FarEndRecovers_sameIDsInTwoShards: entries of two shards with the same id (as two
// Redis streams give) are two entries to the circuit: the probe that succeeds for one does not
// wipe the other's failure, so both go within one probe interval of the far end's return, not the
// second after its own backoff of minutes.
func TestWorker_FarEndRecovers_sameIDsInTwoShards(t *testing.T) {
	ctx := context.Background()
	clock := bottest.NewClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	store := memory.New(clock)
	out := &shardIDs{Store: store, next: map[int]int{}, fake: map[string]string{}, real: map[string]string{}}
	ap := &farEnds{down: map[string]bool{"sms": true}, applied: map[string]int{}, triesOf: map[string]int{}}
	w := &bot.Worker{Outbox: out, Applier: ap, Clock: clock, Consumer: "w", Log: slog.New(slog.DiscardHandler),
		Target: func(k bot.EffectKind) string { return target(k) }, Random: func() float64 { return 0.99 }}
	texters := []string{"texter00"}
	for i := 1; len(texters) < 2; i++ {
		if tx := fmt.Sprintf("texter%02d", i); bot.ShardOf(tx, store.Shards()) != bot.ShardOf(texters[0], store.Shards()) {
			texters = append(texters, tx)
		}
	}
	for _, tx := range texters {
		if err := store.Commit(ctx, bot.Commit{Texter: tx, Session: bot.Session{Texter: tx},
			Effects: []bot.Effect{{Kind: bot.StaffReply, Texter: tx, Text: "reply to " + tx, At: clock.Now()}}}); err != nil {
			t.Fatal(err)
		}
	}
	for range 600 { // ten minutes of polls, one a second, while SMS is down
		w.Poll(ctx)
		clock.Advance(time.Second)
	}
	ap.mu.Lock()
	ap.down["sms"] = false
	ap.mu.Unlock()
	for range 6 {
		w.Poll(ctx)
		clock.Advance(time.Second)
	}
	for _, tx := range texters {
		if ap.applied["reply to "+tx] != 1 {
			t.Errorf("6 s after SMS came back, applied %v; both replies are due", ap.applied)
		}
	}
}
