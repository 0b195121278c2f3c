package faults_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/faults"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

// TestStopDuringRetries: texters with staff text STOP at random points while staff reply and
// Twilio keeps refusing sends for now (about half its answers are 503, each after up to 300 ms,
// so the sender retries and attempts are in flight when the STOP comes). After a texter's STOP
// was answered, Twilio must get no attempt for them at all: the one confirmation is the last
// text. 200 texters at CI size, 2,000 at full size, on 3 replicas.
func TestStopDuringRetries(t *testing.T) {
	faults.Need(t)
	srv := redistest.Start(t)
	f := faults.Start(t, faults.Options{Replicas: 3, RedisURL: srv.URL()})
	n := faults.Size(200, 2000)
	rng := rand.New(rand.NewPCG(3, 3))
	var script []twiliotest.Answer
	for range 20 * n { // more answers than the run asks for; then every send succeeds
		a := twiliotest.Answer{Hang: time.Duration(rng.IntN(300)) * time.Millisecond}
		if rng.IntN(2) == 0 {
			a.Status = http.StatusServiceUnavailable
		}
		script = append(script, a)
	}
	f.Twilio.Push(script...)
	var mu sync.Mutex
	arrived := map[string][]time.Time{} // Twilio's attempts, by recipient
	f.Twilio.OnRequest(func(r twiliotest.Request) {
		mu.Lock()
		arrived[r.Form.Get("To")] = append(arrived[r.Form.Get("To")], time.Now())
		mu.Unlock()
	})

	seekers := faults.Seekers(70, 0, n)
	type stop struct{ sent, answered time.Time }
	stops := make([]stop, n)
	var replies, afterStop atomic.Int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, faults.Size(30, 60))
	start := time.Now()
	for k, x := range seekers {
		plan := rand.New(rand.NewPCG(uint64(k), 7))
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			for s, body := range x.Script {
				if a, err := f.Text(faults.SID("st", x.ID, s), x.From, body); err != nil || a.Status != 200 {
					t.Errorf("seeker %d %q: %+v %v", x.ID, body, a, err)
					return
				}
			}
			var thread string
			if _, ok := faults.PollUntil(60*time.Second, func() bool {
				thread = f.ThreadOf(faults.SeekerWords(x.ID, 0))
				return thread != ""
			}); !ok {
				t.Errorf("seeker %d: no handoff thread", x.ID)
				return
			}
			f.Claim(thread, 60*time.Second)
			nReplies := 1 + plan.IntN(3)
			stopAt := plan.IntN(nReplies + 1) // the STOP comes before reply stopAt; the last one is always after it
			for r := range nReplies + 1 {
				if r == stopAt {
					time.Sleep(time.Duration(plan.IntN(1500)) * time.Millisecond) // the send not yet started, in flight, or retrying
					stops[k].sent = time.Now()
					a, err := f.Text(faults.SID("st", x.ID, 90), x.From, "STOP")
					stops[k].answered = time.Now()
					if err != nil || len(a.Replies) != 1 || !strings.Contains(a.Replies[0], "unsubscribed") {
						t.Errorf("seeker %d: STOP answered %+v %v", x.ID, a, err)
					}
				}
				text := fmt.Sprintf("staff reply %d to seeker %04d", r, x.ID)
				if _, err := f.Reply(thread, text, fmt.Sprintf("EvSt%05d%d", x.ID, r)); err != nil {
					t.Error(err)
				}
				replies.Add(1)
				if r >= stopAt {
					afterStop.Add(1)
				}
				time.Sleep(time.Duration(plan.IntN(200)) * time.Millisecond)
			}
		})
	}
	wg.Wait()
	drove := time.Since(start)
	time.Sleep(8 * time.Second) // longer than the sender's and the worker's retries: a late attempt would come now

	mu.Lock()
	defer mu.Unlock()
	after, inWindow, attempts := 0, 0, 0
	for k, x := range seekers {
		for _, at := range arrived[x.From] {
			attempts++
			switch {
			case at.After(stops[k].answered):
				after++
				t.Errorf("seeker %d: an attempt reached Twilio %v after the STOP was answered", x.ID, at.Sub(stops[k].answered))
			case at.After(stops[k].sent):
				inWindow++ // in flight while the STOP was handled: it waited for it
			}
		}
	}
	if attempts == 0 {
		t.Fatal("Twilio got no attempt: the scenario proves nothing")
	}
	refused := strings.Count(f.Logs(), `"why":"the texter opted out"`)
	faults.Figure(t, "%d texters with staff texted STOP at random points while staff sent %d replies (%d of them written after the STOP) "+
		"and Twilio refused about half its %d attempts for now: %d attempts reached Twilio after a STOP was answered "+
		"(%d were in flight while one was being handled; %d replies were stopped at send time by the opt-out); driven in %.0fs",
		n, replies.Load(), afterStop.Load(), attempts, after, inWindow, refused, drove.Seconds())
}
