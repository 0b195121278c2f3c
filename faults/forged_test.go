package faults_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/faults"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/internal/servetest"
)

// TestForgedRequests sends forged and tampered Twilio and Slack requests to 3 replicas: every
// one must be refused (403 for Twilio, 401 for Slack), and nothing may change: no key in Redis,
// no call to Slack or Twilio. A genuine request afterwards is accepted, so the refusals are the
// signature checks at work.
func TestForgedRequests(t *testing.T) {
	faults.Need(t)
	srv := redistest.Start(t)
	f := faults.Start(t, faults.Options{Replicas: 3, RedisURL: srv.URL()})
	nTwilio, nSlack := 10000, 2000 // cheap enough to run at full size in CI
	time.Sleep(time.Second)        // let the replicas' start-up writes settle
	before, keys := faults.StoreDigest(t, srv.URL())
	slackBefore, twilioBefore := len(f.Slack.Requests()), len(f.Twilio.Requests())

	var accepted atomic.Int64
	var wg sync.WaitGroup
	jobs := make(chan *http.Request)
	client := servetest.Client(10 * time.Second)
	for range 16 {
		wg.Go(func() {
			for req := range jobs {
				resp, err := client.Do(req)
				if err != nil {
					t.Errorf("a forged request failed: %v", err)
					continue
				}
				resp.Body.Close()
				want := http.StatusForbidden
				if strings.HasPrefix(req.URL.Path, "/slack/") {
					want = http.StatusUnauthorized
				}
				if resp.StatusCode != want {
					accepted.Add(1)
					t.Errorf("a forged request to %s (%s) got %d, want %d", req.URL.Path, req.Header.Get("X-Forge"), resp.StatusCode, want)
				}
			}
		})
	}
	start := time.Now()
	for i := range nTwilio {
		jobs <- forgedTwilio(f.Replicas[i%3].Base(), i)
	}
	for i := range nSlack {
		jobs <- forgedSlack(f.Replicas[i%3].Base(), i)
	}
	close(jobs)
	wg.Wait()
	took := time.Since(start)
	time.Sleep(time.Second) // anything accepted would have reached the outbox worker by now
	after, _ := faults.StoreDigest(t, srv.URL())
	slackCalls, twilioCalls := len(f.Slack.Requests())-slackBefore, len(f.Twilio.Requests())-twilioBefore
	if after != before {
		t.Errorf("the forged requests changed the store (%d keys before)", keys)
	}
	if slackCalls != 0 || twilioCalls != 0 {
		t.Errorf("the forged requests caused %d Slack and %d Twilio calls", slackCalls, twilioCalls)
	}
	genuine, err := f.Text("SMgenuine1", faults.Number(1, 1), "hi")
	if err != nil || genuine.Status != 200 || len(genuine.Replies) == 0 || faults.IsFailSafe(genuine) {
		t.Fatalf("a genuine message after the forged ones got %+v, %v", genuine, err)
	}
	faults.Figure(t, "%d forged Twilio + %d forged Slack requests in %.1fs: %d accepted, store unchanged %v, %d Slack and %d Twilio calls",
		nTwilio, nSlack, took.Seconds(), accepted.Load(), after == before, slackCalls, twilioCalls)
}

// forgedTwilio is the i-th forged inbound SMS, one of ten kinds of forgery in turn.
func forgedTwilio(base string, i int) *http.Request {
	form := servetest.SMSForm(fmt.Sprintf("SMforged%06d", i), faults.Number(2, i%10000), "hi")
	sign := func(token, u string, v url.Values) string { return twilio.Sign(token, u, v) }
	good := sign(servetest.TwilioToken, servetest.PublicURL+"/twilio/sms", form)
	body, sig, kind := form, "", ""
	switch i % 10 {
	case 0:
		kind = "no signature"
	case 1:
		kind, sig = "random signature", "dGhpcyBpcyBub3QgYSBzaWduYXR1cmU="
	case 2:
		kind, sig = "body changed after signing", good
		body = clone(form)
		body.Set("Body", "STOP")
	case 3:
		kind, sig = "signed for another path", sign(servetest.TwilioToken, servetest.PublicURL+"/twilio/status", form)
	case 4:
		kind, sig = "wrong auth token", sign("not-the-token-0123456789", servetest.PublicURL+"/twilio/sms", form)
	case 5:
		kind, sig = "unsigned parameter added", good
		body = clone(form)
		body.Set("From", faults.Number(3, i%10000))
	case 6:
		kind, sig = "signed for http instead of https", sign(servetest.TwilioToken, "http://sms.example.org/twilio/sms", form)
	case 7:
		kind, sig = "truncated signature", good[:len(good)-4]
	case 8:
		kind, sig = "signature of another message", sign(servetest.TwilioToken, servetest.PublicURL+"/twilio/sms",
			servetest.SMSForm("SMother", faults.Number(4, 1), "hi"))
	case 9:
		kind, sig = "signed for another host", sign(servetest.TwilioToken, "https://attacker.example.com/twilio/sms", form)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/twilio/sms", strings.NewReader(body.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		req.Header.Set(twilio.SignatureHeader, sig)
	}
	req.Header.Set("X-Forge", kind)
	return req
}

// forgedSlack is the i-th forged Slack request, one of six kinds in turn, to the three routes.
func forgedSlack(base string, i int) *http.Request {
	path, ctype, body := "/slack/events", "application/json",
		servetest.SlackEvent(fmt.Sprintf("EvForged%06d", i), faults.QueueChannel, "1700000000.000001", "1700000000.000002", "U0STAFF001", "forged reply")
	switch i % 3 {
	case 1:
		path, ctype, body = "/slack/interactions", "application/x-www-form-urlencoded",
			servetest.SlackButton("U0STAFF001", faults.QueueChannel, "1700000000.000001", "fd_claim", "", i)
	case 2:
		path, ctype, body = "/slack/commands", "application/x-www-form-urlencoded",
			url.Values{"command": {"/frontdoor"}, "text": {"close"}, "user_id": {"U0STAFF001"}, "channel_id": {faults.QueueChannel}}.Encode()
	}
	req := servetest.SignedSlack(base, path, ctype, body)
	now := time.Now().Unix()
	resign := func(secret string, ts int64, b string) {
		signed := servetest.SignSlack(secret, ts, b)
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", signed)
	}
	kind := ""
	switch i % 6 {
	case 0:
		kind = "no headers"
		req.Header.Del("X-Slack-Request-Timestamp")
		req.Header.Del("X-Slack-Signature")
	case 1:
		kind = "bad signature"
		req.Header.Set("X-Slack-Signature", "v0=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
	case 2:
		kind = "timestamp 10 minutes old"
		resign(servetest.SlackSecret, now-600, body)
	case 3:
		kind = "timestamp 6 minutes ahead"
		resign(servetest.SlackSecret, now+360, body)
	case 4:
		kind = "wrong signing secret"
		resign("not-the-signing-secret", now, body)
	case 5:
		kind = "body changed after signing"
		resign(servetest.SlackSecret, now, body+" ")
		req = servetest.WithBody(req, body)
	}
	req.Header.Set("X-Forge", kind)
	return req
}

func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
