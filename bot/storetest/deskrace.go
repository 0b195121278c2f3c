package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/roster"
)

// RosterYAML is the suite's on-call roster: queue national has staff on shift at Start (a Monday
// morning, UTC) and is alerted for urgent tips; queue nights never has anyone on shift. A routed
// handoff (the built-in talk flow) goes to national.
const RosterYAML = `tips:
  channel: C0TIPS0001
  queue: national
routing:
  default: national
queues:
  national:
    channel: C0NATION01
    time_zone: UTC
    escalate_after: 3m
    hotline_after: 10m
    backup: [U0BACKUP01]
    shifts:
      - days: [mon, tue, wed, thu, fri]
        from: "08:00"
        to: "18:00"
        staff: [U0STAFF001, U0STAFF002]
  nights:
    channel: C0NIGHTS01
    time_zone: UTC
    backup: [U0BACKUP02]
`

// Roster reads RosterYAML.
func Roster(t testing.TB) *roster.Roster {
	t.Helper()
	r, probs := roster.Read("oncall.yaml", []byte(RosterYAML))
	if r == nil {
		t.Fatalf("the suite's roster: %v", probs)
	}
	return r
}

// newDesk returns a bot with a desk over store s, its partners routed to partners (nil: none).
func (e *env) newDesk(s Store, partners bot.Partners) (*bot.Bot, *bot.Desk) {
	e.t.Helper()
	return NewRig(e.t, Rig{Store: s, Keys: e.keys, Clock: e.clock, Lang: "en", Log: discard, Desk: true, Partners: partners})
}

// testClaimRace: two staff press Claim at once on two replicas; both load the unclaimed
// session before either commits. Exactly one wins; the other is told who did.
func testClaimRace(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	e.commit(e.s, bot.Commit{Texter: tx, Session: e.handoffSession("+15550001111")})
	g1, g2 := newGate(e.s), newGate(e.client())
	_, d1 := e.newDesk(g1, nil)
	_, d2 := e.newDesk(g2, nil)
	outs := make(chan bot.ActOutcome, 2)
	act := func(d *bot.Desk, user, id string) {
		out, err := d.Act(e.ctx, bot.Action{Kind: bot.ActClaim, ID: id, Thread: deskThread, User: user})
		if err != nil {
			t.Error(err)
		}
		outs <- out
	}
	go act(d1, "U0STAFF001", "a:1")
	<-g1.loaded
	go act(d2, "U0STAFF002", "a:2")
	<-g2.loaded
	close(g1.goOn)
	first := <-outs
	close(g2.goOn)
	second := <-outs
	snap := e.load(e.s, tx, "")
	if owner := snap.Session.Handoff.Owner; owner != "U0STAFF001" {
		t.Fatalf("owner %q, want the first to commit", owner)
	}
	if !strings.Contains(first.Say, "You claimed") || !strings.Contains(second.Say, "claimed by <@U0STAFF001>") {
		t.Fatalf("the winner was told %q, the loser %q", first.Say, second.Say)
	}
	updates := 0
	for _, x := range e.drain(e.s, "c") {
		if x.Effect.Kind == bot.DeskUpdate {
			updates++
		}
	}
	if updates != 1 {
		t.Fatalf("%d claim updates of the post, want exactly 1", updates)
	}
	e.closeTwice(d1, d2)
	if got := fmt.Sprint(e.today(e.s)); got != "map[claim:le:60:1 handoffs:claimed:1 handoffs:closed:1 handoffs:outcome:info_given:1]" {
		t.Fatalf("counters after the claim race and a close pressed on two replicas: %s", got)
	}
}

// closeTwice has the owner's Close reach both replicas at once (Slack retried the interaction).
func (e *env) closeTwice(d1, d2 *bot.Desk) {
	var wg sync.WaitGroup
	for _, d := range []*bot.Desk{d1, d2} {
		wg.Go(func() {
			if _, err := d.Act(e.ctx, bot.Action{Kind: bot.ActClose, ID: "a:close", Thread: deskThread, User: "U0STAFF001", Outcome: "info_given"}); err != nil {
				e.t.Error(err)
			}
		})
	}
	wg.Wait()
}

// testEscalationOnce: two replicas poll the same timers at the same instants. The backups are
// mentioned once after 3 minutes and the texter gets the hotline message once after 10.
func testEscalationOnce(t *testing.T, e *env) {
	tx := e.texter("+15550001111")
	e.commit(e.s, bot.Commit{Texter: tx, Session: e.handoffSession("+15550001111")})
	_, d1 := e.newDesk(e.s, nil)
	_, d2 := e.newDesk(e.client(), nil)
	escalators := []*bot.Escalator{{Desk: d1}, {Desk: d2}}
	var effects []bot.Effect
	for _, step := range []time.Duration{time.Minute, 2 * time.Minute, 30 * time.Second, 2 * time.Minute, 5 * time.Minute, 2 * time.Minute} {
		e.clock.Advance(step)
		effects = append(effects, e.pollTogether(escalators)...)
		effects = append(effects, e.pollTogether(escalators)...)
	}
	notes, hotline := 0, 0
	for _, ef := range effects {
		switch {
		case ef.Kind == bot.DeskNote && strings.Contains(ef.Text, "<@U0BACKUP01>"):
			notes++
		case ef.Kind == bot.TexterNotice && ef.Status == bot.NoticeHotline:
			hotline++
			if !strings.Contains(ef.Text, bot.HotlineCall) {
				t.Errorf("the hotline notice says %q", ef.Text)
			}
		default:
			t.Errorf("unexpected effect %s %q", ef.Kind, ef.Text)
		}
	}
	if notes != 1 || hotline != 1 {
		t.Fatalf("%d backup mentions and %d hotline messages, want one each", notes, hotline)
	}
	if got, _ := e.s.DueTimers(context.Background(), e.clock.Now().Add(time.Hour), time.Minute, 10); len(got) != 0 {
		t.Fatalf("a timer is left after both steps: %v", got)
	}
	if got := fmt.Sprint(e.today(e.s)); got != "map[handoffs:escalated:1 handoffs:hotline:1]" {
		t.Fatalf("counters after two replicas polled the timers: %s", got)
	}
}

// pollTogether has every escalator poll the timers at the same instant, and returns the effects
// they committed.
func (e *env) pollTogether(escalators []*bot.Escalator) []bot.Effect {
	var wg sync.WaitGroup
	for _, x := range escalators {
		wg.Go(func() {
			if _, err := x.Poll(e.ctx); err != nil {
				e.t.Error(err)
			}
		})
	}
	wg.Wait()
	var out []bot.Effect
	for _, x := range e.drain(e.s, "c") {
		out = append(out, x.Effect)
	}
	return out
}
