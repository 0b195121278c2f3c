package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nhttf/frontdoor/integrations/twilio"
)

// walks are what simulated texters send, each a whole conversation through the built-in flows.
// Every walk stays under the default rate limit (30 messages per 10 minutes).
var walks = [][]string{
	{"hi", "2", "Houston, TX", "A van drops girls at the motel every night", "last night", "NONE", "no", "1", "yes"}, // a tip
	{"hola", "1", "MENU", "4", "MENU"},                               // safety and prevention menus, in Spanish
	{"hi", "3", "1", "are you there", "I need help leaving", "MENU"}, // talk to a person
	{"hi", "HELP", "STOP", "hello?", "START", "MENU"},                // opt-out cycle
}

// target is one server under load.
type target struct {
	name      string
	smsURL    string // where requests go
	signedURL string // the URL signatures are computed for (the public URL)
	token     string
	client    *http.Client
	// the web chat (--webchat): the API's base, and a client whose timeout outlasts a long poll
	chatURL    string
	pollClient *http.Client
}

// texter walks conversations until ctx ends or the run has sent enough, one message at a time,
// each after the previous answer (a closed loop, as real texters are).
type texter struct {
	id       int
	t        *target
	budget   *atomic.Int64 // messages left in the run; shared
	stats    *workerStats
	interval time.Duration // paced: one message per interval; 0: the next as soon as answered
}

func (x *texter) run(ctx context.Context) {
	next := time.Now()
	if x.interval > 0 { // spread the texters' first messages over one interval
		next = next.Add(time.Duration(x.id) * x.interval / time.Duration(max(1, x.stats.texters)))
	}
	for walk := 0; ctx.Err() == nil; walk++ {
		// A fresh number per walk: each walk is a new texter, so the limit and sessions stay real.
		from := fmt.Sprintf("+1555%07d", (x.id*7919+walk)%10_000_000)
		for i, body := range walks[(x.id+walk)%len(walks)] {
			if ctx.Err() != nil || x.budget.Add(-1) < 0 {
				return
			}
			if x.interval > 0 && !sleepUntil(ctx, next) {
				return
			}
			x.send(ctx, next, fmt.Sprintf("SM%08x%08x%04x", x.id, walk, i), from, body)
			next = next.Add(x.interval)
		}
	}
}

// sleepUntil waits for t; false when ctx ended first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-tm.C:
		return true
	}
}

// send posts one signed message. Paced, latency counts from when the message was due, so a
// server that falls behind shows it (no coordinated omission).
func (x *texter) send(ctx context.Context, due time.Time, sid, from, body string) {
	form := url.Values{"MessageSid": {sid}, "AccountSid": {"ACloadgen"}, "From": {from}, "To": {"+15550199999"},
		"Body": {body}, "NumMedia": {"0"}}
	enc := form.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, x.t.smsURL, strings.NewReader(enc))
	if err != nil {
		x.stats.fail()
		return
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(twilio.SignatureHeader, twilio.Sign(x.t.token, x.t.signedURL, form))
	start := time.Now()
	if x.interval > 0 {
		start = due
	}
	resp, err := x.t.client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			x.stats.fail()
		}
		return
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	elapsed := time.Since(start)
	if err != nil || resp.StatusCode != http.StatusOK || !bytes.HasPrefix(b, []byte("<?xml")) {
		x.stats.fail()
		return
	}
	x.stats.ok(elapsed)
}
