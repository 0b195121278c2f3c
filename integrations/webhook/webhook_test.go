package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/bot/storetest"
	"github.com/nhttf/frontdoor/integrations/memory"
	"github.com/nhttf/frontdoor/integrations/webhook"
)

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo="

func config(url string, extra string) []byte {
	return []byte("destinations:\n  - name: county-cms\n    url: " + url + "\n    secret: " + secret + "\n" + extra)
}

func TestRead(t *testing.T) {
	s, err := webhook.Read("webhooks.yaml", config("https://cases.example.org/frontdoor", "    regions: [TX]\n    events: [tip.filed]\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(s.Route(bot.EventTipFiled, "TX"), s.Route(bot.EventTipFiled, "NV"), s.Route(bot.EventTipAdded, "TX")); got != "[county-cms] [] []" {
		t.Errorf("routes %s", got)
	}
	for url, want := range map[string]string{
		"http://cases.example.org/":          "is not https",
		"https://10.1.2.3/hook":              "10.1.2.3 is a private, loopback or reserved address",
		"https://169.254.169.254/latest":     "169.254.169.254 is a private, loopback or reserved address",
		"https://[::1]:8443/":                "::1 is a private, loopback or reserved address",
		"https://100.100.1.1/":               "is a private, loopback or reserved address",
		"https://localhost/":                 "localhost is a local name",
		"https://user:pw@cases.example.org/": "carries a user name or password",
		"cases.example.org":                  "is not a URL",
	} {
		if _, err := webhook.Read("webhooks.yaml", config(url, ""), false); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", url, err, want)
		}
	}
	for extra, want := range map[string]string{"    events: [tip.deleted]\n": `event "tip.deleted" is not one of`,
		"    regions: [Texas]\n": "should be a state code", "    color: red\n": "field color not found"} {
		if _, err := webhook.Read("webhooks.yaml", config("https://cases.example.org/", extra), false); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", extra, err, want)
		}
	}
	short := []byte("destinations:\n  - name: a\n    url: https://cases.example.org/\n    secret: whsec_c2hvcnQ=\n")
	if _, err := webhook.Read("webhooks.yaml", short, false); err == nil || !strings.Contains(err.Error(), "24 to 64 random bytes") {
		t.Errorf("a short secret: %v", err)
	}
	if _, err := webhook.Read("webhooks.yaml", config("http://127.0.0.1:9/", ""), true); err != nil {
		t.Errorf("with the dev override a loopback http URL is refused: %v", err)
	}
}

// TestClientRefusesPrivate: even a URL that passed (a name that resolves to a private address
// later) is refused when the connection is made, unless the dev override is on.
func TestClientRefusesPrivate(t *testing.T) {
	clock := bottest.NewClock(storetest.Start)
	r := newReceiver(t, secret, clock.Now)
	set, err := webhook.Read("webhooks.yaml", config(r.srv.URL, ""), true)
	if err != nil {
		t.Fatal(err)
	}
	s := &webhook.Sender{Set: set, Client: webhook.Client(false), Clock: clock}
	_, err = s.Send(context.Background(), "county-cms", "msg_1", []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), "refused to connect to 127.0.0.1") {
		t.Fatalf("a delivery to 127.0.0.1 in production: %v", err)
	}
	if r.attempts != 0 {
		t.Fatalf("the receiver was reached %d times", r.attempts)
	}
	s.Client = webhook.Client(true)
	if a, err := s.Send(context.Background(), "county-cms", "msg_1", []byte(`{"type":"x"}`)); err != nil || a.Status != 204 {
		t.Fatalf("with the dev override: %+v, %v", a, err)
	}
}

// twice applies every effect twice, as a redelivery after a lost acknowledgement would.
type twice struct{ bot.Applier }

func (a twice) Apply(ctx context.Context, e bot.Effect) error {
	if err := a.Applier.Apply(ctx, e); err != nil {
		return err
	}
	return a.Applier.Apply(ctx, e)
}

