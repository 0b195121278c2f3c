package web

import (
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/integrations/memory"
	"github.com/nhttf/frontdoor/integrations/twilio"
)

const (
	testToken  = "authtoken0123456789"
	testPublic = "https://sms.example.org"
	canaryA    = "+15550142424"
	canaryB    = "+15550157575"
)

type fixedIDs struct{}

func (fixedIDs) Alias() string   { return "K7QF" }
func (fixedIDs) TipCode() string { return "TIP-222222" }

// effectCount is how many effects wait in the store's outbox: every committed effect, since
// nothing drains it in these tests.
func (r *rig) effectCount(t *testing.T) int {
	t.Helper()
	ob, ok := r.store.(bot.Outbox)
	if !ok {
		t.Fatal("the test store has no outbox")
	}
	st, err := ob.OutboxStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(st.Pending)
}

// rig is a server on the built-in flows and the memory store, with what the tests look at.
type rig struct {
	srv            *Server
	bot            *bot.Bot
	store          bot.Store
	logs           *bottest.LogBuffer
	undelivered    []twilio.Status
	undeliveredErr error // what the hook answers
}

type rigOptions struct {
	limit         int       // per-texter limit; 0: none
	store         bot.Store // default: memory
	insecure      bool
	previousToken string    // a token being rotated out
	previousUntil time.Time // when it stops being accepted
	now           time.Time // the server's clock for the rotation window
	console       http.Handler
	chat          http.Handler // the web chat
}

func newRig(t *testing.T, o rigOptions) *rig {
	t.Helper()
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		t.Fatal(probs.Error())
	}
	keys, err := bot.NewKeys([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	clock := bottest.NewClock(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	r := &rig{logs: &bottest.LogBuffer{}, store: o.store}
	if r.store == nil {
		r.store = memory.New(clock)
	}
	log := NewLogger(r.logs, slog.LevelDebug)
	rig := storetest.Rig{Store: r.store, Keys: keys, Clock: clock, IDs: fixedIDs{}, Program: "Frontdoor", Lang: "en", Log: log}
	if o.limit > 0 {
		rig.Limit, rig.Limiter = bot.RateLimit{Max: o.limit, Window: 10 * time.Minute}, memory.NewCounter(clock, r.store)
	}
	r.bot, _ = storetest.NewRig(t, rig)
	cfg := Config{PublicURL: testPublic, TwilioToken: testToken, Insecure: o.insecure,
		TwilioPreviousToken: o.previousToken, PreviousUntil: o.previousUntil}
	if !o.now.IsZero() {
		cfg.Now = func() time.Time { return o.now }
	}
	r.srv, err = New(cfg, Deps{
		Bot: r.bot, Deliveries: memory.NewDeliveries(clock), Log: log,
		Checks: []Check{{Name: "store", Fn: r.store.Ping}},
		OnUndelivered: func(_ context.Context, st twilio.Status) error {
			r.undelivered = append(r.undelivered, st)
			return r.undeliveredErr
		},
		Console: o.console, WebChat: o.chat,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// smsForm is a realistic inbound webhook form, geo fields included.
func smsForm(sid, from, body string) url.Values {
	return url.Values{"MessageSid": {sid}, "SmsSid": {sid}, "AccountSid": {"ACtest"}, "From": {from},
		"To": {"+15550199999"}, "Body": {body}, "NumMedia": {"0"}, "NumSegments": {"1"},
		"FromCity": {"HOUSTON"}, "FromState": {"TX"}, "FromZip": {"77002"}, "FromCountry": {"US"}}
}

// signedPost builds a POST to uri signed for the public URL.
func signedPost(uri string, form url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, uri, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(twilio.SignatureHeader, twilio.Sign(testToken, testPublic+uri, form))
	return req
}

func (r *rig) do(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	r.srv.Handler().ServeHTTP(rec, req)
	return rec
}

// text sends one signed SMS and returns the reply messages; it fails on anything but 200.
func (r *rig) text(t *testing.T, sid, from, body string) []string {
	t.Helper()
	rec := r.do(signedPost("/twilio/sms", smsForm(sid, from, body)))
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: status %d: %s", body, rec.Code, rec.Body)
	}
	return readTwiML(t, rec)
}

// readTwiML parses a TwiML answer (never compared as a string: attribute order is random).
func readTwiML(t *testing.T, rec *httptest.ResponseRecorder) []string {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		t.Fatalf("content type %q", ct)
	}
	var resp struct {
		XMLName  xml.Name `xml:"Response"`
		Messages []string `xml:"Message"`
		Other    []struct {
			XMLName xml.Name
		} `xml:",any"`
	}
	b, _ := io.ReadAll(rec.Body)
	if err := xml.Unmarshal(b, &resp); err != nil || len(resp.Other) != 0 {
		t.Fatalf("not TwiML with only <Message> verbs: %v\n%s", err, b)
	}
	return resp.Messages
}

func (r *rig) session(t *testing.T, from string) bot.Session {
	t.Helper()
	snap, err := r.store.Load(context.Background(), r.bot.Keys.TexterKey(bot.ChannelSMS, from), "")
	if err != nil {
		t.Fatal(err)
	}
	return snap.Session
}

func (r *rig) metrics(t *testing.T) string {
	t.Helper()
	rec := r.do(httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: %d", rec.Code)
	}
	return rec.Body.String()
}
