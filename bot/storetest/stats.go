package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunStats tests the daily counters (bot.StatsStore): a commit's counts land with it or not at
// all, per UTC day, summed over shards; and bot.Bot on two replicas that both get every message
// counts each conversation once.
func RunStats(t *testing.T, open Open) {
	t.Run("WithTheCommit", func(t *testing.T) { testStatsWithCommit(t, newEnv(t, open)) })
	t.Run("Days", func(t *testing.T) { testStatsDays(t, newEnv(t, open)) })
	t.Run("BadNamesDropped", func(t *testing.T) { testStatsBadNames(t, newEnv(t, open)) })
	t.Run("TwoReplicasEveryMessageTwice", func(t *testing.T) { testStatsReplicas(t, newEnv(t, open)) })
}

func (e *env) stats(s Store, since, until time.Time) []bot.DayStats {
	e.t.Helper()
	ss, ok := s.(bot.StatsStore)
	if !ok {
		e.t.Fatalf("%T is no bot.StatsStore", s)
	}
	days, err := ss.Stats(e.ctx, since, until)
	if err != nil {
		e.t.Fatalf("Stats: %v", err)
	}
	return days
}

// today sums the counters of the clock's day.
func (e *env) today(s Store) bot.Counts {
	e.t.Helper()
	days := e.stats(s, e.clock.Now(), e.clock.Now())
	if len(days) != 1 {
		e.t.Fatalf("Stats of one day returned %d days", len(days))
	}
	return days[0].Counts
}

// testStatsWithCommit: counts of commits of texters in different shards add up; a commit that
// loses its compare-and-set or its dedupe check, and one that erases, behave as the session does.
func testStatsWithCommit(t *testing.T, e *env) {
	one := bot.Counts{"tips": 1, "tips:region:tx": 1}
	for i := range 8 { // eight texters: several shards
		tx := e.texter(fmt.Sprintf("+1555000%04d", i))
		e.commit(e.s, bot.Commit{Texter: tx, MessageID: fmt.Sprintf("SM%d", i), Session: bot.Session{Texter: tx}, Counts: one})
	}
	tx := e.texter("+15550000000")
	if err := e.s.Commit(e.ctx, bot.Commit{Texter: tx, MessageID: "SMx", Session: bot.Session{Texter: tx}, Counts: one}); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("a stale commit: %v, want a conflict", err)
	}
	snap := e.load(e.s, tx, "SM0")
	err := e.s.Commit(e.ctx, bot.Commit{Texter: tx, MessageID: "SM0", Session: bot.Session{Texter: tx, Version: snap.Session.Version}, Counts: one})
	if !errors.Is(err, bot.ErrDuplicate) {
		t.Fatalf("a duplicate commit: %v, want ErrDuplicate", err)
	}
	e.commit(e.client(), bot.Commit{Texter: tx, MessageID: "SMdel", Session: bot.Session{Texter: tx, Version: snap.Session.Version},
		Erase: true, Counts: bot.Counts{bot.StatDeletions: 1}})
	got := e.today(e.client())
	want := bot.Counts{"tips": 8, "tips:region:tx": 8, bot.StatDeletions: 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("counters %v, want %v (eight commits and an erasure; the conflict and the duplicate count nothing)", got, want)
	}
	if ss := e.s.(bot.StatsStore); ss.AddStats(e.ctx, e.clock.Now(), bot.Counts{bot.StatFailSafe: 2}) != nil {
		t.Fatal("AddStats failed")
	}
	if got := e.today(e.s)[bot.StatFailSafe]; got != 2 {
		t.Fatalf("%s = %d after AddStats of 2", bot.StatFailSafe, got)
	}
}

// testStatsDays: counts land on the UTC day and hour of the store's clock; Stats lists every
// day of the range, empty ones too, oldest first.
func testStatsDays(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	day0 := e.clock.Now()
	for i := range 3 {
		snap := e.load(e.s, tx, "")
		e.commit(e.s, bot.Commit{Texter: tx, MessageID: fmt.Sprintf("SM%d", i), Session: bot.Session{Texter: tx, Version: snap.Session.Version},
			Counts: bot.Counts{bot.StatConversations: int64(i + 1)}})
		e.clock.Advance(48 * time.Hour)
	}
	days := e.stats(e.s, day0.AddDate(0, 0, -1), day0.AddDate(0, 0, 5))
	var got []string
	for _, d := range days {
		got = append(got, fmt.Sprintf("%s=%d", d.Day.Format("01-02"), d.Counts[bot.StatConversations]))
	}
	want := "[03-01=0 03-02=1 03-03=0 03-04=2 03-05=0 03-06=3 03-07=0]"
	if fmt.Sprint(got) != want {
		t.Fatalf("days %v, want %s", got, want)
	}
	if h := days[1].Hours; h[9][bot.StatConversations] != 1 || len(h[10]) != 0 { // the clock reads 09:30 UTC
		t.Fatalf("the hours of 2 March: %v", h)
	}
	if days := e.stats(e.s, day0, day0.AddDate(0, 0, -1)); len(days) != 0 {
		t.Fatalf("a range that ends before it starts: %d days", len(days))
	}
}

