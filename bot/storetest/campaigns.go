package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

// campaignWalks are what texters send, and the campaign counts each walk adds: a campaign word
// as a first message, at the main menu, one after another, inside a question (an answer there,
// not a start), and again while in its flow and after leaving it.
var campaignWalks = []struct {
	bodies []string
	counts bot.Counts
}{
	{[]string{"PARENTS"}, bot.Counts{"campaign:parents": 1}},
	{[]string{"hi", "padres"}, bot.Counts{"campaign:padres": 1}},
	{[]string{"Fe", "ESCUELA!"}, bot.Counts{"campaign:fe": 1, "campaign:escuela": 1}},
	{[]string{"hi", "2", "PARENTS"}, nil},
	// The word again while in its flow is the same conversation; after leaving it, a new one.
	{[]string{"TEENS", "1", "teens", "0", "TEENS"}, bot.Counts{"campaign:teens": 2}},
}

// testCampaignReplicas: 1,000 texters use campaign words through bot.Bot on two replicas, and
// every message reaches both replicas at once. Each campaign counter is exact, and no counter
// name holds anything of a texter.
func testCampaignReplicas(t *testing.T, e *env) {
	const texters = 1000
	bots := []*bot.Bot{e.newBot(e.s), e.newBot(e.client())}
	want := bot.Counts{}
	for i := range texters {
		want.Sum(campaignWalks[i%len(campaignWalks)].counts)
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range work {
				e.campaignWalk(bots, i)
			}
		})
	}
	for i := range texters {
		work <- i
	}
	close(work)
	wg.Wait()
	got := bot.Counts{}
	for name, n := range e.today(e.client()) {
		if strings.HasPrefix(name, bot.StatCampaign+":") {
			got[name] = n
		}
		if strings.Contains(name, "1555") || !bot.ValidStatName(name) {
			t.Errorf("counter %q may hold something of a texter", name)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("campaign counters after 1,000 texters, every message delivered twice:\n got %v\nwant %v", got, want)
	}
}

// campaignWalk sends texter i's walk, each message handled by both replicas at once.
func (e *env) campaignWalk(bots []*bot.Bot, i int) {
	number := fmt.Sprintf("+1555%07d", i)
	for j, body := range campaignWalks[i%len(campaignWalks)].bodies {
		in := bot.Inbound{ID: fmt.Sprintf("SMc%d-%d", i, j), From: number, Body: body}
		var wg sync.WaitGroup
		outs := make([]bot.Outcome, 2)
		for k, b := range bots {
			wg.Go(func() { outs[k] = b.Handle(e.ctx, in) })
		}
		wg.Wait()
		if outs[0].FailSafe || outs[1].FailSafe || outs[0].Duplicate == outs[1].Duplicate {
			e.t.Errorf("message %s: fail-safe %v/%v, duplicate %v/%v; want one handled, one duplicate",
				in.ID, outs[0].FailSafe, outs[1].FailSafe, outs[0].Duplicate, outs[1].Duplicate)
			return
		}
	}
}
