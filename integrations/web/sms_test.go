package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/twilio"
)

const welcome = "they never see your number"

func TestSMS_authenticity(t *testing.T) {
	form := smsForm("SM1", canaryA, "hi")
	cases := []struct {
		name       string
		req        func() *http.Request
		wantStatus int
		handled    bool
	}{
		{"signed", func() *http.Request { return signedPost("/twilio/sms", form) }, 200, true},
		{"unsigned", func() *http.Request {
			r := signedPost("/twilio/sms", form)
			r.Header.Del(twilio.SignatureHeader)
			return r
		}, 403, false},
		{"tampered body", func() *http.Request {
			r := signedPost("/twilio/sms", form)
			evil := smsForm("SM1", canaryA, "hj")
			r.Body, r.ContentLength = httptestBody(evil.Encode())
			return r
		}, 403, false},
		{"extra parameter added after signing", func() *http.Request {
			r := signedPost("/twilio/sms", form)
			extra := smsForm("SM1", canaryA, "hi")
			extra.Set("NewParam", "1")
			r.Body, r.ContentLength = httptestBody(extra.Encode())
			return r
		}, 403, false},
		{"unknown parameter, signed", func() *http.Request {
			extra := smsForm("SM1", canaryA, "hi")
			extra.Set("NewParam", "1")
			return signedPost("/twilio/sms", extra)
		}, 200, true},
		{"behind a proxy: the replica sees another host and scheme", func() *http.Request {
			r := signedPost("/twilio/sms", form)
			r.Host, r.URL.Host, r.URL.Scheme = "10.0.0.5:8080", "10.0.0.5:8080", "http"
			r.RequestURI = "/twilio/sms"
			r.Header.Set("X-Forwarded-Proto", "http")
			r.Header.Set("X-Forwarded-Host", "evil.example")
			return r
		}, 200, true},
		{"query string signed with the URL", func() *http.Request {
			return signedPost("/twilio/sms?tenant=a", form)
		}, 200, true},
		{"signature for another path", func() *http.Request {
			r := signedPost("/twilio/status", form)
			return retarget(r, "/twilio/sms")
		}, 403, false},
		{"signed with another token", func() *http.Request {
			r := signedPost("/twilio/sms", form)
			r.Header.Set(twilio.SignatureHeader, twilio.Sign("othertoken", testPublic+"/twilio/sms", form))
			return r
		}, 403, false},
		{"trailing slash is another route", func() *http.Request {
			return signedPost("/twilio/sms/", form)
		}, 404, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, rigOptions{})
			rec := r.do(c.req())
			if rec.Code != c.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.wantStatus, rec.Body)
			}
			if got := r.session(t, canaryA).Version > 0; got != c.handled {
				t.Errorf("session stored: %v, want %v", got, c.handled)
			}
			if c.wantStatus == 403 && !strings.Contains(r.metrics(t), `frontdoor_signature_failures_total{route="/twilio/sms"} 1`) {
				t.Error("the signature failure was not counted")
			}
			if strings.Contains(r.logs.String(), "hj") {
				t.Error("a refused body reached the log")
			}
		})
	}
}

func httptestBody(s string) (body readCloser, n int64) {
	return readCloser{strings.NewReader(s)}, int64(len(s))
}

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

func retarget(r *http.Request, uri string) *http.Request {
	u, _ := url.Parse(uri)
	r.URL.Path, r.RequestURI = u.Path, uri
	return r
}

func TestSMS_oversized(t *testing.T) {
	big := smsForm("SM1", canaryA, strings.Repeat("x", 64<<10))
	t.Run("with Content-Length", func(t *testing.T) {
		r := newRig(t, rigOptions{})
		if rec := r.do(signedPost("/twilio/sms", big)); rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", rec.Code)
		}
	})
	t.Run("chunked, no Content-Length", func(t *testing.T) {
		r := newRig(t, rigOptions{})
		req := signedPost("/twilio/sms", big)
		req.ContentLength = -1
		if rec := r.do(req); rec.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", rec.Code)
		}
		if r.session(t, canaryA).Version != 0 {
			t.Error("an oversized message was handled")
		}
	})
	t.Run("64 KiB exactly is fine", func(t *testing.T) {
		r := newRig(t, rigOptions{})
		f := smsForm("SM1", canaryA, "")
		f.Set("Pad", strings.Repeat("y", (64<<10)-len(f.Encode())-len("&Pad=")))
		if n := len(f.Encode()); n != 64<<10 {
			t.Fatalf("setup: body is %d bytes", n)
		}
		if rec := r.do(signedPost("/twilio/sms", f)); rec.Code != http.StatusOK {
			t.Fatalf("status %d, want 200", rec.Code)
		}
	})
}

