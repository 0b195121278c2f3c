package redis_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis"
)

// canaries are numbers no test uses for anything else, with the conversations they have.
var canaries = map[string][]string{
	"+12025550147": {"hello", "2", "a house on CANARYPHRASE street", "blue van", "last night", "two girls", "yes", "MENU"},
	"+13105550199": {"hi", "3", "yes", "4", "skip", "please help CANARYPHRASE", "I am scared", "STOP"},
	"+17185550123": {"hola", "1", "CANARYPHRASE", "MENU", "DELETE", "hello again"},
	"+14155550166": {"hi", "2", "Houston, TX", "two girls at the CANARYPHRASE motel", "last night", "blue van", "no", "1", "yes"},
	"+16175550188": {"PADRES", "1", "FAITH", "MENU"}, // campaign words: counted by word, nothing of the texter
}

// forms are the ways a number could be written down.
func forms(e164 string) []string {
	n := strings.TrimPrefix(e164, "+1")
	a, b, c := n[:3], n[3:6], n[6:]
	return []string{e164, "1" + n, n, a + " " + b + " " + c, a + "-" + b + "-" + c, "(" + a + ") " + b + "-" + c,
		"+1 " + a + " " + b + " " + c, "+1-" + a + "-" + b + "-" + c, a + "." + b + "." + c}
}

// TestPrivacyAtRest sends the canaries' conversations through bot.Bot, lets a worker dead-letter
// some effects, then reads every key and every value in Redis: no form of any canary number and
// no message text may be found.
func TestPrivacyAtRest(t *testing.T) {
	c, keys, clock, s, b := privateBot(t, redis.Options{})
	ctx := context.Background()
	n := 0
	aliases := map[string]bool{}
	for number, bodies := range canaries {
		for i, body := range bodies {
			n++ // message ids like Twilio's: nothing of the number in them
			out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SM%032d", n), From: number, Body: body})
			if out.FailSafe {
				t.Fatalf("%s message %d got the fail-safe reply", number, i)
			}
			if out.Alias != "" {
				aliases[out.Alias] = true
			}
		}
	}
	tips, err := s.Tips(ctx, time.Time{})
	if err != nil || len(tips) != 1 {
		t.Fatalf("the tipster's tip: %+v, %v", tips, err)
	}
	if out := b.Handle(ctx, bot.Inbound{ID: "SM" + strings.Repeat("9", 32), From: "+14155550166", Body: tips[0].Code + " CANARYPHRASE again"}); len(out.Effects) != 1 {
		t.Fatalf("the tipster's addition: %+v", out)
	}
	if err := s.AddToTip(ctx, tips[0].Code, bot.TipAddition{ID: "add:x", At: clock.Now(), Text: "CANARYPHRASE again"}); err != nil {
		t.Fatal(err)
	}
	var fails atomic.Int32 // the worker applies shards in parallel
	w := &bot.Worker{Outbox: s, Clock: clock, Consumer: "w", Log: slog.New(slog.DiscardHandler),
		Applier: bot.ApplierFunc(func(context.Context, bot.Effect) error {
			if fails.Add(1)%2 == 0 {
				return &bot.PermanentError{Code: "400"} // some dead letters, some left pending
			}
			return errorString("down")
		})}
	w.Poll(ctx)
	dump := dumpAll(t, c)
	if !strings.Contains(dump, ":s:") || !strings.Contains(dump, ":q") || !strings.Contains(dump, ":x") || !strings.Contains(dump, ":o:") ||
		!strings.Contains(dump, ":tip:") || !strings.Contains(dump, ":tu:") || !strings.Contains(dump, ":ti =") {
		t.Fatalf("the dump misses sessions, outbox, dead letters or opt-outs; the test proves nothing:\n%.2000q", dump)
	}
	for number := range canaries {
		for _, f := range forms(number) {
			if strings.Contains(dump, f) {
				t.Errorf("Redis holds %q", f)
			}
		}
	}
	for _, word := range []string{"CANARYPHRASE", "scared", "blue van", "two girls"} {
		if strings.Contains(dump, word) {
			t.Errorf("Redis holds message text %q in clear", word)
		}
	}
	checkCounters(t, dump, keys, aliases)
}

