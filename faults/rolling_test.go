package faults_test

import (
	"context"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/faults"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestRollingRestart restarts 3 replicas one after the other (SIGTERM, wait for the exit, start
// again) under 20 msg/s of tip walks and conversations with staff, behind a load balancer that
// routes only to ready replicas (as a Kubernetes Service does, /readyz every 100 ms; readiness
// fails 1 s before the listener closes). No request may get anything but 200, no fail-safe
// answer, and nothing may be lost: every tip posted once, every message to staff in its thread
// once and in order.
func TestRollingRestart(t *testing.T) {
	faults.Need(t)
	srv := redistest.Start(t)
	f := faults.Start(t, faults.Options{Replicas: 3, RedisURL: srv.URL(), Readiness: true,
		Env: map[string]string{"FRONTDOOR_DRAIN_DELAY": "1s"}})
	rate := 20.0
	rounds := faults.Size(1, 3) // full size: three rolling restarts in a row
	nSeek := 10
	walk := 16 * time.Second
	nTip := int(rate/(float64(len(faults.TipScript(0)))/walk.Seconds())) - nSeek
	tippers, seekers := faults.Tippers(60, 0, nTip), faults.Seekers(61, 1000, nSeek)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan *faults.Record, 1)
	go func() {
		// Tip walks start again and again until the restarts are over.
		every := walk / time.Duration(len(faults.TipScript(0)))
		var all []faults.Texter
		for k := range seekers {
			seekers[k].Every = every
		}
		for wave := range 10 {
			for _, x := range tippers {
				x.ID += wave * 100
				x.From = faults.Number(60+wave, x.ID)
				x.Script = faults.TipScript(x.ID)
				x.Delay, x.Every = time.Duration(wave)*walk, every
				all = append(all, x)
			}
		}
		done <- f.Drive(ctx, "rr", append(all, seekers...), rate)
	}()
	time.Sleep(5 * time.Second)
	start := time.Now()
	for range rounds {
		for _, r := range f.Replicas {
			r.Stop()
			r.Restart()
			time.Sleep(2 * time.Second)
		}
	}
	restarts := time.Since(start)
	time.Sleep(3 * time.Second)
	cancel()
	rec := <-done

	bad, failSafe := 0, 0
	ended := map[int]bool{}
	for _, a := range rec.Answers() {
		switch {
		case a.Err != nil || a.SMS.Status != 200:
			bad++
			t.Errorf("%s: status %d, %v", a.SID, a.SMS.Status, a.Err)
		case faults.IsFailSafe(a.SMS):
			failSafe++
			t.Errorf("%s: the fail-safe reply during a rolling restart", a.SID)
		}
		if a.Texter < 1000 && a.Step == len(faults.TipScript(0))-1 {
			ended[a.Texter] = true
		}
	}
	sent := rec.SentToStaff(seekers)
	f.WaitUntil(60*time.Second, "every tip and message for staff in Slack", func() bool {
		for id := range ended {
			if n, _ := f.TipPostsOf(id); n == 0 {
				return false
			}
		}
		for _, x := range seekers {
			if len(f.SeekerNumbers(x.ID)) < sent[x.ID] {
				return false
			}
		}
		return true
	})
	time.Sleep(2 * time.Second) // a second post would come now
	lost := 0
	for id := range ended {
		if n, _ := f.TipPostsOf(id); n != 1 {
			lost++
			t.Errorf("tipper %d's tip was posted %d times", id, n)
		}
	}
	for _, x := range seekers {
		if got := f.SeekerNumbers(x.ID); !faults.InOrderOnce(got) || len(got) != sent[x.ID] {
			lost++
			t.Errorf("seeker %d sent %d messages to staff; the thread has %v", x.ID, sent[x.ID], got)
		}
	}
	faults.Figure(t, "%d rolling restart(s) of 3 replicas in %.0fs at %.0f msg/s, %d messages: %d answers not 200, %d fail-safe; %d tip walks and %d conversations with staff, %d lost, repeated or out of order",
		rounds, restarts.Seconds(), rate, len(rec.Answers()), bad, failSafe, len(ended), nSeek, lost)
}
