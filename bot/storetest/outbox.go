package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunOutbox tests the outbox: commit order, one holder per shard, takeover, requeue, release and
// dead letters.
func RunOutbox(t *testing.T, open Open) {
	t.Run("CommitOrder", func(t *testing.T) { testCommitOrder(t, newEnv(t, open)) })
	t.Run("OneHolderPerShard", func(t *testing.T) { testOneHolder(t, newEnv(t, open)) })
	t.Run("Requeue", func(t *testing.T) { testRequeue(t, newEnv(t, open)) })
	t.Run("Release", func(t *testing.T) { testRelease(t, newEnv(t, open)) })
	t.Run("DeadLetter", func(t *testing.T) { testDeadLetter(t, newEnv(t, open)) })
	t.Run("HoldsPastHeldLimit", func(t *testing.T) { testHoldsPastHeldLimit(t, newEnv(t, open)) })
}

// commitMessages commits n messages for the texter, each with one TexterMessage effect whose
// Text is "<label> <i>", starting from whatever version is stored.
func (e *env) commitMessages(s Store, number, label string, n int) {
	e.t.Helper()
	tx := e.texter(number)
	for i := range n {
		snap := e.load(s, tx, "")
		sess := snap.Session
		sess.Texter, sess.Address, sess.Alias = tx, number, "ALIA"
		e.commit(s, bot.Commit{Texter: tx, MessageID: fmt.Sprintf("%s-%d", label, i), Session: sess,
			Effects: []bot.Effect{texterMessage(tx, "ALIA", e.clock.Now(), fmt.Sprintf("%s %d", label, i))}})
	}
}

// texts returns the effects' Text fields.
func texts(entries []bot.OutboxEntry) []string {
	out := make([]string, len(entries))
	for i, x := range entries {
		out[i] = x.Effect.Text
	}
	return out
}

func wantTexts(label string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s %d", label, i)
	}
	return out
}

func testCommitOrder(t *testing.T, e *env) {
	numbers := []string{"+15550001111", "+15550002222", "+15550003333", "+15550004444", "+15550005555"}
	for round := range 3 {
		for i, n := range numbers {
			e.commitMessages(e.s, n, fmt.Sprintf("t%d-r%d", i, round), 2)
		}
	}
	groups := byTexter(e.drain(e.s, "c"))
	for i, n := range numbers {
		var want []string
		for round := range 3 {
			want = append(want, wantTexts(fmt.Sprintf("t%d-r%d", i, round), 2)...)
		}
		got := groups[e.texter(n)]
		if fmt.Sprint(texts(got)) != fmt.Sprint(want) {
			t.Fatalf("texter %d's effects came out as %q, want %q", i, texts(got), want)
		}
		for _, x := range got {
			if x.Shard != bot.ShardOf(e.texter(n), e.s.Shards()) || x.Effect.Alias != "ALIA" || !x.Effect.At.Equal(e.clock.Now()) {
				t.Fatalf("entry %+v: wrong shard or effect fields", x)
			}
		}
	}
	if st, err := e.s.OutboxStats(e.ctx); err != nil || st.Pending != 0 {
		t.Fatalf("after acknowledging everything: %+v, %v", st, err)
	}
	if again := e.drain(e.s, "c"); len(again) != 0 {
		t.Fatalf("acknowledged entries came back: %q", texts(again))
	}
}

func testOneHolder(t *testing.T, e *env) {
	number := "+15550001111"
	shard := bot.ShardOf(e.texter(number), e.s.Shards())
	e.commitMessages(e.s, number, "m", 2)
	a, b := e.s, e.client()
	if got := e.claim(a, shard, "a", time.Hour); len(got) != 2 {
		t.Fatalf("consumer a claimed %d entries, want 2", len(got))
	}
	e.commitMessages(e.s, number, "later", 1)
	if got := e.claim(b, shard, "b", time.Hour); len(got) != 0 {
		t.Fatalf("consumer b got %q while a holds the shard", texts(got))
	}
	got := e.claim(a, shard, "a", time.Hour)
	if fmt.Sprint(texts(got)) != "[m 0 m 1 later 0]" {
		t.Fatalf("consumer a's second claim: %q", texts(got))
	}
	// a goes silent: with a short minIdle, b takes a's entries over, in order.
	e.clock.Advance(time.Second)
	got = e.claim(b, shard, "b", time.Nanosecond)
	if fmt.Sprint(texts(got)) != "[m 0 m 1 later 0]" {
		t.Fatalf("consumer b's takeover: %q", texts(got))
	}
	if got := e.claim(a, shard, "a", time.Hour); len(got) != 0 {
		t.Fatalf("consumer a still got %q after b took over", texts(got))
	}
}

