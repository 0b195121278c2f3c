package faults_test

import (
	"context"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/faults"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestRedisOutageWithSpool kills Redis (with AOF, as production runs it) for 20 s (30 s at full
// size) under tip walks and conversations with staff spread over 2 replicas that each keep a
// spool. While Redis is down every texter gets the fail-safe reply within 5 s. Once it is back,
// every message is handled in the order the texter sent it, whichever replica kept it: every tip
// walk files its tip once, and every message for staff reaches its thread once and in order,
// all within 60 s of Redis's return.
func TestRedisOutageWithSpool(t *testing.T) {
	faults.Need(t)
	srv := redistest.StartPersistent(t)
	f := faults.Start(t, faults.Options{Replicas: 2, RedisURL: srv.URL(), Spool: true})
	rate := faults.Size(25.0, 50.0)
	warmup, outage, after := 8*time.Second, faults.Size(20*time.Second, 30*time.Second), 12*time.Second
	total := warmup + outage + after
	// Tip walks start in three waves, each walk lasting a third of the run, so that walks begin
	// before, during and after the outage; seekers write to staff all along, at the same pace.
	walk := total / 3
	perTexter := float64(len(faults.TipScript(0))) / walk.Seconds()
	nSeek := faults.Size(15, 40)
	nTip := int(rate/perTexter) - nSeek
	tippers, seekers := faults.Tippers(20, 0, nTip), faults.Seekers(21, 1000, nSeek)
	for k := range tippers {
		tippers[k].Delay = time.Duration(k%3) * walk
	}
	ctx, cancel := context.WithTimeout(context.Background(), total)
	defer cancel()
	done := make(chan *faults.Record, 1)
	var live *faults.Record
	ready := make(chan struct{})
	go func() {
		done <- f.DriveInto(ctx, "sp", append(tippers, seekers...), rate, func(r *faults.Record) { live = r; close(ready) })
	}()
	<-ready

	time.Sleep(warmup)
	srv.Stop()
	killed := time.Now()
	time.Sleep(outage)
	srv.Restart()
	back := time.Now()
	drainedIn := make(chan time.Duration, 1)
	go func() { drainedIn <- backlogDrained(f, tippers, seekers, live, back) }()
	rec := <-done

	var duringOutage, failSafe int
	var slowest time.Duration
	for _, a := range rec.Answers() {
		if a.Err != nil || a.SMS.Status != 200 {
			t.Errorf("%s: status %d, %v", a.SID, a.SMS.Status, a.Err)
			continue
		}
		if a.Sent.Before(killed.Add(500*time.Millisecond)) || !a.Sent.Before(back) {
			continue
		}
		duringOutage++
		slowest = max(slowest, a.Done.Sub(a.Sent))
		if faults.IsFailSafe(a.SMS) {
			failSafe++
		}
	}
	if failSafe != duringOutage || slowest > 5*time.Second {
		t.Errorf("during the outage %d of %d answers were the fail-safe reply, the slowest after %v", failSafe, duringOutage, slowest)
	}
	sent := rec.SentToStaff(seekers)
	f.WaitUntil(60*time.Second, "every tip and every message for staff to reach Slack", func() bool {
		return complete(f, tippers, seekers, sent)
	})
	drained := <-drainedIn
	time.Sleep(2 * time.Second) // a second post would come now
	lostTips, badThreads := 0, 0
	for _, x := range tippers {
		if n, _ := f.TipPostsOf(x.ID); n != 1 {
			lostTips++
			t.Errorf("tipper %d's tip was posted %d times; it got:\n%s", x.ID, n, rec.Transcript(x.ID, back))
		}
	}
	for _, x := range seekers {
		if got := f.SeekerNumbers(x.ID); !faults.InOrderOnce(got) || len(got) != sent[x.ID] {
			badThreads++
			t.Errorf("seeker %d sent %d messages to staff; they reached the thread as %v", x.ID, sent[x.ID], got)
		}
	}
	if drained > 60*time.Second {
		t.Errorf("the backlog took %v after Redis came back; the limit is 60 s", drained.Round(time.Second))
	}
	faults.Figure(t, "Redis down %.0fs under %.0f msg/s on 2 replicas with spools: %d of %d answers during the outage were the fail-safe reply, the slowest in %v; %d tip walks, %d not filed exactly once; %d seekers, %d with messages lost, repeated or out of order; what was sent during the outage reached Slack %.1fs after Redis came back; %d late replies by SMS",
		outage.Seconds(), rate, failSafe, duringOutage, slowest.Round(time.Millisecond), nTip, lostTips, nSeek, badThreads, drained.Seconds(), len(f.Twilio.Requests()))
}

// complete: every tipper's tip is posted and every seeker's messages sent[id] reached its thread.
func complete(f *faults.Fleet, tippers, seekers []faults.Texter, sent map[int]int) bool {
	for _, x := range tippers {
		if n, _ := f.TipPostsOf(x.ID); n == 0 {
			return false
		}
	}
	for _, x := range seekers {
		if len(f.SeekerNumbers(x.ID)) < sent[x.ID] {
			return false
		}
	}
	return true
}

// backlogDrained waits until what texters sent before Redis came back (the spooled messages)
// reached Slack: the tips of walks that ended before and the seekers' messages sent before. It
// returns how long after back that was, or 90 s.
func backlogDrained(f *faults.Fleet, tippers, seekers []faults.Texter, rec *faults.Record, back time.Time) time.Duration {
	for time.Since(back) < 90*time.Second {
		ended, sent := map[int]bool{}, map[int]int{}
		for _, a := range rec.Answers() {
			if a.Sent.Before(back) && a.Step == len(faults.TipScript(0))-1 {
				ended[a.Texter] = true
			}
		}
		var before []faults.Texter
		for _, x := range tippers {
			if ended[x.ID] {
				before = append(before, x)
			}
		}
		for id, n := range rec.SentBefore(seekers, back) {
			sent[id] = n
		}
		if complete(f, before, seekers, sent) {
			return time.Since(back)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return 90 * time.Second
}
