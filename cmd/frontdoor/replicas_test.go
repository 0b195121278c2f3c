package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

// TestReplicas runs three serve processes on one real Redis, with a fake Twilio and a fake
// Slack, and 200 texters whose messages (and the staff's Slack events and buttons) are spread
// round-robin over the replicas: 120 give a tip, 80 reach staff, of whom staff claim and answer
// 60 while 20 stay unclaimed and escalate. One replica is killed mid-run. Every conversation must
// end right, every tip be applied, every handoff posted once, every texter message reach its
// thread once, every staff reply reach Twilio once and every escalation fire once.
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three processes")
	}
	srv := redistest.Start(t)
	tw, sl := twiliotest.NewServer(), slackfake.New()
	defer tw.Close()
	defer sl.Close()
	bin := servetest.Build(t)
	env := servetest.Env(t, tw, sl) // the roster escalates after 30 s, so the test sees it
	env["REDIS_URL"] = srv.URL()
	env["FRONTDOOR_OUTBOX_MIN_IDLE"] = "5s"
	reps := []*servetest.Replica{servetest.Start(t, bin, env), servetest.Start(t, bin, env), servetest.Start(t, bin, env)}
	run := &replicaRun{t: t, reps: reps, sl: sl, client: &http.Client{Transport: twiliotest.LoopbackOnly{}, Timeout: 10 * time.Second}}

	const tippers, seekers = 120, 80
	run.total = int64(tippers*len(tipWalk) + seekers*4)
	codes := make([]string, tippers)
	var wg sync.WaitGroup
	for i := range tippers {
		wg.Go(func() { codes[i] = run.tip(i) })
	}
	for i := range seekers {
		wg.Go(func() { run.seek(i, i%4 != 0) })
	}
	wg.Wait()
	if reps[2].Alive() {
		t.Fatal("replica 2 was never killed")
	}
	run.checkTips(codes)
	run.checkDesk(seekers, tw)
	for _, r := range reps {
		assertNoCanary(t, r.Logs())
		if strings.Contains(r.Logs(), "+1555") {
			t.Error("a replica logged a phone number")
		}
	}
	servetest.ScanSlack(t, sl, e2eCanary)
}

var tipWalk = []string{"hi", "2", "Houston, TX", "saw something at the motel", "today", "none", "no", "1", "yes"}

// replicaRun drives the texters and staff of TestReplicas.
type replicaRun struct {
	t        *testing.T
	reps     []*servetest.Replica
	sl       *slackfake.Server
	client   *http.Client
	total    int64
	sent     atomic.Int64
	killOnce sync.Once
}

// text sends one texter message round-robin, killing replica 2 once 95% of them went out.
func (r *replicaRun) text(k int, sid, from, body string) []string {
	if r.sent.Add(1) == r.total*19/20 {
		r.killOnce.Do(r.reps[2].Kill)
	}
	replies, err := postSMS(r.client, r.reps, k, sid, from, body)
	if err != nil {
		r.t.Errorf("%s: %v", sid, err)
	}
	return replies
}

// tip walks a whole tip and returns the receipt code.
func (r *replicaRun) tip(i int) string {
	from := fmt.Sprintf("+1555%07d", 3000000+i)
	var replies []string
	for j, body := range tipWalk {
		replies = r.text(i+j, fmt.Sprintf("SMt%03d%02d", i, j), from, body)
	}
	return receiptCode(replies)
}

// seek reaches staff and writes to them; claimed ones are claimed and answered by staff through
// the replicas in turn.
func (r *replicaRun) seek(i int, claim bool) {
	from := fmt.Sprintf("+1555%07d", 4000000+i)
	for j, body := range []string{"hi", "3", "1", "4", "skip", fmt.Sprintf("texter-%03d needs help", i)} {
		r.text(i+j, fmt.Sprintf("SMh%03d%02d", i, j), from, body)
	}
	if !claim {
		return
	}
	var thread string
	waitFor(r.t, "the handoff thread of a texter", func() bool {
		thread = r.threadOf(fmt.Sprintf("texter-%03d needs help", i))
		return thread != ""
	})
	claimed := func() bool { return strings.Contains(string(r.message(thread).Blocks), "Claimed by") }
	press := 0
	waitFor(r.t, "a claim", func() bool {
		if press++; press%25 == 1 {
			r.staff(i+press, "/slack/interactions", "application/x-www-form-urlencoded",
				servetest.SlackButton("U0STAFF001", "C0NATION01", thread, "fd_claim", "", i*1000+press))
		}
		return claimed()
	})
	text := fmt.Sprintf("reply to texter-%03d", i)
	ts := r.sl.AddUserMessage("C0NATION01", thread, "U0STAFF001", text)
	ev := fmt.Sprintf("Ev%03d", i)
	body := servetest.SlackEvent(ev, "C0NATION01", thread, ts, "U0STAFF001", text)
	r.staff(i+1, "/slack/events", "application/json", body)
	r.staff(i+2, "/slack/events", "application/json", body) // Slack's retry, elsewhere
}