func testRequeue(t *testing.T, e *env) {
	number := "+15550001111"
	shard := bot.ShardOf(e.texter(number), e.s.Shards())
	e.commitMessages(e.s, number, "m", 3)
	got := e.claim(e.s, shard, "a", time.Hour)
	first := got[0]
	first.Attempts, first.First, first.NotBefore = 2, e.clock.Now(), e.clock.Now().Add(time.Minute)
	if err := e.s.Requeue(e.ctx, first); err != nil {
		t.Fatal(err)
	}
	again := e.claim(e.client(), shard, "a", time.Hour)
	if fmt.Sprint(texts(again)) != "[m 0 m 1 m 2]" {
		t.Fatalf("after requeue claimed %q, want the same order", texts(again))
	}
	x := again[0]
	if x.Attempts != 2 || !x.First.Equal(e.clock.Now()) || !x.NotBefore.Equal(e.clock.Now().Add(time.Minute)) {
		t.Fatalf("requeued entry came back as attempts=%d first=%v notBefore=%v", x.Attempts, x.First, x.NotBefore)
	}
	if again[1].Attempts != 0 || !again[1].NotBefore.IsZero() {
		t.Fatalf("an entry never tried has attempts=%d notBefore=%v", again[1].Attempts, again[1].NotBefore)
	}
}

func testRelease(t *testing.T, e *env) {
	number := "+15550001111"
	shard := bot.ShardOf(e.texter(number), e.s.Shards())
	e.commitMessages(e.s, number, "m", 2)
	e.claim(e.s, shard, "a", time.Hour)
	if err := e.s.Release(e.ctx, shard, "a"); err != nil {
		t.Fatal(err)
	}
	got := e.claim(e.client(), shard, "b", time.Hour)
	if fmt.Sprint(texts(got)) != "[m 0 m 1]" {
		t.Fatalf("after a released, b claimed %q", texts(got))
	}
}

func testDeadLetter(t *testing.T, e *env) {
	number := "+15550001111"
	shard := bot.ShardOf(e.texter(number), e.s.Shards())
	e.commitMessages(e.s, number, "m", 2)
	got := e.claim(e.s, shard, "a", time.Hour)
	if err := e.s.DeadLetter(e.ctx, got[0], "permanent 21610"); err != nil {
		t.Fatal(err)
	}
	st, err := e.s.OutboxStats(e.ctx)
	if err != nil || st.Pending != 1 || st.Dead != 1 {
		t.Fatalf("after a dead letter: %+v, %v; want 1 pending, 1 dead", st, err)
	}
	if rest := e.claim(e.s, shard, "a", time.Hour); fmt.Sprint(texts(rest)) != "[m 1]" {
		t.Fatalf("after a dead letter claimed %q", texts(rest))
	}
}

// testHoldsPastHeldLimit: a consumer holding more entries than one claim returns (a long Slack
// outage: tips wait up to 30 days) keeps all of them while it claims; another consumer takes
// none over, and the shard's order holds.
func testHoldsPastHeldLimit(t *testing.T, e *env) {
	const n = 1100
	number := "+15550001111"
	tx := e.texter(number)
	shard := bot.ShardOf(tx, e.s.Shards())
	effects := make([]bot.Effect, n)
	for i := range effects {
		effects[i] = texterMessage(tx, "ALIA", e.clock.Now(), fmt.Sprintf("m %d", i))
	}
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM1", Session: bot.Session{Texter: tx, Address: number}, Effects: effects})
	a, b := e.s, e.client()
	claim := func(s Store, consumer string, minIdle time.Duration) []bot.OutboxEntry {
		t.Helper()
		got, err := s.Claim(e.ctx, shard, consumer, 2*n, minIdle)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// Long enough that a claim of 1,100 entries, a goroutine descheduled on a loaded machine and
	// the sleeps below fit in it several times over; the steps are fractions of it.
	const minIdle = 1500 * time.Millisecond
	wait := func(d time.Duration) { time.Sleep(d); e.clock.Advance(d) } // real time for Redis, the clock for memory
	if got := claim(a, "a", minIdle); len(got) != n {
		t.Fatalf("a claimed %d entries, want %d", len(got), n)
	}
	// a stays alive: it claims again before minIdle passes. What it holds beyond one claim's
	// worth then ages past minIdle before a's next claim: b must still take none of it.
	wait(minIdle * 4 / 5)
	claim(a, "a", minIdle)
	wait(minIdle * 3 / 10)
	if got := claim(b, "b", minIdle); len(got) != 0 {
		t.Fatalf("b took %d entries while a holds the shard and claims (from %q)", len(got), texts(got)[0])
	}
	held := claim(a, "a", minIdle)
	if len(held) == 0 || held[0].Effect.Text != "m 0" {
		t.Fatalf("a's held entries are %q, want them to start with \"m 0\"", texts(held))
	}
	ids := make([]string, len(held))
	for i, x := range held {
		ids[i] = x.ID
	}
	if err := a.Ack(e.ctx, shard, ids...); err != nil {
		t.Fatal(err)
	}
	rest := claim(a, "a", minIdle)
	if len(held)+len(rest) != n || rest[0].Effect.Text != fmt.Sprintf("m %d", len(held)) {
		t.Fatalf("after acknowledging %d, a holds %d starting with %q; want the other %d in order",
			len(held), len(rest), texts(rest)[:1], n-len(held))
	}
	// a goes silent: b takes over everything a holds, in order.
	wait(2 * minIdle)
	taken := claim(b, "b", minIdle)
	if len(taken) != len(rest) || taken[0].ID != rest[0].ID {
		t.Fatalf("b's takeover got %d entries starting with %q, want %d starting with %q", len(taken), texts(taken)[:1], len(rest), rest[0].Effect.Text)
	}
}