// checkCounters looks at the daily counters in the dump: they exist (the conversations above
// counted something, a tip in Texas and two campaign words among it, at 09 UTC), and neither
// their keys nor their fields nor their values hold a texter key, an alias, or anything but
// counter names, hours and numbers.
func checkCounters(t *testing.T, dump string, keys *bot.Keys, aliases map[string]bool) {
	t.Helper()
	var counters []string
	for _, line := range strings.Split(dump, "\n") {
		if strings.Contains(line, ":st:") && strings.Contains(line, ":{") {
			counters = append(counters, line)
		}
	}
	all := strings.Join(counters, "\n")
	if !strings.Contains(all, "tips:region:tx@09:1") || !strings.Contains(all, "conversations@") || len(aliases) == 0 ||
		!strings.Contains(all, "campaign:padres@09:1") || !strings.Contains(all, "campaign:faith@09:1") {
		t.Fatalf("the dump holds no daily counters with the tip from Texas; the check proves nothing:\n%s", all)
	}
	for number := range canaries {
		if tx := keys.TexterKey(bot.ChannelSMS, number); strings.Contains(all, tx) {
			t.Errorf("a daily counter holds the texter key of %s", number)
		}
	}
	for alias := range aliases {
		if strings.Contains(all, alias) {
			t.Errorf("a daily counter holds the alias %s", alias)
		}
	}
	for _, line := range counters {
		key, fields, _ := strings.Cut(line, " =map[")
		for _, f := range strings.Fields(strings.TrimSuffix(fields, "]")) {
			i := strings.LastIndex(f, ":")
			name, _, ok := bot.ParseHourField(f[:max(i, 0)])
			if i < 0 || !ok || !bot.ValidStatName(name) || strings.Trim(f[i+1:], "0123456789") != "" {
				t.Errorf("counter %s holds %q: not a counter name and a number", key, f)
			}
		}
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// dumpAll returns every key and value of the server as text.
func dumpAll(t *testing.T, c *goredis.Client) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, k := range scanAll(t, c) {
		fmt.Fprintf(&b, "%s =", k)
		switch typ := c.Type(ctx, k).Val(); typ {
		case "string":
			b.WriteString(c.Get(ctx, k).Val())
		case "hash":
			fmt.Fprint(&b, c.HGetAll(ctx, k).Val())
		case "stream":
			fmt.Fprint(&b, c.XRange(ctx, k, "-", "+").Val())
			fmt.Fprint(&b, c.XInfoGroups(ctx, k).Val())
		case "set":
			fmt.Fprint(&b, c.SMembers(ctx, k).Val())
		case "zset":
			fmt.Fprint(&b, c.ZRangeWithScores(ctx, k, 0, -1).Val())
		case "list":
			fmt.Fprint(&b, c.LRange(ctx, k, 0, -1).Val())
		default:
			t.Fatalf("key %s has type %s, which the dump cannot read", k, typ)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestEraseLeavesNothing: after DELETE, SCAN finds no key of the texter, except the opt-out
// of a texter who had opted out.
func TestEraseLeavesNothing(t *testing.T) {
	c, keys, _, _, b := privateBot(t, redis.Options{})
	ctx := context.Background()
	talk := map[string][]string{
		"+15550001111": {"hi", "3", "yes", "4", "skip", "are you there", "STOP", "DELETE"}, // opted out, then erased
		"+15550002222": {"hi", "2", "somewhere", "DELETE"},                                 // erased
		"+15550003333": {"hi", "1"},                                                        // kept: shows the scan sees keys
	}
	for number, bodies := range talk {
		for i, body := range bodies {
			b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SM-%s-%d", number[2:], i), From: number, Body: body})
		}
	}
	of := func(number string) []string {
		tx := keys.TexterKey(bot.ChannelSMS, number)
		var found []string
		for _, k := range scanAll(t, c) {
			if strings.Contains(k, tx) {
				found = append(found, strings.Replace(k, tx, "<t>", 1))
			}
		}
		return found
	}
	shard := func(number string) int { return bot.ShardOf(keys.TexterKey(bot.ChannelSMS, number), bot.DefaultShards) }
	if got, want := fmt.Sprint(of("+15550001111")), fmt.Sprintf("[fd:{%d}:o:<t>]", shard("+15550001111")); got != want {
		t.Errorf("keys of the opted-out erased texter: %s, want only %s", got, want)
	}
	if got := of("+15550002222"); len(got) != 0 {
		t.Errorf("keys of the erased texter: %v, want none", got)
	}
	if got := of("+15550003333"); len(got) != 3 {
		t.Errorf("keys of the kept texter: %v, want its session, dedupe record and rate window", got)
	}
}
