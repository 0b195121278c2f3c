package redis_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// sessionKeyBudget is the target size of an idle session in Redis (MEMORY USAGE).
const sessionKeyBudget = 512

// idleConversations are what texters typically leave behind: a tip told but not yet sent (the
// largest session: every answer saved), a handoff, the menu.
var idleConversations = [][]string{
	{"hi", "tip", "el paso texas", "A girl, maybe 15, is moved between motels by an older man.",
		"Every weekend since March", "Red pickup, plate ABC-1234", "No"},
	{"hi", "3", "yes", "4", "skip", "I need to talk to someone about my job"},
	{"hello", "1"},
}

// TestIdleSessionMemory measures MEMORY USAGE of idle sessions and fails above the budget.
func TestIdleSessionMemory(t *testing.T) {
	c, keys, _, _, b := privateBot(t, redis.Options{})
	for i, conv := range idleConversations {
		number := fmt.Sprintf("+1555010%04d", i)
		talk(t, b, number, conv)
		session, dedupe := usage(t, c, keys, number)
		t.Logf("conversation %d (%d messages): session key %d B; dedupe record (first 24 h) %d B", i, len(conv), session, dedupe)
		if session > sessionKeyBudget {
			t.Errorf("conversation %d: an idle session takes %d B, over the %d B budget", i, session, sessionKeyBudget)
		}
	}
}

func talk(t testing.TB, b *bot.Bot, number string, bodies []string) {
	t.Helper()
	for i, body := range bodies {
		if out := b.Handle(context.Background(), bot.Inbound{ID: fmt.Sprintf("SM%s%03d", strings.TrimPrefix(number, "+"), i), From: number, Body: body}); out.FailSafe {
			t.Fatalf("message %d got the fail-safe reply", i)
		}
	}
}

// usage returns MEMORY USAGE of the texter's session key and dedupe hash.
func usage(t testing.TB, c *goredis.Client, keys *bot.Keys, number string) (session, dedupe int64) {
	t.Helper()
	tx := keys.TexterKey(bot.ChannelSMS, number)
	tag := "fd:{" + strconv.Itoa(bot.ShardOf(tx, bot.DefaultShards)) + "}"
	ctx := context.Background()
	session, err := c.MemoryUsage(ctx, tag+":s:"+tx, 0).Result()
	if err != nil {
		t.Fatalf("MEMORY USAGE: %v", err)
	}
	dedupe, _ = c.MemoryUsage(ctx, tag+":d:"+tx, 0).Result()
	return session, dedupe
}

// BenchmarkIdleSessionMemory reports the bytes an idle session takes: MEMORY USAGE of the
// session key, averaged over the conversations above.
func BenchmarkIdleSessionMemory(b *testing.B) {
	srv := redistest.Start(b)
	c := newClient(b, srv.URL())
	defer c.Close()
	keys, clock := testKeys(b), storetest.NewClock()
	s := openStore(b, srv.URL(), redis.Options{Keys: keys, Clock: clock})
	bt := newBot(b, s, keys, clock)
	var session, dedupe int64
	n := 0
	for i := 0; b.Loop(); i++ {
		number := fmt.Sprintf("+1555%07d", i)
		talk(b, bt, number, idleConversations[i%len(idleConversations)])
		sk, dk := usage(b, c, keys, number)
		session, dedupe, n = session+sk, dedupe+dk, n+1
	}
	b.ReportMetric(float64(session)/float64(n), "B/session")
	b.ReportMetric(float64(dedupe)/float64(n), "B/dedupe-24h")
}

// BenchmarkStorePath measures the store path of an inbound message (Load, then Commit of the
// new session, its reply and a dedupe record) for 1,000 distinct texters, from parallel
// goroutines (16 per CPU, as concurrent webhooks would be), against a local redis-server.
// msgs/s is the figure.
func BenchmarkStorePath(b *testing.B) {
	const texters = 1000
	srv := redistest.Start(b)
	keys, clock := testKeys(b), storetest.NewClock()
	s := openStore(b, srv.URL(), redis.Options{Keys: keys, Clock: clock})
	ctx := context.Background()
	ids := make([]string, texters)
	for i := range ids {
		number := fmt.Sprintf("+1555%07d", i)
		ids[i] = keys.TexterKey(bot.ChannelSMS, number)
		sess := storetest.FullSession(ids[i], number, clock.Now())
		if err := s.Commit(ctx, bot.Commit{Texter: ids[i], Session: sess}); err != nil {
			b.Fatal(err)
		}
	}
	reply := strings.Repeat("Thank you. Reply with a number: 1 safety 2 tip 3 talk. ", 5)
	var seq, conflicts atomic.Int64
	start := time.Now()
	b.ResetTimer()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			if err := storeMessage(ctx, s, ids[n%texters], fmt.Sprintf("SM%d", n), reply, clock, &conflicts); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	b.ReportMetric(float64(conflicts.Load())/float64(b.N), "conflicts/msg")
}

func storeMessage(ctx context.Context, s *storeParts, texter, id, reply string, clock bot.Clock, conflicts *atomic.Int64) error {
	for {
		snap, err := s.Load(ctx, texter, id)
		if err != nil {
			return err
		}
		sess := snap.Session
		sess.Updated, sess.LastInbound = clock.Now(), clock.Now()
		err = s.Commit(ctx, bot.Commit{Texter: texter, MessageID: id, Session: sess, Replies: []string{reply}})
		if !errors.Is(err, bot.ErrConflict) {
			return err
		}
		conflicts.Add(1)
	}
}

// BenchmarkBotHandle measures whole inbound messages through bot.Bot (Load, keywords and flows,
// Commit) for 1,000 distinct texters walking the menu, from parallel goroutines.
func BenchmarkBotHandle(b *testing.B) {
	const texters = 1000
	srv := redistest.Start(b)
	keys, clock := testKeys(b), storetest.NewClock()
	s := openStore(b, srv.URL(), redis.Options{Keys: keys, Clock: clock})
	bt := newBot(b, s, keys, clock)
	bodies := []string{"hello", "1", "MENU", "4", "MENU"}
	var seq, failSafe atomic.Int64
	start := time.Now()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			in := bot.Inbound{ID: fmt.Sprintf("SM%d", n), From: fmt.Sprintf("+1555%07d", n%texters), Body: bodies[(n/texters)%int64(len(bodies))]}
			if out := bt.Handle(context.Background(), in); out.FailSafe {
				failSafe.Add(1)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	if failSafe.Load() > 0 {
		b.Fatalf("%d messages got the fail-safe reply", failSafe.Load())
	}
}
