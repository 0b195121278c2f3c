package faults_test

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/faults"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestSlackOutage: texters in handoffs keep writing while Slack answers every call with 503
// for 90 s (120 s at full size), and others file tips. Nothing is lost or reordered, and once
// Slack answers again the whole backlog reaches it within 60 s: the outbox must not leave each
// conversation waiting out its own backoff.
func TestSlackOutage(t *testing.T) {
	faults.Need(t)
	srv := redistest.Start(t)
	f := faults.Start(t, faults.Options{Replicas: 3, RedisURL: srv.URL()})
	nSeek, outage := faults.Size(30, 50), faults.Size(90*time.Second, 120*time.Second)
	seekers := faults.Seekers(30, 1000, nSeek)
	// Everyone reaches staff first, so every handoff has its thread.
	for _, x := range seekers {
		for n, body := range x.Script {
			if a, err := f.Text(faults.SID("sl", x.ID, n), x.From, body); err != nil || a.Status != 200 {
				t.Fatalf("%s: %+v %v", body, a, err)
			}
		}
	}
	f.WaitUntil(30*time.Second, "every handoff thread", func() bool {
		for _, x := range seekers {
			if len(f.SeekerNumbers(x.ID)) != 1 {
				return false
			}
		}
		return true
	})
	f.Slack.Down(http.StatusServiceUnavailable)
	down := time.Now()
	// During the outage each seeker writes every 8 s (their messages 1, 2, ...), and tippers
	// file tips.
	ctx, cancel := context.WithTimeout(context.Background(), outage)
	defer cancel()
	var more []faults.Texter
	for _, x := range seekers {
		x.Script, x.Delay = nil, 0
		more = append(more, x)
	}
	tippers := faults.Tippers(31, 0, faults.Size(10, 20))
	rec := f.Drive(ctx, "sm", append(more, tippers...), float64(nSeek)/8+float64(len(tippers))/8)
	f.Slack.Up()
	up := time.Now()

	sent := rec.Sent(more)
	firstPost := map[string]time.Duration{}
	var mu sync.Mutex
	drained, _ := faults.PollUntil(faults.Size(150*time.Second, 300*time.Second), func() bool {
		mu.Lock()
		defer mu.Unlock()
		all := true
		for _, x := range seekers {
			got := len(f.SeekerNumbers(x.ID))
			if got > 1 {
				if _, ok := firstPost[x.From]; !ok {
					firstPost[x.From] = time.Since(up)
				}
			}
			if got < 1+sent[x.ID] {
				all = false
			}
		}
		for _, x := range tippers {
			if n, _ := f.TipPostsOf(x.ID); n == 0 {
				all = false
			}
		}
		return all
	})
	time.Sleep(2 * time.Second) // a second post would come now
	bad := 0
	for _, x := range seekers {
		if got := f.SeekerNumbers(x.ID); !faults.InOrderOnce(got) || len(got) != 1+sent[x.ID] {
			bad++
			t.Errorf("seeker %d wrote %d messages during the outage; the thread has %v", x.ID, sent[x.ID], got)
		}
	}
	for _, x := range tippers {
		if n, _ := f.TipPostsOf(x.ID); n != 1 {
			t.Errorf("tipper %d's tip was posted %d times", x.ID, n)
		}
	}
	if drained > 60*time.Second {
		t.Errorf("the backlog reached Slack %v after it recovered; the limit is 60 s", drained.Round(time.Second))
	}
	var firsts []time.Duration
	for _, d := range firstPost {
		firsts = append(firsts, d)
	}
	slices.Sort(firsts)
	p := func(q float64) time.Duration {
		if len(firsts) == 0 {
			return 0
		}
		return firsts[min(len(firsts)-1, int(q*float64(len(firsts))))].Round(100 * time.Millisecond)
	}
	total := 0
	for _, n := range sent {
		total += n
	}
	faults.Figure(t, "Slack down %.0fs (503) with %d texters in handoffs writing %d messages and %d tips: %d threads lost, repeated or out of order; backlog drained %.1fs after Slack recovered (first post per thread p50 %v, p90 %v)",
		up.Sub(down).Seconds(), nSeek, total, len(tippers), bad, drained.Seconds(), p(.5), p(.9))
}