// testStatsBadNames: a name that could hold what a texter wrote is dropped, and the commit
// still lands.
func testStatsBadNames(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	bad := bot.Counts{"tips:region:+15550001111": 1, "flow:Two Girls": 1, "a;b=1": 1, "tips": 1, "x::y": 1}
	e.commit(e.s, bot.Commit{Texter: tx, MessageID: "SM1", Session: bot.Session{Texter: tx}, Counts: bad})
	if got := e.today(e.s); fmt.Sprint(got) != "map[tips:1]" {
		t.Fatalf("counters %v, want only tips=1", got)
	}
	if snap := e.load(e.s, tx, ""); snap.Session.Version != 1 {
		t.Fatalf("the commit with bad counter names did not land: version %d", snap.Session.Version)
	}
}

// conversation is one walk through the built-in flows, and what it counts.
type conversation struct {
	bodies []string
	counts bot.Counts
}

var conversations = []conversation{
	{[]string{"hi", "2", "Houston, TX", "a van at the motel", "last week", "none", "no", "1", "no", "DELETE"},
		bot.Counts{"flow:main": 1, "flow:tip": 1, "tips": 1, "tips:region:tx": 1, "tips:channel:sms": 1, "deletions": 1, "conversations:lang:en": 1}},
	{[]string{"hi", "2", "10001", "a van at the motel", "last week", "none", "yes", "1", "no", "DELETE"},
		bot.Counts{"flow:main": 1, "flow:tip": 1, "tips": 1, "tips:region:ny": 1, "tips:urgent": 1, "tips:channel:sms": 1, "deletions": 1, "conversations:lang:en": 1}},
	{[]string{"hi", "3", "1", "4", "skip", "exit"},
		bot.Counts{"flow:main": 1, "flow:talk": 1, "handoffs:opened": 1, "handoffs:queue:national": 1, "handoffs:ended": 1, "quick_exits": 1, "conversations:lang:en": 1}},
	{[]string{"hi", "1", "DELETE"}, bot.Counts{"flow:main": 1, "flow:safety": 1, "deletions": 1, "conversations:lang:en": 1}},
	{[]string{"hola", "4", "exit"}, bot.Counts{"flow:main": 1, "flow:prevention": 1, "quick_exits": 1, "conversations:lang:es": 1}},
}

// allTips routes every tip filed to one partner system.
type allTips struct{}

func (allTips) Route(kind, _ string) []string {
	if kind == bot.EventTipFiled {
		return []string{"cms"}
	}
	return nil
}

// testStatsReplicas: 200 texters have five conversations each (1,000 in all) through bot.Bot on
// two replicas, and every message reaches both replicas at once (a Twilio retry racing the
// first delivery). Every counter is exact: a message counts once, whichever replica commits it.
// Every tip's partner webhook is then delivered twice: the receiver, dropping repeated
// webhook-ids, has exactly one per tip counted.
func testStatsReplicas(t *testing.T, e *env) {
	const texters, rounds = 200, 5
	// With the desk, as in production: it resolves the talk flow's routed handoffs to a queue.
	b1, _ := e.newDesk(e.s, allTips{})
	b2, _ := e.newDesk(e.client(), allTips{})
	bots := []*bot.Bot{b1, b2}
	want := bot.Counts{}
	for i := range texters {
		for r := range rounds {
			c := conversations[(i+r)%len(conversations)]
			want.Sum(c.counts)
			want.Sum(bot.Counts{"conversations": 1, "conversations:channel:sms": 1})
		}
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range work {
				e.walkTwice(bots, i, rounds)
			}
		})
	}
	for i := range texters {
		work <- i
	}
	close(work)
	wg.Wait()
	got := e.today(e.client())
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("counters after 1,000 conversations delivered twice:\n got %v\nwant %v", got, want)
	}
	received, deliveries := map[string]bool{}, 0
	for _, x := range e.drain(e.s, "c") {
		if x.Effect.Kind != bot.PartnerWebhook {
			continue
		}
		for range 2 { // delivered twice: the receiver keeps a webhook-id once
			deliveries++
			received[x.Effect.Key] = true
		}
	}
	if int64(len(received)) != got[bot.StatTips] || deliveries != 2*len(received) {
		t.Fatalf("%d distinct partner webhooks (%d deliveries) for %d tips counted", len(received), deliveries, got[bot.StatTips])
	}
}

// walkTwice walks texter i's conversations, each message handled by both replicas at once.
func (e *env) walkTwice(bots []*bot.Bot, i, rounds int) {
	number := fmt.Sprintf("+1555%07d", i)
	for r := range rounds {
		for j, body := range conversations[(i+r)%len(conversations)].bodies {
			in := bot.Inbound{ID: fmt.Sprintf("SM%d-%d-%d", i, r, j), From: number, Body: body}
			var wg sync.WaitGroup
			outs := make([]bot.Outcome, 2)
			for k, b := range bots {
				wg.Go(func() { outs[k] = b.Handle(e.ctx, in) })
			}
			wg.Wait()
			// Erasure forgets the dedupe records too, so the second delivery of an erasing word
			// may be handled again (it finds nothing to erase); any other message is handled once.
			erases := body == "DELETE" || body == "exit"
			if outs[0].FailSafe || outs[1].FailSafe || outs[0].Duplicate && outs[1].Duplicate ||
				!erases && !outs[0].Duplicate && !outs[1].Duplicate {
				e.t.Errorf("message %s: fail-safe %v/%v, duplicate %v/%v; want one handled, one duplicate",
					in.ID, outs[0].FailSafe, outs[1].FailSafe, outs[0].Duplicate, outs[1].Duplicate)
				return
			}
		}
	}
}
