package faults_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/faults"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestDuplicates delivers every message of many conversations 2 to 5 times at once, spread over
// 3 replicas, as Twilio's retries and a load balancer can: every copy must get the same answer,
// and each conversation must cause its effects once: one tip post per tip walk, one handoff post
// and one relayed message per conversation with staff.
func TestDuplicates(t *testing.T) {
	faults.Need(t)
	srv := redistest.Start(t)
	f := faults.Start(t, faults.Options{Replicas: 3, RedisURL: srv.URL()})
	trials := faults.Size(300, 1000)
	rng := rand.New(rand.NewPCG(12, 12))
	copies := make([][]int, trials) // per trial, per step: how many copies
	for i := range copies {
		n := len(faults.TipScript(0))
		if i%3 == 2 {
			n = len(faults.SeekScript(0))
		}
		for range n {
			copies[i] = append(copies[i], 2+rng.IntN(4))
		}
	}
	var differ, deliveries atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, 12)
	start := time.Now()
	for i := range trials {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			from, script := faults.Number(40, i), faults.TipScript(i)
			if i%3 == 2 {
				script = faults.SeekScript(i)
			}
			for step, body := range script {
				answers := deliver(t, f, faults.SID("du", i, step), from, body, copies[i][step], i+step)
				deliveries.Add(int64(len(answers)))
				for _, a := range answers[1:] {
					if !slices.Equal(a, answers[0]) {
						differ.Add(1)
						t.Errorf("trial %d step %d: copies answered %q and %q", i, step, answers[0], a)
					}
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	wantTips, wantSeeks := 0, 0
	for i := range trials {
		if i%3 == 2 {
			wantSeeks++
		} else {
			wantTips++
		}
	}
	f.WaitUntil(60*time.Second, "every tip and handoff post", func() bool {
		return len(f.TipPosts()) >= wantTips && len(f.HandoffPosts()) >= wantSeeks
	})
	time.Sleep(2 * time.Second) // a second post would come now
	extra := 0
	for i := range trials {
		if i%3 == 2 {
			if n := strings.Count(f.ThreadText(f.ThreadOf(faults.SeekerWords(i, 0))), faults.SeekerWords(i, 0)); n != 1 {
				extra++
				t.Errorf("trial %d: the message to staff is %d times in its thread", i, n)
			}
			continue
		}
		if n, _ := f.TipPostsOf(i); n != 1 {
			extra++
			t.Errorf("trial %d: the tip was posted %d times", i, n)
		}
	}
	if n := len(f.HandoffPosts()); n != wantSeeks {
		extra++
		t.Errorf("%d handoff posts for %d conversations with staff", n, wantSeeks)
	}
	faults.Figure(t, "%d conversations (%d tip walks, %d with staff), each message delivered 2-5 times at once over 3 replicas (%d deliveries in %.1fs): %d answers differed from their first copy, %d conversations with an effect missing or repeated",
		trials, wantTips, wantSeeks, deliveries.Load(), took.Seconds(), differ.Load(), extra)
}

// deliver posts n copies of one message at once, to the replicas in turn from k, and returns
// their answers (the TwiML messages).
func deliver(t *testing.T, f *faults.Fleet, sid, from, body string, n, k int) [][]string {
	out := make([][]string, n)
	var wg sync.WaitGroup
	for c := range n {
		wg.Go(func() {
			a, err := f.TextTo((k+c)%len(f.Replicas), sid, from, body)
			if err != nil || a.Status != 200 {
				t.Errorf("%s copy %d: %+v %v", sid, c, a, err)
				return
			}
			out[c] = a.Replies
		})
	}
	wg.Wait()
	return out
}
