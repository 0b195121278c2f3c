package bot_test

// Helpers for the desk's tests: a bot with a desk on the memory store, a texter, staff.

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/memory"
)

const (
	deskNumber = "+15550142424"
	owner      = "U0STAFF001"
	colleague  = "U0STAFF002"
	stranger   = "U0STRANGE1"
)

// monday is within the national queue's shift; sunday outside every shift.
var (
	monday = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	sunday = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
)

type deskRig struct {
	t      *testing.T
	ctx    context.Context
	b      *bot.Bot
	d      *bot.Desk
	store  *memory.Store
	clock  *bottest.Clock
	n      int
	thread bot.Thread
	from   string // the texter's address: deskNumber unless a test sets another
}

func newDeskRig(t *testing.T, at time.Time) *deskRig {
	t.Helper()
	return newLoggedDeskRig(t, at, nil)
}

// newLoggedDeskRig is newDeskRig with the bot and the desk logging to log (nil: slog.Default()).
func newLoggedDeskRig(t *testing.T, at time.Time, log *slog.Logger) *deskRig {
	t.Helper()
	keys, err := bot.NewKeys(bottest.Secret)
	if err != nil {
		t.Fatal(err)
	}
	clock := bottest.NewClock(at)
	store := memory.New(clock)
	store.ObserveEffects(bottest.CheckEffects(t))
	b, d := storetest.NewRig(t, storetest.Rig{Store: store, Keys: keys, Clock: clock, Program: "Frontdoor", Lang: "en", Desk: true, Log: log})
	return &deskRig{t: t, ctx: context.Background(), b: b, d: d, store: store, clock: clock, from: deskNumber}
}

// text sends a texter message and returns the replies.
func (r *deskRig) text(body string) bot.Outcome {
	r.t.Helper()
	r.n++
	out := r.b.Handle(r.ctx, bot.Inbound{ID: fmt.Sprintf("SM%04d", r.n), Channel: bot.ChannelOf(r.from), From: r.from, Body: body})
	if out.FailSafe {
		r.t.Fatalf("%q got the fail-safe reply", body)
	}
	return out
}

// handoff walks the texter to staff and lands the post in a thread; it returns the effects.
func (r *deskRig) handoff() []bot.Effect {
	r.t.Helper()
	r.text("hi")
	r.text("3")
	r.text("1")
	r.text("4")    // someone to talk to
	r.text("SKIP") // no state
	return r.posted()
}

// posted lands the post of the handoff the texter's messages requested in a thread; it returns
// the effects committed since the last drain.
func (r *deskRig) posted() []bot.Effect {
	r.t.Helper()
	effects := r.drain()
	req := find(effects, bot.HandoffRequested)
	if req == nil || req.Handoff == "" {
		r.t.Fatalf("no handoff requested: %+v", effects)
	}
	r.thread = bot.Thread{Channel: "C0NATION01", TS: fmt.Sprintf("%d.000100", r.clock.Now().Unix())}
	out := r.act(bot.Action{Kind: bot.ActPosted, Texter: r.texter(), Handoff: req.Handoff, Thread: r.thread})
	if out.Stale {
		r.t.Fatal("a fresh post is stale")
	}
	return effects
}

func (r *deskRig) texter() string { return r.b.Keys.TexterKey(bot.ChannelOf(r.from), r.from) }

func (r *deskRig) session() bot.Session {
	r.t.Helper()
	snap, err := r.store.Load(r.ctx, r.texter(), "")
	if err != nil {
		r.t.Fatal(err)
	}
	return snap.Session
}

func (r *deskRig) act(a bot.Action) bot.ActOutcome {
	r.t.Helper()
	out, err := r.d.Act(r.ctx, a)
	if err != nil {
		r.t.Fatalf("%s: %v", a.Kind, err)
	}
	return out
}

// reply is a staff message in the thread; ts follows the clock.
func (r *deskRig) reply(user, text string) (bot.ActOutcome, string) {
	r.t.Helper()
	r.n++
	ts := fmt.Sprintf("%d.%06d", r.clock.Now().Unix(), r.n)
	return r.act(bot.Action{Kind: bot.ActReply, ID: "msg:" + ts, Thread: r.thread, User: user, TS: ts, Text: text}), ts
}

func (r *deskRig) press(kind bot.ActionKind, user string) bot.ActOutcome {
	r.t.Helper()
	r.n++
	return r.act(bot.Action{Kind: kind, ID: fmt.Sprintf("act:%d", r.n), Thread: r.thread, User: user})
}

// closeWith closes with an outcome and case number, as picking one in Close's menu does.
func (r *deskRig) closeWith(user, outcome, caseNo string) bot.ActOutcome {
	r.t.Helper()
	r.n++
	return r.act(bot.Action{Kind: bot.ActClose, ID: fmt.Sprintf("act:%d", r.n), Thread: r.thread, User: user, Outcome: outcome, Case: caseNo})
}

// drain returns what waits in the outbox and empties it.
func (r *deskRig) drain() []bot.Effect {
	r.t.Helper()
	var out []bot.Effect
	for shard := range r.store.Shards() {
		got, err := r.store.Claim(r.ctx, shard, "test", 1000, time.Hour)
		if err != nil {
			r.t.Fatal(err)
		}
		for _, x := range got {
			out = append(out, x.Effect)
			if err := r.store.Ack(r.ctx, shard, x.ID); err != nil {
				r.t.Fatal(err)
			}
		}
	}
	return out
}

func find(effects []bot.Effect, kind bot.EffectKind) *bot.Effect {
	for i := range effects {
		if effects[i].Kind == kind {
			return &effects[i]
		}
	}
	return nil
}

func kinds(effects []bot.Effect) string {
	var k []string
	for _, e := range effects {
		k = append(k, string(e.Kind))
	}
	return strings.Join(k, ",")
}
