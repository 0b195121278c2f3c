package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunBacklog checks the bot.Backlog half of the store: messages deferred by two replicas come
// back in arrival order, once each; Load tells a texter with a backlog; a texter is due only
// after its due time and then leased; handled messages leave, and with them the texter.
func RunBacklog(t *testing.T, open Open) {
	e := newEnv(t, open)
	r1, r2 := e.s, e.client()
	x, y := e.texter("+15550101001"), e.texter("+15550101002")
	msg := func(id, body string, at time.Duration) bot.Deferred {
		return bot.Deferred{Texter: x, Spooled: bot.Spooled{Received: Start.Add(at),
			Inbound: bot.Inbound{ID: id, From: "+15550101001", Body: body, Channel: bot.ChannelSMS}}}
	}
	due := Start.Add(2 * time.Second)
	if err := r1.Defer(e.ctx, []bot.Deferred{msg("SM3", "third", 3*time.Millisecond), msg("SM1", "first", time.Millisecond)}, due); err != nil {
		t.Fatal(err)
	}
	if err := r2.Defer(e.ctx, []bot.Deferred{msg("SM2", "second", 2*time.Millisecond), msg("SM1", "first again", time.Millisecond),
		msg("SM0", "tie", time.Millisecond)}, due.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if !e.load(r2, x, "").Deferred || e.load(r2, y, "").Deferred {
		t.Fatal("Load must tell the texter with a backlog, and only them")
	}
	waiting, when, err := r2.Waiting(e.ctx, x)
	var got []string
	for _, m := range waiting {
		got = append(got, m.Inbound.ID+":"+m.Inbound.Body)
		if m.Inbound.From != "+15550101001" || m.Inbound.Channel != bot.ChannelSMS {
			t.Errorf("message %s came back as %+v", m.Inbound.ID, m.Inbound)
		}
	}
	if err != nil || !slices.Equal(got, []string{"SM0:tie", "SM1:first", "SM2:second", "SM3:third"}) || !when.Equal(due) {
		t.Fatalf("Waiting = %v due %v, %v; want arrival order (ties by id), each once, due at the latest due", got, when, err)
	}
	shard := bot.ShardOf(x, r1.Shards())
	dueTexters := func(now time.Time) []string {
		t.Helper()
		ts, err := r1.DueTexters(e.ctx, shard, now, 10*time.Second, 10)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	if ts := dueTexters(due.Add(-time.Millisecond)); len(ts) != 0 {
		t.Fatalf("due before its time: %v", ts)
	}
	if ts := dueTexters(due); !slices.Equal(ts, []string{x}) {
		t.Fatalf("DueTexters = %v, want the texter", ts)
	}
	if ts := dueTexters(due.Add(time.Second)); len(ts) != 0 {
		t.Fatalf("a leased texter came back at once: %v", ts)
	}
	if ts := dueTexters(due.Add(11 * time.Second)); !slices.Equal(ts, []string{x}) {
		t.Fatalf("after the lease DueTexters = %v, want the texter again", ts)
	}
	for i := range 4 {
		if err := r2.Handled(e.ctx, x, fmt.Sprintf("SM%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if waiting, _, _ := r1.Waiting(e.ctx, x); len(waiting) != 0 || e.load(r1, x, "").Deferred {
		t.Fatalf("handled messages are still waiting: %d", len(waiting))
	}
	if ts := dueTexters(due.Add(time.Hour)); len(ts) != 0 {
		t.Fatalf("a texter without messages is still listed: %v", ts)
	}
}
