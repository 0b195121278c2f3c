package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

const testWebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo="

func writeWebhooks(t *testing.T, url string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "webhooks.yaml")
	data := "destinations:\n  - name: county-cms\n    url: " + url + "\n    secret: " + testWebhookSecret + "\n"
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWebhooksTest: frontdoor webhooks test sends a signed test event and prints the answer; a
// private or plain-http URL is refused with a clear message unless --dev.
func TestWebhooksTest(t *testing.T) {
	var got http.Header
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, body = r.Header.Clone(), must(io.ReadAll(r.Body))
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	env := map[string]string{"FRONTDOOR_WEBHOOKS": writeWebhooks(t, srv.URL)}
	code, out, errOut := runCLI(t, env, "", "webhooks", "test", "county-cms", "--dev")
	if code != 0 || !strings.Contains(out, "county-cms answered 202") || !strings.Contains(out, `{"ok":true}`) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(testWebhookSecret, "whsec_"))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(got.Get("webhook-id") + "." + got.Get("webhook-timestamp") + "." + string(body)))
	if want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)); got.Get("webhook-signature") != want || !strings.Contains(string(body), `"frontdoor.test"`) {
		t.Errorf("signature %q, want %q; body %s", got.Get("webhook-signature"), want, body)
	}
	if code, _, errOut := runCLI(t, env, "", "webhooks", "test", "county-cms"); code != 2 || !strings.Contains(errOut, "is not https") {
		t.Errorf("a plain-http URL without --dev: exit %d, %q", code, errOut)
	}
	private := map[string]string{"FRONTDOOR_WEBHOOKS": writeWebhooks(t, "https://192.168.1.20/hook")}
	if code, _, errOut := runCLI(t, private, "", "webhooks", "test", "county-cms"); code != 2 ||
		!strings.Contains(errOut, "192.168.1.20 is a private, loopback or reserved address: destinations must be public") {
		t.Errorf("a private address: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, env, "", "webhooks", "test", "--dev", "nobody"); code != 2 || !strings.Contains(errOut, `no destination "nobody"`) {
		t.Errorf("an unknown destination: exit %d, %q", code, errOut)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestServe_webhooks: serve --dev with a destinations file delivers a tip filed by SMS to the
// partner's system, signed, without the texter's number; a production serve refuses a
// destination on a private address before it starts.
func TestServe_webhooks(t *testing.T) {
	type delivery struct {
		h    http.Header
		body string
	}
	got := make(chan delivery, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- delivery{r.Header.Clone(), string(must(io.ReadAll(r.Body)))}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	s := startServe(t, []string{"--dev"}, map[string]string{"FRONTDOOR_WEBHOOKS": writeWebhooks(t, srv.URL)})
	defer s.stop()
	for i, body := range []string{"hi", "2", "Reno, NV", "a van at the motel", "last week", "none", "no", "1", "no"} {
		s.text(t, "SMwh"+string(rune('a'+i)), body)
	}
	var d delivery
	select {
	case d = <-got:
	case <-time.After(10 * time.Second):
		t.Fatalf("no delivery reached the partner's system\n%s", s.logs.String())
	}
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(testWebhookSecret, "whsec_"))
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(d.h.Get("webhook-id") + "." + d.h.Get("webhook-timestamp") + "." + d.body))
	if d.h.Get("webhook-signature") != "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
		t.Errorf("bad signature on %s", d.body)
	}
	if !strings.Contains(d.body, `"type":"tip.filed"`) || !strings.Contains(d.body, `"region":"NV"`) || strings.Contains(d.body, e2eCanary[2:]) {
		t.Errorf("the delivery: %s", d.body)
	}

	var stderr bottest.LogBuffer
	env := productionEnv(twiliotest.NewServer())
	env["FRONTDOOR_WEBHOOKS"] = writeWebhooks(t, "https://10.0.0.7/cases")
	err := run(context.Background(), []string{"frontdoor", "serve"}, mapEnv(env), nil, io.Discard, &stderr)
	if err == nil || !strings.Contains(stderr.String()+err.Error(), "10.0.0.7 is a private, loopback or reserved address") {
		t.Errorf("a private destination in production: %v\n%s", err, stderr.String())
	}
}
