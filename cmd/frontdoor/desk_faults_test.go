package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/slack/slackfake"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
	"github.com/nhttf/frontdoor/internal/servetest"
)

// Regression tests of the desk's SMS path under provider faults, through the real serve command.

// deskRun is a serve with the desk, a texter handed off and the conversation claimed by
// U0STAFF001.
type deskRun struct {
	t      *testing.T
	s      *served
	tw     *twiliotest.Server
	sl     *slackfake.Server
	thread string // the handoff post's ts in C0NATION01
	n      int
}

func newDeskRun(t *testing.T, redisURL string, answers ...twiliotest.Answer) *deskRun {
	t.Helper()
	r := &deskRun{t: t, tw: twiliotest.NewServer(answers...), sl: slackfake.New()}
	t.Cleanup(r.tw.Close)
	t.Cleanup(r.sl.Close)
	env := deskEnv(t, r.tw, r.sl)
	env["REDIS_URL"] = redisURL
	r.s = startServe(t, nil, env)
	t.Cleanup(func() { r.s.stop() })
	r.walkToStaff("SMw")
	return r
}

// walkToStaff texts the menu, the talk option and yes, then claims the post that lands.
func (r *deskRun) walkToStaff(prefix string) {
	r.t.Helper()
	before := len(r.sl.Messages("C0NATION01"))
	for i, body := range []string{"hi", "3", "1", "4", "skip"} {
		r.s.text(r.t, fmt.Sprintf("%s%d", prefix, i), body)
	}
	waitFor(r.t, "the handoff post", func() bool { return len(r.sl.Messages("C0NATION01")) > before })
	r.thread = r.sl.Messages("C0NATION01")[before].TS
	press := 0
	waitFor(r.t, "the claim", func() bool {
		if press++; press%25 == 1 { // the post may be in Slack a moment before the desk recorded it
			r.s.slackButton(r.t, "U0STAFF001", "C0NATION01", r.thread, "fd_claim", "", press)
		}
		return strings.Contains(string(r.post().Blocks), "Claimed by")
	})
}

func (r *deskRun) post() slackfake.Message {
	for _, m := range r.sl.Messages("C0NATION01") {
		if m.TS == r.thread {
			return m
		}
	}
	r.t.Fatalf("no post %s", r.thread)
	return slackfake.Message{}
}

// reply is the owner writing text in the thread (the event delivered); it returns its ts.
func (r *deskRun) reply(text string) string {
	r.t.Helper()
	r.n++
	ts := r.sl.AddUserMessage("C0NATION01", r.thread, "U0STAFF001", text)
	r.s.slackEvent(r.t, fmt.Sprintf("EvR%d", r.n), "C0NATION01", r.thread, ts, "U0STAFF001", text)
	return ts
}

func (r *deskRun) reacted(ts, name string) bool {
	return slices.ContainsFunc(r.sl.Reactions(), func(x slackfake.Reaction) bool { return x.TS == ts && x.Name == name })
}

func (r *deskRun) threadText() string { return servetest.ThreadText(r.sl, r.thread) }

// sends counts the requests Twilio got with body.
func (r *deskRun) sends(body string) int {
	n := 0
	for _, q := range r.tw.Requests() {
		if q.Form.Get("Body") == body {
			n++
		}
	}
	return n
}

// TestDesk_failedCallback21610 is a status callback saying a staff reply failed because the texter
// opted out with Twilio (21610): the opt-out is recorded, staff are told replies are disabled,
// and the next reply is not sent.
func TestDesk_failedCallback21610(t *testing.T) {
	r := newDeskRun(t, "")
	first := r.reply("Are you safe?")
	waitFor(t, "the first reply sent", func() bool { return r.reacted(first, "white_check_mark") })
	r.s.status(t, "SM00000000000000000000000000000001", "failed", 21610)
	waitFor(t, "the opt-out told in the thread", func() bool { return strings.Contains(r.threadText(), "opted out") })
	second := r.reply("Hello?")
	waitFor(t, "the second reply refused", func() bool {
		return r.reacted(second, "warning") || slices.ContainsFunc(r.sl.Ephemerals(), func(e slackfake.Ephemeral) bool {
			return strings.Contains(e.Text, "nothing was sent to the texter")
		})
	})
	if n := r.sends("Hello?"); n != 0 {
		t.Fatalf("Twilio got the reply written after the texter opted out %d times", n)
	}
}

