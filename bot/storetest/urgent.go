package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// testUrgentEscalationOnce: a texter in danger accepts the person offered, which opens an urgent
// handoff; two replicas then poll the same timers at the same instants. Nothing happens before
// the queue's urgent_escalate_after (1 minute); then everyone on shift and the backups are
// mentioned once; after urgent_hotline_after (3 minutes) the texter gets the hotline message
// once; no timer is left.
func testUrgentEscalationOnce(t *testing.T, e *env) {
	const number = "+15550001111"
	b, d := e.newDesk(e.s, nil)
	e.handle(b, "SMd1", number, "I can't leave, he is watching my phone")
	out := e.handle(b, "SMd2", number, "yes")
	if req := findEffect(out.Effects, bot.HandoffRequested); req == nil || !req.Urgent {
		t.Fatalf("accepting the person offered committed %+v; want an urgent handoff", out.Effects)
	}
	e.drain(e.s, "c")
	_, d2 := e.newDesk(e.client(), nil)
	escalators := []*bot.Escalator{{Desk: d}, {Desk: d2}}
	var effects []bot.Effect
	at := map[string]time.Duration{}
	var elapsed time.Duration
	for _, step := range []time.Duration{30 * time.Second, 30 * time.Second, time.Minute, 30 * time.Second, 30 * time.Second, 5 * time.Minute} {
		e.clock.Advance(step)
		elapsed += step
		for range 2 {
			for _, ef := range e.pollTogether(escalators) {
				effects = append(effects, ef)
				at[string(ef.Kind)+ef.Status] = elapsed
			}
		}
	}
	notes, hotline := 0, 0
	for _, ef := range effects {
		switch {
		case ef.Kind == bot.DeskNote && strings.Contains(ef.Text, "URGENT and still unclaimed after 1 minute") &&
			strings.Contains(ef.Text, "<@U0STAFF001>") && strings.Contains(ef.Text, "<@U0BACKUP01>"):
			notes++
		case ef.Kind == bot.TexterNotice && ef.Status == bot.NoticeHotline && strings.Contains(ef.Text, bot.HotlineCall):
			hotline++
		default:
			t.Errorf("unexpected effect %s %q", ef.Kind, ef.Text)
		}
	}
	if notes != 1 || hotline != 1 {
		t.Fatalf("%d urgent mentions and %d hotline messages, want one each", notes, hotline)
	}
	if at[string(bot.DeskNote)] != time.Minute || at[string(bot.TexterNotice)+bot.NoticeHotline] != 3*time.Minute {
		t.Fatalf("the steps came at %v; want the mention at 1m and the hotline at 3m", at)
	}
	if got, _ := e.s.DueTimers(e.ctx, e.clock.Now().Add(time.Hour), time.Minute, 10); len(got) != 0 {
		t.Fatalf("a timer is left after both steps: %v", got)
	}
}

func findEffect(effects []bot.Effect, kind bot.EffectKind) *bot.Effect {
	for i := range effects {
		if effects[i].Kind == kind {
			return &effects[i]
		}
	}
	return nil
}
