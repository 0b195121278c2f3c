package faults_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/faults"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

// eraser is one texter of TestEraseEveryState: how far they got before DELETE.
type eraser struct {
	id     int
	state  string // open, ended, tip, in-flight
	from   string
	tip    string // the receipt code of their tip
	canary string // their words, to look for afterwards
}

// TestEraseEveryState: texters text DELETE with a handoff open and claimed (staff answered), after
// a handoff ended, after filing a tip, and while their handoff post is on its way to Slack (Slack
// answers every post 1.5 s late). Within 60 s nothing of theirs is left: no Redis key named by
// them, no outbox entry or dead letter that holds their key or words, none of their words in any
// Slack handoff post or thread; their tips stay, without a link to them. 10 texters per state at
// CI size, 100 at full size, on 3 replicas.
func TestEraseEveryState(t *testing.T) {
	faults.Need(t)
	srv := redistest.Start(t)
	f := faults.Start(t, faults.Options{Replicas: 3, RedisURL: srv.URL()})
	keys, err := bot.NewKeys([]byte(f.Env["FRONTDOOR_SECRET"]))
	if err != nil {
		t.Fatal(err)
	}
	per := faults.Size(10, 100)
	states := []string{"open", "ended", "tip", "in-flight"}
	var erasers []*eraser
	for s, state := range states {
		for k := range per {
			i := s*per + k
			erasers = append(erasers, &eraser{id: i, state: state, from: faults.Number(71, i), canary: fmt.Sprintf("erasecanary %04d", i)})
		}
	}
	var mu sync.Mutex
	var lastDelete time.Time
	run := func(state string) {
		var wg sync.WaitGroup
		sem := make(chan struct{}, 20)
		for _, x := range erasers {
			if (state == "in-flight") != (x.state == "in-flight") {
				continue
			}
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				eraseIn(t, f, x)
				mu.Lock()
				lastDelete = time.Now()
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	run("the others")
	f.Slack.Slow("chat.postMessage", 1500*time.Millisecond) // then the posts in flight, alone
	run("in-flight")

	var left []string
	_, ok := faults.PollUntil(60*time.Second, func() bool {
		left = leftovers(t, f, srv.URL(), keys, erasers)
		return len(left) == 0
	})
	clean := time.Since(lastDelete)
	if !ok {
		for _, l := range left[:min(len(left), 20)] {
			t.Error(l)
		}
		t.Fatalf("60 s after the last DELETE, %d traces of erased texters are left", len(left))
	}
	kept := keptTips(t, srv.URL(), erasers)
	landedAfter, redacted := 0, 0
	for _, m := range f.Slack.Messages(faults.QueueChannel) {
		if strings.Contains(string(m.Blocks), "the texter left before anyone answered") {
			landedAfter++
		}
		if strings.Contains(m.Text, "[erased at the texter's request]") {
			redacted++
		}
	}
	faults.Figure(t, "%d texters erased (%d each with a claimed handoff, an ended handoff, a tip, a handoff post in flight; "+
		"%d posts landed after their DELETE, %d messages redacted in threads): 0 Redis keys named by them, 0 outbox or "+
		"dead-letter entries with their key or words, 0 Slack posts or thread messages with their words %.1fs after the last "+
		"DELETE (60 s allowed); %d of %d tips kept, without a link to them",
		len(erasers), per, landedAfter, redacted, clean.Seconds(), kept, per)
}

// eraseIn walks one texter to their state and texts DELETE.
func eraseIn(t *testing.T, f *faults.Fleet, x *eraser) {
	n := 0
	say := func(body string) []string {
		n++
		a, err := f.Text(faults.SID("er", x.id, n), x.from, body)
		if err != nil || a.Status != 200 {
			t.Errorf("texter %d %q: %+v %v", x.id, body, a, err)
		}
		return a.Replies
	}
	switch x.state {
	case "tip":
		for _, body := range faults.TipScript(x.id) {
			if c := faults.Receipt(servetest.SMS{Replies: say(body)}); c != "" {
				x.tip = c
			}
		}
		x.canary = faults.WhatOf(x.id) // kept in the tip post by design; checked elsewhere
	case "in-flight":
		for _, body := range []string{"hi", "3", "1", "4", "skip"} {
			say(body)
		}
		time.Sleep(700 * time.Millisecond) // the worker has posted; Slack's answer is still on the way
		say("my name is " + x.canary)
	default:
		for _, body := range []string{"hi", "3", "1", "4", "skip", "my name is " + x.canary} {
			say(body)
		}
		var thread string
		if _, ok := faults.PollUntil(60*time.Second, func() bool { thread = f.ThreadOf(x.canary); return thread != "" }); !ok {
			t.Errorf("texter %d: their words never reached a thread", x.id)
			return
		}
		if x.state == "open" {
			f.Claim(thread, 60*time.Second)
			if _, err := f.Reply(thread, fmt.Sprintf("staff answer to %04d", x.id), fmt.Sprintf("EvEr%05d", x.id)); err != nil {
				t.Error(err)
			}
		} else {
			say("MENU") // the handoff ends; its thread stays in Slack
			say("2")    // and the texter goes on with the menu
		}
	}
	if r := say("DELETE"); len(r) != 1 {
		t.Errorf("texter %d: DELETE answered %q", x.id, r)
	}
}

// leftovers lists what is still there of the erased texters.
func leftovers(t *testing.T, f *faults.Fleet, url string, keys *bot.Keys, erasers []*eraser) []string {
	c := redisClient(t, url)
	defer c.Close()
	ctx := context.Background()
	texters := map[string]*eraser{}
	for _, x := range erasers {
		texters[keys.TexterKey(bot.ChannelSMS, x.from)] = x
	}
	var out []string
	iter := c.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		for tx, x := range texters {
			if strings.Contains(k, tx) {
				out = append(out, fmt.Sprintf("texter %d (%s): key %s", x.id, x.state, strings.Replace(k, tx, "<t>", 1)))
			}
		}
		if c.Type(ctx, k).Val() != "stream" {
			continue
		}
		for _, m := range c.XRange(ctx, k, "-", "+").Val() {
			sealed, _ := m.Values["e"].(string)
			plain, _ := keys.OpenBound([]byte(sealed), []byte("frontdoor/effect"))
			for tx, x := range texters {
				if m.Values["t"] == tx || strings.Contains(string(plain), tx) || (x.state != "tip" && strings.Contains(string(plain), x.canary)) {
					out = append(out, fmt.Sprintf("texter %d (%s): %s entry %s holds them", x.id, x.state, k, m.ID))
				}
			}
		}
	}
	for _, m := range f.Slack.Messages(faults.QueueChannel) {
		shown := m.Text + string(m.Blocks)
		for _, x := range erasers {
			if x.state != "tip" && strings.Contains(shown, x.canary) {
				out = append(out, fmt.Sprintf("texter %d (%s): Slack message %s shows their words", x.id, x.state, m.TS))
			}
		}
	}
	return out
}

// keptTips counts the erased tipsters' tips still kept, and fails for one that still names them.
func keptTips(t *testing.T, url string, erasers []*eraser) int {
	c := redisClient(t, url)
	defer c.Close()
	ctx := context.Background()
	kept := 0
	for _, x := range erasers {
		if x.state != "tip" {
			continue
		}
		if x.tip == "" {
			t.Errorf("tipster %d got no receipt", x.id)
			continue
		}
		found := false
		iter := c.Scan(ctx, 0, "*:tip:"+x.tip, 100).Iterator()
		for iter.Next(ctx) {
			found = true
			if c.HExists(ctx, iter.Val(), "t").Val() {
				t.Errorf("tip %s still links to the tipster who erased their data", x.tip)
			}
		}
		if found {
			kept++
		}
	}
	return kept
}

func redisClient(t *testing.T, url string) *goredis.Client {
	o, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	return goredis.NewClient(o)
}
