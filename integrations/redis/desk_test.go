package redis_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// deskConversation walks a texter to staff, lands the post, claims it and has the owner reply;
// the reply is recorded as sent. It returns the thread.
func deskConversation(t *testing.T, s *storeParts, b *bot.Bot, d *bot.Desk, number, reply string) bot.Thread {
	t.Helper()
	ctx := context.Background()
	for i, body := range []string{"hi", "3", "yes", "4", "skip"} {
		if out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SM%030d%02d", len(number), i), From: number, Body: body}); out.FailSafe {
			t.Fatalf("%q got the fail-safe reply", body)
		}
	}
	tx := b.Keys.TexterKey(bot.ChannelSMS, number)
	snap, _ := s.Load(ctx, tx, "")
	th := bot.Thread{Channel: "C0NATION01", TS: "1772443800.0001" + number[len(number)-2:]}
	act := func(a bot.Action) bot.ActOutcome {
		t.Helper()
		out, err := d.Act(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", a.Kind, err)
		}
		return out
	}
	if err := s.SetLedger(ctx, tx, "post:"+snap.Session.Handoff.Ref, th.String()); err != nil {
		t.Fatal(err)
	}
	act(bot.Action{Kind: bot.ActPosted, Texter: tx, Handoff: snap.Session.Handoff.Ref, Thread: th})
	act(bot.Action{Kind: bot.ActClaim, ID: "a1", Thread: th, User: "U0STAFF001"})
	out := act(bot.Action{Kind: bot.ActReply, ID: "msg:1", Thread: th, User: "U0STAFF001", TS: "1772443900.000001", Text: reply})
	if len(out.Effects) == 0 || out.Effects[0].Kind != bot.StaffReply {
		t.Fatalf("the reply was not sent: %+v", out)
	}
	if err := s.RememberSent(ctx, "SM00000000000000000000000000000001", bot.SentRef{Texter: tx, Thread: th, TS: "1772443900.000001"}); err != nil {
		t.Fatal(err)
	}
	return th
}

// TestDeskTTLs: the desk's keys live as long as the session, or 7 days (sent messages), or
// for ever while they index a live handoff (timers, claims).
func TestDeskTTLs(t *testing.T) {
	c, keys, clock, s, _ := privateBot(t, redis.Options{SessionTTL: 48 * time.Hour})
	b, d := newDeskBot(t, s, keys, clock)
	deskConversation(t, s, b, d, "+15550001111", "Are you safe?")
	if ok, err := s.Lease(context.Background(), "reconcile", time.Minute); !ok || err != nil {
		t.Fatal(ok, err)
	}
	want := map[string]time.Duration{":t:": 48 * time.Hour, ":p:": 48 * time.Hour, ":sm:": 7 * 24 * time.Hour, ":lease:": time.Minute}
	seen := map[string]bool{}
	for _, k := range scanAll(t, c) {
		ttl := c.PTTL(context.Background(), k).Val()
		for part, d := range want {
			if strings.Contains(k, part) {
				seen[part] = true
				if ttl > d || ttl < d-time.Minute {
					t.Errorf("%s lives %v, want %v", k, ttl, d)
				}
			}
		}
		if strings.HasSuffix(k, ":c") {
			seen[":c"] = true
		}
	}
	for _, part := range []string{":t:", ":p:", ":sm:", ":lease:", ":c"} {
		if !seen[part] {
			t.Errorf("no %s key was written", part)
		}
	}
}

// consent records the texter's yes to later texts, as the after-hours question would.
func consent(t *testing.T, s *storeParts, tx string) {
	t.Helper()
	snap, err := s.Load(context.Background(), tx, "")
	if err != nil || snap.Session.Handoff == nil {
		t.Fatalf("no handoff to consent to: %v", err)
	}
	snap.Session.Handoff.MayText = true
	if err := s.Commit(context.Background(), bot.Commit{Texter: tx, Session: snap.Session}); err != nil {
		t.Fatal(err)
	}
}

// TestDeskPrivacyAtRest: after a desk conversation no form of the number and no staff or texter
// words are in Redis in clear.
func TestDeskPrivacyAtRest(t *testing.T) {
	c, keys, clock, s, _ := privateBot(t, redis.Options{})
	b, d := newDeskBot(t, s, keys, clock)
	deskConversation(t, s, b, d, "+12025550147", "CANARYREPLY are you safe")
	consent(t, s, b.Keys.TexterKey(bot.ChannelSMS, "+12025550147")) // only then may a reply be held for Send anyway
	clock.Advance(20 * time.Minute)                                 // a held reply keeps its text in the session
	out, err := d.Act(context.Background(), bot.Action{Kind: bot.ActReply, ID: "msg:2", Thread: bot.Thread{Channel: "C0NATION01", TS: "1772443800.000147"},
		User: "U0STAFF001", TS: "1772443999.000001", Text: "CANARYHELD still there?"})
	if err != nil || len(out.Effects) == 0 || out.Effects[0].Offer != bot.OfferConfirm {
		t.Fatalf("no held reply: %+v %v", out, err)
	}
	dump := dumpAll(t, c)
	if !strings.Contains(dump, ":t:") || !strings.Contains(dump, ":sm:") || !strings.Contains(dump, ":c") {
		t.Fatalf("the dump misses the desk's keys; the test proves nothing:\n%.2000q", dump)
	}
	for _, f := range forms("+12025550147") {
		if strings.Contains(dump, f) {
			t.Errorf("Redis holds %q", f)
		}
	}
	for _, w := range []string{"CANARYREPLY", "CANARYHELD"} {
		if strings.Contains(dump, w) {
			t.Errorf("Redis holds staff text %q in clear", w)
		}
	}
}

// TestDeskRoundTrips: a staff reply costs three round trips: the thread lookup (one pipeline
// over the shards), Load and Commit.
func TestDeskRoundTrips(t *testing.T) {
	url := redistest.URL(t)
	c := newClient(t, url)
	defer c.Close()
	keys, clock := testKeys(t), storetest.NewClock()
	s := storeOn(t, c, redis.Options{Keys: keys, Clock: clock, Prefix: newPrefix(t, url)})
	b, d := newDeskBot(t, s, keys, clock)
	th := deskConversation(t, s, b, d, "+15550001111", "first")
	hook := &counter{}
	c.AddHook(hook)
	out, err := d.Act(context.Background(), bot.Action{Kind: bot.ActReply, ID: "msg:9", Thread: th, User: "U0STAFF001",
		TS: "1772443901.000001", Text: "second"})
	if err != nil || len(out.Effects) == 0 {
		t.Fatalf("%+v %v", out, err)
	}
	if n := hook.n.Load(); n != 3 {
		t.Fatalf("a staff reply took %d round trips, want 3", n)
	}
}

// TestDeskSessionMemory: a claimed handoff (thread, owner, escalation fields) stays within the
// idle session budget.
func TestDeskSessionMemory(t *testing.T) {
	c, keys, clock, s, _ := privateBot(t, redis.Options{})
	b, d := newDeskBot(t, s, keys, clock)
	deskConversation(t, s, b, d, "+15550001111", "We are here. Are you safe?")
	session, dedupe := usage(t, c, keys, "+15550001111")
	t.Logf("claimed handoff: session key %d B; dedupe record %d B", session, dedupe)
	if session > sessionKeyBudget {
		t.Errorf("a claimed handoff takes %d B, over the %d B budget", session, sessionKeyBudget)
	}
}
