package redis_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// walkTip files a tip through b and returns its code.
func walkTip(t *testing.T, b *bot.Bot, number string) string {
	t.Helper()
	var out bot.Outcome
	for i, body := range storetest.TipWalk {
		out = b.Handle(context.Background(), bot.Inbound{ID: fmt.Sprintf("SM%s%02d", number[1:], i), From: number, Body: body})
		if out.FailSafe {
			t.Fatalf("%q got the fail-safe reply", body)
		}
	}
	for _, e := range out.Effects {
		if e.Kind == bot.TipSubmitted {
			return e.TipCode
		}
	}
	t.Fatal("no tip was filed")
	return ""
}

// TestTipRoundTrips: filing a tip costs no extra round trip (the commit script files it); a
// message that starts with a code costs one more (the lookup by code); a message that does not
// costs none. Asking the tipster costs three: the tip, Load and Commit.
func TestTipRoundTrips(t *testing.T) {
	url := redistest.URL(t)
	c := newClient(t, url)
	defer c.Close()
	keys, clock := testKeys(t), storetest.NewClock()
	s := storeOn(t, c, redis.Options{Keys: keys, Clock: clock, Prefix: newPrefix(t, url)})
	b, d := newDeskBot(t, s, keys, clock)
	ctx := context.Background()
	b.Handle(ctx, bot.Inbound{ID: "warm-up", From: "+15550009999", Body: "hello"})
	hook := &counter{}
	c.AddHook(hook)
	count := func(what string, want int64, fn func()) {
		t.Helper()
		before := hook.n.Load()
		fn()
		if n := hook.n.Load() - before; n != want {
			t.Errorf("%s took %d round trips, want %d", what, n, want)
		}
	}
	var code string
	count("a whole tip (9 messages)", 18, func() { code = walkTip(t, b, "+15550001111") })
	handle := func(id, body string) func() {
		return func() {
			if out := b.Handle(ctx, bot.Inbound{ID: id, From: "+15550001111", Body: body}); out.FailSafe || len(out.Replies) == 0 {
				t.Fatalf("%q: %+v", body, out)
			}
		}
	}
	count("an addition by code", 3, handle("SMadd", code+" the van is blue"))
	count("an unknown code", 3, handle("SMunk", "TIP-2ZZZZZ the van is blue"))
	count("a message without a code", 2, handle("SMmenu", "hello"))
	th := bot.Thread{Channel: "C0TIPS0001", TS: "1772443800.000100"}
	if err := s.SetTipPosted(ctx, code, th); err != nil {
		t.Fatal(err)
	}
	count("Ask tipster", 3, func() {
		out, err := d.Act(ctx, bot.Action{Kind: bot.ActAskTipster, ID: "act:1", Tip: code, User: "U0STAFF001", Thread: th})
		if err != nil || len(out.Effects) == 0 {
			t.Fatalf("Ask tipster: %+v %v", out, err)
		}
	})
	count("the tipster's answer", 2, handle("SMans", "it was blue"))
}

// TestTipKeys: a tip's keys and their lifetimes. The tip and the texter's list of tips live for
// the retention; the index has no TTL and is trimmed by each tip filed and by the purge. Erasure
// leaves the tip without its texter and deletes the list.
func TestTipKeys(t *testing.T) {
	c, keys, clock, _, b := privateBot(t, redis.Options{TipRetention: 48 * time.Hour})
	ctx := context.Background()
	code := walkTip(t, b, "+15550001111")
	shard := bot.ShardOf(code, bot.DefaultShards)
	tx := keys.TexterKey(bot.ChannelSMS, "+15550001111")
	tag := fmt.Sprintf("fd:{%d}", shard)
	for key, want := range map[string]time.Duration{tag + ":tip:" + code: 48 * time.Hour, tag + ":tu:" + tx: 48 * time.Hour, tag + ":ti": -1} {
		ttl := c.PTTL(ctx, key).Val()
		if (want < 0 && ttl != -1) || (want > 0 && (ttl > want || ttl < want-time.Minute)) {
			t.Errorf("%s lives %v, want %v", key, ttl, want)
		}
	}
	if f := c.HKeys(ctx, tag+":tip:"+code).Val(); len(f) != 2 || !slices.Contains(f, "r") || !slices.Contains(f, "t") {
		t.Errorf("a new tip has fields %v, want r and t", f)
	}
	clock.Advance(49 * time.Hour) // the next tip filed trims the index of tips past the retention
	b.Handle(ctx, bot.Inbound{ID: "SMx", From: "+15550001111", Body: "DELETE"})
	if c.Exists(ctx, tag+":tu:"+tx).Val() != 0 || c.HExists(ctx, tag+":tip:"+code, "t").Val() {
		t.Error("erasure left the texter's list of tips, or the tip's texter")
	}
	if !c.HExists(ctx, tag+":tip:"+code, "r").Val() {
		t.Error("erasure deleted the tip itself")
	}
}

// TestTipIndexTrimmed: filing a tip drops index entries older than the retention.
func TestTipIndexTrimmed(t *testing.T) {
	c, _, clock, _, b := privateBot(t, redis.Options{TipRetention: 48 * time.Hour, Shards: 1})
	walkTip(t, b, "+15550001111")
	clock.Advance(49 * time.Hour)
	second := walkTip(t, b, "+15550002222")
	if got := c.ZRange(context.Background(), "fd:{0}:ti", 0, -1).Val(); strings.Join(got, ",") != second {
		t.Fatalf("the index holds %v, want only the tip within the retention", got)
	}
}