func TestSMS_conversation(t *testing.T) {
	t.Run("first message gets the menu", func(t *testing.T) {
		r := newRig(t, rigOptions{})
		if got := r.text(t, "SM1", canaryA, "hi"); len(got) != 1 || !strings.Contains(got[0], welcome) {
			t.Fatalf("replies %q", got)
		}
	})
	t.Run("a duplicate MessageSid gets the same TwiML and causes nothing new", func(t *testing.T) {
		r := newRig(t, rigOptions{})
		r.text(t, "SM1", canaryA, "hi")
		first := r.text(t, "SM2", canaryA, "3")
		r.text(t, "SM3", canaryA, "1") // handoff: one effect
		before, effects := r.session(t, canaryA), r.effectCount(t)
		again := r.text(t, "SM2", canaryA, "3")
		if strings.Join(again, "|") != strings.Join(first, "|") {
			t.Fatalf("retry got %q, first time %q", again, first)
		}
		if r.session(t, canaryA).Version != before.Version || r.effectCount(t) != effects {
			t.Fatal("the retry changed the session or caused an effect")
		}
		if !strings.Contains(r.metrics(t), "frontdoor_dedupe_hits_total 1") {
			t.Error("the dedupe hit was not counted")
		}
	})
	t.Run("an opted-out texter gets <Response/>", func(t *testing.T) {
		r := newRig(t, rigOptions{})
		r.text(t, "SM1", canaryA, "hi")
		if got := r.text(t, "SM2", canaryA, "STOP"); len(got) != 1 || !strings.Contains(got[0], "unsubscribed") {
			t.Fatalf("STOP: %q", got)
		}
		if got := r.text(t, "SM3", canaryA, "hello?"); len(got) != 0 {
			t.Fatalf("opted out, got %q", got)
		}
		if got := r.text(t, "SM4", canaryA, "HELP"); len(got) != 1 {
			t.Fatalf("HELP while opted out: %q", got)
		}
	})
	t.Run("rate-limited: one slow-down, then silence", func(t *testing.T) {
		r := newRig(t, rigOptions{limit: 2})
		r.text(t, "SM1", canaryA, "hi")
		r.text(t, "SM2", canaryA, "hi")
		if got := r.text(t, "SM3", canaryA, "hi"); len(got) != 1 || !strings.Contains(got[0], "very fast") {
			t.Fatalf("3rd: %q", got)
		}
		if got := r.text(t, "SM4", canaryA, "hi"); len(got) != 0 {
			t.Fatalf("4th: %q", got)
		}
		if got := r.text(t, "SM5", canaryB, "hi"); len(got) != 1 {
			t.Fatalf("another texter: %q", got)
		}
		if !strings.Contains(r.metrics(t), "frontdoor_rate_limited_total 2") {
			t.Error("limited messages not counted")
		}
	})
	t.Run("media is counted, never fetched: the flow sees [photo received]", func(t *testing.T) {
		r := newRig(t, rigOptions{})
		for i, body := range []string{"hi", "2", "Houston, TX"} {
			r.text(t, "SMa"+string(rune('0'+i)), canaryA, body)
		}
		f := smsForm("SMm", canaryA, "")
		f.Set("NumMedia", "1")
		f.Set("MediaUrl0", "http://169.254.169.254/latest/meta-data")
		if rec := r.do(signedPost("/twilio/sms", f)); rec.Code != 200 {
			t.Fatalf("media message: %d", rec.Code)
		}
		var got []string
		for i, body := range []string{"last night", "NONE", "no"} {
			got = r.text(t, "SMb"+string(rune('0'+i)), canaryA, body)
		}
		if len(got) != 1 || !strings.Contains(got[0], "What: (photo received)") {
			t.Fatalf("review: %q", got)
		}
	})
	t.Run("JSON body with bodySHA256", func(t *testing.T) {
		r := newRig(t, rigOptions{})
		body := `{"MessageSid":"SMj","From":"` + canaryA + `","Body":"hi","FromCity":"HOUSTON"}`
		uri := "/twilio/sms?bodySHA256=" + twilio.BodySHA256([]byte(body))
		req := httptest.NewRequest(http.MethodPost, uri, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(twilio.SignatureHeader, twilio.Sign(testToken, testPublic+uri, nil))
		rec := r.do(req)
		if got := readTwiML(t, rec); rec.Code != 200 || len(got) != 1 || !strings.Contains(got[0], welcome) {
			t.Fatalf("status %d, replies %q", rec.Code, got)
		}
	})
	t.Run("signed but malformed: 400", func(t *testing.T) {
		r := newRig(t, rigOptions{})
		if rec := r.do(signedPost("/twilio/sms", url.Values{"MessageSid": {"SM1"}, "Body": {"hi"}})); rec.Code != 400 {
			t.Fatalf("status %d", rec.Code)
		}
	})
}

// failingStore fails every call, as an unreachable Redis would.
type failingStore struct{}

func (failingStore) Load(context.Context, string, string) (bot.Snapshot, error) {
	return bot.Snapshot{}, errors.New("store down")
}
func (failingStore) Commit(context.Context, bot.Commit) error { return errors.New("store down") }
func (failingStore) Ping(context.Context) error               { return errors.New("store down") }

func TestSMS_failSafe(t *testing.T) {
	r := newRig(t, rigOptions{store: failingStore{}})
	got := r.text(t, "SM1", canaryA, "hi")
	if len(got) != 1 || got[0] != bot.FailSafeReply {
		t.Fatalf("replies %q, want the fail-safe reply", got)
	}
	if !strings.Contains(r.metrics(t), "frontdoor_failsafe_replies_total 1") {
		t.Error("fail-safe reply not counted")
	}
	rec := r.do(httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"store"`) {
		t.Errorf("/readyz with the store down: %d %s", rec.Code, rec.Body)
	}
}

// panicky is a Handler that panics.
type panicky struct{}

func (panicky) Handle(context.Context, bot.Inbound) bot.Outcome { panic("boom") }

func TestSMS_panicGetsFailSafe(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.srv.deps.Bot = panicky{}
	if got := r.text(t, "SM1", canaryA, "hi"); len(got) != 1 || got[0] != bot.FailSafeReply {
		t.Fatalf("replies %q", got)
	}
}

func TestSMS_dev(t *testing.T) {
	r := newRig(t, rigOptions{insecure: true})
	req := signedPost("/twilio/sms", smsForm("SM1", canaryA, "hi"))
	req.Header.Del(twilio.SignatureHeader)
	if rec := r.do(req); rec.Code != 200 {
		t.Fatalf("--dev without a signature: %d", rec.Code)
	}
}
