package faults_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/faults"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestTwilioOutage: staff answer texters while Twilio's REST API answers 503 for 30 s (60 s at
// full size). Every reply is either delivered once when Twilio is back (one accepted request,
// and the check mark on the staff message) or noted as not sent in its thread (the warning
// mark, and no accepted request); none is lost silently or sent twice.
func TestTwilioOutage(t *testing.T) {
	faults.Need(t)
	srv := redistest.Start(t)
	f := faults.Start(t, faults.Options{Replicas: 3, RedisURL: srv.URL()})
	nSeek, outage := faults.Size(20, 50), faults.Size(30*time.Second, 60*time.Second)
	seekers := faults.Seekers(50, 1000, nSeek)
	threads := make([]string, nSeek)
	for k, x := range seekers {
		for n, body := range x.Script {
			if a, err := f.Text(faults.SID("tw", x.ID, n), x.From, body); err != nil || a.Status != 200 {
				t.Fatalf("%s: %+v %v", body, a, err)
			}
		}
		f.WaitUntil(30*time.Second, "the handoff thread", func() bool {
			threads[k] = f.ThreadOf(faults.SeekerWords(x.ID, 0))
			return threads[k] != ""
		})
	}
	var wg sync.WaitGroup
	for _, th := range threads {
		wg.Go(func() { f.Claim(th, 30*time.Second) })
	}
	wg.Wait()

	f.Twilio.Down(http.StatusServiceUnavailable)
	down := time.Now()
	type reply struct{ to, text, ts string }
	var replies []reply
	for round := range 2 { // two replies to each texter, at the start and in the middle of the outage
		for k, x := range seekers {
			text := fmt.Sprintf("staff reply %d to seeker %04d", round, x.ID)
			ts, err := f.Reply(threads[k], text, fmt.Sprintf("EvTw%d%04d", round, x.ID))
			if err != nil {
				t.Fatal(err)
			}
			replies = append(replies, reply{x.From, text, ts})
		}
		time.Sleep(outage / 2)
	}
	time.Sleep(time.Until(down.Add(outage)))
	f.Twilio.Up()
	up := time.Now()
	settled := f.WaitUntil(120*time.Second, "every staff reply delivered or noted", func() bool {
		for _, r := range replies {
			if f.Reacted(r.ts) == "" {
				return false
			}
		}
		return true
	})
	// Once Twilio answers, each replica's next probe (bot.DefaultProbe) finds it back and every
	// reply that backed off is due at once, whatever its own backoff says.
	if limit := 3 * bot.DefaultProbe; settled > limit {
		t.Errorf("the replies settled %.1fs after Twilio recovered, want within %s: some waited out their own backoff", settled.Seconds(), limit)
	}
	time.Sleep(2 * time.Second) // a second send would come now
	accepted := map[string]int{}
	for _, req := range f.Twilio.Requests() {
		if req.Status == http.StatusCreated {
			accepted[req.Form.Get("To")+" "+req.Form.Get("Body")]++
		}
	}
	delivered, noted := 0, 0
	for _, r := range replies {
		n := accepted[r.to+" "+r.text]
		switch mark := f.Reacted(r.ts); {
		case mark == "white_check_mark" && n == 1:
			delivered++
		case mark == "warning" && n == 0:
			noted++
		default:
			t.Errorf("%q: marked %q, accepted by Twilio %d times", r.text, mark, n)
		}
	}
	faults.Figure(t, "Twilio down %.0fs (503) while staff sent %d replies: %d delivered once after it recovered, %d noted as not sent, %d wrong; all settled %.1fs after recovery",
		up.Sub(down).Seconds(), len(replies), delivered, noted, len(replies)-delivered-noted, settled.Seconds())
}
