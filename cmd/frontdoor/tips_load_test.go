package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/redis"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
)

// tightIDs draws tip codes from a space of 20,000, so that codes clash now and then and the
// store's refusal of a taken code, and the Bot's redraw, happen under load.
type tightIDs struct {
	mu  sync.Mutex
	rnd *rand.Rand
}

func (i *tightIDs) Alias() string { return "A" + storetest.CodeN(i.intn(1000))[7:] }
func (i *tightIDs) TipCode() string {
	return storetest.CodeN(i.intn(20000))
}
func (i *tightIDs) intn(n int) int { i.mu.Lock(); defer i.mu.Unlock(); return i.rnd.IntN(n) }

// takenCounter counts the commits refused for a taken tip code.
type takenCounter struct {
	*redis.Sessions
	store *redis.Store // the other parts
	taken atomic.Int64
}

func (c *takenCounter) Commit(ctx context.Context, cm bot.Commit) error {
	err := c.Sessions.Commit(ctx, cm)
	if errors.Is(err, bot.ErrTipCodeTaken) {
		c.taken.Add(1)
	}
	return err
}

// TestTips_thousand: 200 texters file 1,000 tips concurrently through bot.Bot on two Redis
// clients (two replicas), while three workers post them with the Slack applier to the fake Slack,
// which fails with 500 and then 429 for a while. Every tip gets its own code and is posted once.
func TestTips_thousand(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 tips: not in -short")
	}
	const texters, perTexter = 200, 5
	url := redistest.URL(t)
	keys, clock := storetest.Keys(t), bot.ClockFunc(time.Now)
	prefix := fmt.Sprintf("load%d", time.Now().UnixNano())
	open := func() *redis.Store {
		// A generous bound on each call: this test counts codes and posts, not latency, and 200
		// texters at once under -race on two cores wait longer than the 400 ms default for a
		// pooled connection.
		s, err := redis.Open(context.Background(), url, redis.Options{Keys: keys, Clock: clock, Prefix: prefix, Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	sl := slackfake.New()
	defer sl.Close()
	var fails []slackfake.Answer
	for range 40 {
		fails = append(fails, slackfake.Answer{Status: 500})
	}
	sl.Fail("chat.postMessage", append(fails, slackfake.Answer{Status: 429, RetryAfter: "1"})...)

	counted := func(s *redis.Store) *takenCounter { return &takenCounter{Sessions: s.Sessions(), store: s} }
	stores := []*takenCounter{counted(open()), counted(open())}
	bots := []*bot.Bot{loadBot(t, stores[0], keys, 1), loadBot(t, stores[1], keys, 2)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 3 {
		w := loadWorker(t, open(), bots[0], sl, fmt.Sprintf("w%d", i))
		wg.Go(func() { w.Run(ctx) })
	}
	defer func() { cancel(); wg.Wait() }()

	codes := fileConcurrently(t, bots, texters, perTexter)
	if len(codes) != texters*perTexter {
		t.Fatalf("%d distinct codes for %d tips", len(codes), texters*perTexter)
	}
	waitForLong(t, "every tip posted", 3*time.Minute, func() bool { return len(sl.Messages("C0TIPS0001")) >= len(codes) })
	time.Sleep(200 * time.Millisecond) // a duplicate would show up now
	posted := map[string]int{}
	for _, m := range sl.Messages("C0TIPS0001") {
		posted[receiptRE.FindString(string(m.Metadata))]++
	}
	for c := range codes {
		if posted[c] != 1 {
			t.Errorf("tip %s posted %d times", c, posted[c])
		}
	}
	if len(posted) != len(codes) {
		t.Errorf("%d distinct tips posted, want %d", len(posted), len(codes))
	}
	all, err := stores[0].store.Tips().Tips(context.Background(), time.Time{})
	if err != nil || len(all) != len(codes) {
		t.Fatalf("the store lists %d tips (%v), want %d", len(all), err, len(codes))
	}
	taken := stores[0].taken.Load() + stores[1].taken.Load()
	if taken == 0 {
		t.Error("no code clashed; the redraw was not exercised (tightIDs is too loose)")
	}
	t.Logf("%d tips, %d distinct codes, %d posts, %d taken codes redrawn, %d postMessage calls",
		len(codes), len(codes), len(sl.Messages("C0TIPS0001")), taken, len(sl.Calls("chat.postMessage")))
}

// fileConcurrently has each texter file perTexter tips, all texters at once, alternating
// replicas, and returns the codes the texters were given.
func fileConcurrently(t *testing.T, bots []*bot.Bot, texters, perTexter int) map[string]bool {
	var mu sync.Mutex
	codes := map[string]bool{}
	var wg sync.WaitGroup
	for i := range texters {
		wg.Go(func() {
			number := fmt.Sprintf("+1555%07d", i)
			for k := range perTexter {
				code, err := fileOne(bots[(i+k)%2], number, fmt.Sprintf("SM%d-%d-", i, k))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if codes[code] {
					t.Errorf("code %s given twice", code)
				}
				codes[code] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return codes
}

func fileOne(b *bot.Bot, number, idPrefix string) (string, error) {
	var out bot.Outcome
	for j, body := range storetest.TipWalk {
		out = b.Handle(context.Background(), bot.Inbound{ID: fmt.Sprintf("%s%d", idPrefix, j), From: number, Body: body})
		if out.FailSafe {
			return "", fmt.Errorf("%s: %q got the fail-safe reply", idPrefix, body)
		}
	}
	code := receiptCode(out.Replies)
	if code == "" {
		return "", fmt.Errorf("%s: no receipt code in %q", idPrefix, out.Replies)
	}
	return code, nil
}

func loadBot(t *testing.T, store *takenCounter, keys *bot.Keys, seed uint64) *bot.Bot {
	t.Helper()
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		t.Fatal(probs)
	}
	ids := &tightIDs{rnd: rand.New(rand.NewPCG(seed, seed))}
	b, _ := storetest.NewRig(t, storetest.Rig{Store: store, Tips: store.store.Tips(), Stats: store.store.Stats(),
		SendGate: store.store.SendGate(), Keys: keys, Clock: bot.ClockFunc(time.Now), IDs: ids, Lang: "en",
		Log: slog.New(slog.DiscardHandler)})
	// No rate limit: a texter sends 40 messages here, more than 30 in ten minutes.
	return b
}

// loadWorker is one replica's outbox worker posting tips with the Slack applier.
func loadWorker(t *testing.T, store *redis.Store, b *bot.Bot, sl *slackfake.Server, name string) *bot.Worker {
	t.Helper()
	api, err := slack.NewClient(slack.ClientConfig{BotToken: slackfake.Token, APIURL: sl.APIURL(), Transport: slackfake.LoopbackOnly{}})
	if err != nil {
		t.Fatal(err)
	}
	d := bot.NewDesk(bot.DeskConfig{Sessions: store.Sessions(), Desk: store.Desk(), Tips: store.Tips(), Live: bot.NewLiveEngine(b.CurrentEngine(), 0),
		Clock: b.Clock, Log: b.Log, Roster: storetest.Roster(t)})
	applier := &slack.Applier{API: api, Desk: d, Tips: store.Tips(), Log: slog.New(slog.DiscardHandler)}
	return &bot.Worker{Outbox: store.Outbox(), Applier: applier, Clock: bot.ClockFunc(time.Now), Consumer: name,
		Log: slog.New(slog.DiscardHandler), BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond,
		Idle: 20 * time.Millisecond, MinIdle: 10 * time.Second}
}

// waitForLong is waitFor with its own limit.
func waitForLong(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
