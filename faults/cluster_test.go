package faults_test

import (
	"context"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/faults"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestClusterFailover runs 3 replicas on a real 6-node Redis Cluster (3 masters, 3 replicas)
// under a steady stream of tip walks and kills the master of slots 0-5460. Texters may get the
// fail-safe reply while no master serves those slots, but none may get it 10 s after the
// replica's promotion, and every tip whose code a texter got is posted to Slack exactly once
// (also those whose outbox lived on the dead master).
func TestClusterFailover(t *testing.T) {
	faults.Need(t)
	c := redistest.StartCluster6(t)
	failoverUnderTips(t, c.URL(), func() (time.Time, time.Time) {
		old := c.MasterOf(0)
		old.Stop()
		killed := time.Now()
		if _, err := c.WaitFailover(0, old, 30*time.Second); err != nil {
			t.Fatal(err)
		}
		return killed, time.Now()
	})
}

// TestSentinelFailover is TestClusterFailover with a primary, its replica and three Sentinels
// (REDIS_URL redis+sentinel://): the primary is killed and the Sentinels promote the replica.
func TestSentinelFailover(t *testing.T) {
	faults.Need(t)
	g := redistest.StartSentinels(t)
	failoverUnderTips(t, g.URL(), func() (time.Time, time.Time) {
		old := g.Primary()
		old.Stop()
		killed := time.Now()
		if _, err := g.WaitFailover(old, 30*time.Second); err != nil {
			t.Fatal(err)
		}
		return killed, time.Now()
	})
}

// failoverUnderTips runs 3 replicas on redisURL under tip walks at 20 msg/s (50 at full size),
// calls kill after a warm-up (it kills a primary and returns when it did, and when the replica
// was promoted), and checks that no fail-safe answer comes 10 s after the promotion and that
// every tip whose code a texter got is posted once.
func failoverUnderTips(t *testing.T, redisURL string, kill func() (killed, promoted time.Time)) {
	f := faults.Start(t, faults.Options{Replicas: 3, RedisURL: redisURL})
	rate := faults.Size(20.0, 50.0)
	warmup, after := faults.Size(10*time.Second, 20*time.Second), faults.Size(20*time.Second, 40*time.Second)
	// Enough tippers that their walks last the warm-up, the failover and after; every walk ends.
	tippers := int(rate*(warmup+after).Seconds()) / len(faults.TipScript(0))
	done := make(chan *faults.Record, 1)
	go func() { done <- f.Drive(context.Background(), "fo", faults.Tippers(10, 0, tippers), rate) }()

	time.Sleep(warmup)
	killed, promoted := kill()
	rec := <-done
	if time.Since(promoted) < after/2 {
		t.Fatalf("the traffic ended %v after the promotion; too early to tell", time.Since(promoted))
	}

	var failSafe, late int
	var lastFailSafe time.Time
	for _, a := range rec.Answers() {
		if a.Err != nil || a.SMS.Status != 200 {
			t.Errorf("%s: status %d, %v", a.SID, a.SMS.Status, a.Err)
			continue
		}
		if faults.IsFailSafe(a.SMS) {
			failSafe++
			if a.Sent.After(lastFailSafe) {
				lastFailSafe = a.Sent
			}
			if a.Sent.After(promoted.Add(10 * time.Second)) {
				late++
			}
		}
	}
	if late > 0 {
		t.Errorf("%d fail-safe answers to messages sent more than 10 s after the promotion", late)
	}
	codes := rec.Receipts()
	f.WaitUntil(60*time.Second, "every tip a texter got a code for to be posted", func() bool {
		posted := f.TipPosts()
		for _, code := range codes {
			if posted[code] == 0 {
				return false
			}
		}
		return true
	})
	time.Sleep(2 * time.Second) // a second post would come now
	posted, given := f.TipPosts(), map[string]bool{}
	for _, code := range codes {
		given[code] = true
	}
	unannounced := 0
	for code, n := range posted {
		if n != 1 {
			t.Errorf("tip %s was posted %d times", code, n)
		}
		if !given[code] {
			unannounced++ // filed, but the answer that carried the code was lost in the failover
		}
	}
	since := "none"
	if !lastFailSafe.IsZero() {
		since = lastFailSafe.Sub(promoted).Round(100 * time.Millisecond).String()
	}
	faults.Figure(t, "%d tip walks at %.0f msg/s, %d messages: replica promoted %.1fs after the kill; %d fail-safe answers, the last to a message sent %s after the promotion, %d later than 10 s; %d tips with a code, each posted once: %v; %d filed whose code was lost with the answer",
		tippers, rate, len(rec.Answers()), promoted.Sub(killed).Seconds(), failSafe, since, late, len(codes), !t.Failed(), unannounced)
}