// TestDesk_maybeSentNotResent: after a Twilio failure that may or may not have sent the reply (a
// 500, a 201 without a SID, a cut connection) the reply is not sent again by itself; the owner
// is told in the thread and gets a Send again button that sends it once.
func TestDesk_maybeSentNotResent(t *testing.T) {
	for _, c := range []struct {
		name   string
		answer twiliotest.Answer
	}{
		{"500", twiliotest.Answer{Status: 500}},
		{"201 without a SID", twiliotest.Answer{NoSid: true}},
		{"connection cut", twiliotest.Answer{Reset: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newDeskRun(t, "", c.answer)
			ts := r.reply("Are you safe?")
			waitFor(t, "the may-not-have-been-sent note", func() bool { return strings.Contains(r.threadText(), "may not have been sent") })
			var note slackfake.Message
			for _, m := range r.sl.Thread("C0NATION01", r.thread) {
				if strings.Contains(m.Text, "may not have been sent") {
					note = m
				}
			}
			if !strings.Contains(string(note.Blocks), "fd_resend") || !strings.Contains(string(note.Blocks), r.thread+" "+ts) {
				t.Fatalf("the note has no Send again button for the reply: %s", note.Blocks)
			}
			if !r.reacted(ts, "warning") {
				t.Error("the reply has no warning")
			}
			if n := r.sends("Are you safe?"); n != 1 {
				t.Fatalf("Twilio got the reply %d times before anyone pressed Send again, want 1", n)
			}
			r.s.slackButton(t, "U0STAFF002", "C0NATION01", r.thread, "fd_resend", r.thread+" "+ts, 90) // not the owner
			r.s.slackButton(t, "U0STAFF001", "C0NATION01", r.thread, "fd_resend", r.thread+" "+ts, 91)
			waitFor(t, "the reply sent again", func() bool { return r.reacted(ts, "white_check_mark") })
			r.s.slackButton(t, "U0STAFF001", "C0NATION01", r.thread, "fd_resend", r.thread+" "+ts, 92) // pressed twice
			waitFor(t, "the second press answered", func() bool {
				return slices.ContainsFunc(r.sl.Ephemerals(), func(e slackfake.Ephemeral) bool { return strings.Contains(e.Text, "can no longer be sent again") })
			})
			if n := r.sends("Are you safe?"); n != 2 {
				t.Fatalf("Twilio got the reply %d times after Send again (pressed by a colleague, then twice by the owner), want 2", n)
			}
		})
	}
}

// TestDesk_stopDuringRetry: a staff reply Twilio is refusing for now (503, retried by the sender)
// is not sent after the texter's STOP was answered: the STOP waits for the attempt in flight,
// and no attempt starts after it.
func TestDesk_stopDuringRetry(t *testing.T) {
	t.Run("Memory", func(t *testing.T) { stopDuringRetry(t, "") })
	t.Run("Redis", func(t *testing.T) { stopDuringRetry(t, redistest.URL(t)) })
}

func stopDuringRetry(t *testing.T, redisURL string) {
	r := newDeskRun(t, redisURL, twiliotest.Answer{Status: 503}, twiliotest.Answer{Status: 503}, twiliotest.Answer{Status: 503})
	var mu sync.Mutex
	var arrived []time.Time
	inFlight := make(chan struct{}, 1)
	r.tw.OnRequest(func(twiliotest.Request) {
		mu.Lock()
		arrived = append(arrived, time.Now())
		first := len(arrived) == 1
		mu.Unlock()
		if first {
			inFlight <- struct{}{}
			// The STOP comes while this attempt is in flight. Held 1 s (well within bot.SendWait)
			// so that the STOP reaches the server first even on a loaded machine.
			time.Sleep(time.Second)
		}
	})
	r.reply("Are you safe?")
	<-inFlight
	replies := r.s.text(t, "SMstop", "STOP")
	answered := time.Now()
	if len(replies) != 1 || !strings.Contains(replies[0], "unsubscribed") {
		t.Fatalf("STOP answered %q", replies)
	}
	waitFor(t, "the opt-out told in the thread", func() bool { return strings.Contains(r.threadText(), "opted out") })
	time.Sleep(time.Second) // longer than the sender's backoff: a retry would have come by now
	mu.Lock()
	defer mu.Unlock()
	for i, at := range arrived {
		if at.After(answered) {
			t.Errorf("attempt %d reached Twilio %v after the STOP was answered", i+1, at.Sub(answered))
		}
	}
	if len(arrived) != 1 {
		t.Errorf("Twilio got %d attempts, want 1 (the one in flight when the texter opted out)", len(arrived))
	}
}