// TestReceiverDownThenBack: tipsters file tips and add to them while the partner's system is
// down; every delivery is applied twice. Once it is back, it has every tip and addition exactly
// once (it drops duplicates by webhook-id), each tip before its additions, every signature good
// by an independent implementation, and nothing that names the texter.
func TestReceiverDownThenBack(t *testing.T) {
	clock := bottest.NewClock(storetest.Start)
	r := newReceiver(t, secret, clock.Now)
	r.setDown(true)
	set, err := webhook.Read("webhooks.yaml", config(r.srv.URL, ""), true)
	if err != nil {
		t.Fatal(err)
	}
	store := memory.New(clock)
	keys := storetest.Keys(t)
	b, _ := storetest.NewRig(t, storetest.Rig{Store: store, Keys: keys, Clock: clock, Lang: "en",
		Log: slog.New(slog.DiscardHandler), Partners: set})
	ctx := context.Background()
	const tipsters = 6
	n := 0
	for i := range tipsters {
		number := fmt.Sprintf("+1555010%04d", i)
		var code string
		for _, body := range []string{"hi", "2", "Houston, TX", "a van at the motel", "last week", "none", "no", "1", "no"} {
			n++
			out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SM%d", n), From: number, Body: body})
			for _, e := range out.Effects {
				if e.Kind == bot.TipSubmitted {
					code = e.TipCode
				}
			}
		}
		for j := range 2 {
			n++
			b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SM%d", n), From: number, Body: fmt.Sprintf("%s more %d", code, j)})
		}
	}
	w := &bot.Worker{Outbox: store, Clock: clock, Consumer: "w", Log: slog.New(slog.DiscardHandler),
		Applier: bot.Appliers{Default: bot.ApplierFunc(func(context.Context, bot.Effect) error { return nil }),
			ByKind: map[bot.EffectKind]bot.Applier{bot.PartnerWebhook: twice{&webhook.Sender{Set: set, Client: webhook.Client(true), Clock: clock}}}}}
	for range 20 { // twenty minutes down
		w.Poll(ctx)
		clock.Advance(time.Minute)
	}
	if len(r.events()) != 0 || r.attempts == 0 {
		t.Fatalf("while down: %d accepted, %d attempts", len(r.events()), r.attempts)
	}
	r.setDown(false)
	for i := 0; i < 60 && len(r.events()) < 3*tipsters; i++ {
		w.Poll(ctx)
		clock.Advance(30 * time.Second)
	}
	evs := r.events()
	if len(evs) != 3*tipsters || r.refused != 0 {
		t.Fatalf("after the receiver came back: %d events accepted (want %d), %d refused signatures", len(evs), 3*tipsters, r.refused)
	}
	if r.duplicates < len(evs) {
		t.Errorf("%d duplicates dropped for %d events delivered twice", r.duplicates, len(evs))
	}
	seen := map[string][]string{}
	for _, ev := range evs {
		seen[ev.Data.TipCode] = append(seen[ev.Data.TipCode], ev.Type+":"+ev.Data.Text)
		if ev.Type == bot.EventTipFiled && (ev.Data.Region != "TX" || ev.Data.Answers["where"] != "Houston, TX") {
			t.Errorf("tip %s: region %q, answers %v", ev.Data.TipCode, ev.Data.Region, ev.Data.Answers)
		}
	}
	for code, got := range seen {
		if want := "[tip.filed: tip.added:more 0 tip.added:more 1]"; fmt.Sprint(got) != want {
			t.Errorf("tip %s: %v, want %s", code, got, want)
		}
	}
	dump := fmt.Sprint(evs)
	for i := range tipsters {
		number := fmt.Sprintf("+1555010%04d", i)
		if strings.Contains(dump, number[2:]) || strings.Contains(dump, keys.TexterKey(bot.ChannelSMS, number)) {
			t.Errorf("a delivery names texter %d", i)
		}
	}
	if strings.Contains(dump, "A0") { // the aliases storetest.IDs draws
		t.Errorf("a delivery holds an alias: %s", dump)
	}
}

// TestOtherSecretRefused: the receiver's check fails for a delivery signed with another secret,
// so the signatures the other tests accept prove something.
func TestOtherSecretRefused(t *testing.T) {
	clock := bottest.NewClock(storetest.Start)
	r := newReceiver(t, "whsec_"+strings.Repeat("QUJD", 8), clock.Now)
	set, err := webhook.Read("webhooks.yaml", config(r.srv.URL, ""), true)
	if err != nil {
		t.Fatal(err)
	}
	s := &webhook.Sender{Set: set, Client: webhook.Client(true), Clock: clock}
	a, err := s.Send(context.Background(), "county-cms", "msg_x", []byte(`{"type":"tip.filed"}`))
	if err != nil || a.Status != 401 || r.refused != 1 {
		t.Fatalf("a delivery under another secret: %+v, %v, %d refused", a, err, r.refused)
	}
	if err := s.Apply(context.Background(), bot.Effect{Kind: bot.PartnerWebhook, Partner: "county-cms", Key: "msg_x", Text: "{}"}); err == nil ||
		!strings.Contains(err.Error(), "401") {
		t.Fatalf("a 401 is not a permanent refusal: %v", err)
	}
}

// TestAnswersClassified: 2xx delivers; 429 with Retry-After waits that long; 5xx and 408 are
// tried again; other 4xx refuse the delivery for good; an unknown destination too.
func TestAnswersClassified(t *testing.T) {
	clock := bottest.NewClock(storetest.Start)
	status, retryAfter := 0, ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	set, err := webhook.Read("webhooks.yaml", config(srv.URL, ""), true)
	if err != nil {
		t.Fatal(err)
	}
	s := &webhook.Sender{Set: set, Client: webhook.Client(true), Clock: clock}
	apply := func(name string) error {
		return s.Apply(context.Background(), bot.Effect{Kind: bot.PartnerWebhook, Partner: name, Key: "msg_1", Text: "{}"})
	}
	var perm *bot.PermanentError
	var ra *bot.RetryAfterError
	for _, c := range []struct {
		status     int
		retryAfter string
		want       string
	}{{200, "", "ok"}, {204, "", "ok"}, {429, "120", "after 2m0s"}, {503, "", "retry"}, {408, "", "retry"}, {400, "", "permanent"}, {410, "", "permanent"}} {
		status, retryAfter = c.status, c.retryAfter
		err := apply("county-cms")
		got := "retry"
		switch {
		case err == nil:
			got = "ok"
		case errors.As(err, &ra):
			got = "after " + ra.After.String()
		case errors.As(err, &perm):
			got = "permanent"
		}
		if got != c.want {
			t.Errorf("%d (Retry-After %q): %s (%v), want %s", c.status, c.retryAfter, got, err, c.want)
		}
	}
	if err := apply("gone"); !errors.As(err, &perm) {
		t.Errorf("a destination no longer in the file: %v, want a permanent refusal", err)
	}
}