// staff sends a signed Slack request to replica k, or the next live one, as a load balancer
// would (a replica may die while the request is in flight).
func (r *replicaRun) staff(k int, path, contentType, body string) {
	for range len(r.reps) {
		rep := r.reps[k%len(r.reps)]
		k++
		if !rep.Alive() {
			continue
		}
		resp, err := r.client.Do(servetest.SignedSlack(rep.Base(), path, contentType, body))
		if err != nil {
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			r.t.Errorf("%s answered %d", path, resp.StatusCode)
		}
		return
	}
	r.t.Errorf("%s: no replica answered", path)
}

// posts returns the handoff posts: the channel's messages that start a thread.
func (r *replicaRun) posts() []slackfake.Message {
	var out []slackfake.Message
	for _, m := range r.sl.Messages("C0NATION01") {
		if m.ThreadTS == "" || m.ThreadTS == m.TS {
			out = append(out, m)
		}
	}
	return out
}

// threadOf finds the handoff thread in which a texter's words appear.
func (r *replicaRun) threadOf(words string) string {
	for _, post := range r.posts() {
		if strings.Contains(servetest.ThreadText(r.sl, post.TS), words) {
			return post.TS
		}
	}
	return ""
}

func (r *replicaRun) message(ts string) slackfake.Message {
	for _, m := range r.sl.Messages("C0NATION01") {
		if m.TS == ts {
			return m
		}
	}
	return slackfake.Message{}
}

// checkTips: every texter got a distinct code and every tip was posted to the tips channel
// exactly once, by the survivors if the killed replica could not.
func (r *replicaRun) checkTips(codes []string) {
	t := r.t
	seen := map[string]bool{}
	for i, c := range codes {
		if c == "" || seen[c] {
			t.Fatalf("tipster %d got receipt code %q (missing or repeated)", i, c)
		}
		seen[c] = true
	}
	posted := func() map[string]int {
		counts := map[string]int{}
		for _, m := range r.sl.Messages("C0TIPS0001") {
			if m.ThreadTS == "" || m.ThreadTS == m.TS {
				for _, code := range receiptRE.FindAllString(m.Text+string(m.Blocks), -1) {
					counts[code]++
					break
				}
			}
		}
		return counts
	}
	waitFor(t, "every tip to be posted", func() bool { return len(posted()) >= len(codes) })
	for code, n := range posted() {
		if !seen[code] {
			t.Errorf("a tip %s was posted that no texter was given", code)
		}
		if n != 1 {
			t.Errorf("tip %s was posted %d times", code, n)
		}
	}
}

// checkDesk: one post per handoff, each texter's words once in its thread, each staff reply
// once at Twilio, each unclaimed handoff escalated once.
func (r *replicaRun) checkDesk(seekers int, tw *twiliotest.Server) {
	t := r.t
	waitFor(t, "every staff reply at Twilio", func() bool { return len(tw.Requests()) >= seekers*3/4 })
	waitUpTo(t, time.Minute, "every escalation (the roster's 30 s, and the escalator's poll)", func() bool {
		n := 0
		for _, post := range r.posts() {
			if strings.Contains(servetest.ThreadText(r.sl, post.TS), "Still unclaimed after") {
				n++
			}
		}
		return n >= seekers/4
	})
	if posts := r.posts(); len(posts) != seekers {
		t.Errorf("%d handoff posts, want %d", len(posts), seekers)
	}
	for i := range seekers {
		thread := r.threadOf(fmt.Sprintf("texter-%03d needs help", i))
		text := servetest.ThreadText(r.sl, thread)
		if n := strings.Count(text, fmt.Sprintf("texter-%03d needs help", i)); n != 1 {
			t.Errorf("texter %d's words are %d times in its thread", i, n)
		}
		escalations := strings.Count(text, "Still unclaimed after")
		if want := map[bool]int{true: 1, false: 0}[i%4 == 0]; escalations != want {
			t.Errorf("texter %d's thread has %d escalation notes, want %d", i, escalations, want)
		}
	}
	replies := map[string]int{}
	for _, req := range tw.Requests() {
		replies[req.Form.Get("To")+" "+req.Form.Get("Body")]++
	}
	for i := range seekers {
		if i%4 == 0 {
			continue
		}
		key := fmt.Sprintf("+1555%07d reply to texter-%03d", 4000000+i, i)
		if replies[key] != 1 {
			t.Errorf("staff reply to texter %d reached Twilio %d times", i, replies[key])
		}
	}
}

// postSMS sends a signed webhook to replica k (mod the live ones), as a load balancer would.
func postSMS(client *http.Client, reps []*servetest.Replica, k int, sid, from, body string) ([]string, error) {
	for range len(reps) {
		r := reps[k%len(reps)]
		k++
		if !r.Alive() {
			continue
		}
		answer, err := servetest.PostSMS(client, r.Base(), servetest.SMSForm(sid, from, body))
		switch {
		case err != nil && !r.Alive():
			continue // killed while we asked: the load balancer retries elsewhere
		case err != nil:
			return nil, err
		case answer.Status != 200:
			return nil, fmt.Errorf("status %d %s", answer.Status, answer.Body)
		}
		return answer.Replies, nil
	}
	return nil, fmt.Errorf("no replica alive")
}
