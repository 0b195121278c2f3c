package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHome: GET / names the endpoints instead of a bare 404; in --dev it links to the console.
func TestHome(t *testing.T) {
	r := newRig(t, rigOptions{})
	rec := r.do(httptest.NewRequest(http.MethodGet, "/", nil))
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{"POST /twilio/sms", "POST /twilio/status", "/slack/events", "GET /healthz", "GET /readyz", "GET /metrics"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET / does not name %s", want)
		}
	}
	if strings.Contains(body, "/console/") || strings.Contains(body, "Dev mode") {
		t.Error("without a console and in production the page must not point at one or say dev mode")
	}
	if rec := r.do(httptest.NewRequest(http.MethodHead, "/", nil)); rec.Code != 200 {
		t.Errorf("HEAD /: %d", rec.Code)
	}
	dev := newRig(t, rigOptions{insecure: true, console: http.NotFoundHandler()})
	body = dev.do(httptest.NewRequest(http.MethodGet, "/", nil)).Body.String()
	if !strings.Contains(body, `<a href="/console/">coordinator console</a>`) || !strings.Contains(body, "Dev mode") {
		t.Errorf("--dev: no link to the console:\n%s", body)
	}
	if strings.Contains(body, "/chat") {
		t.Error("without the web chat the page names it")
	}
	chat := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	withChat := newRig(t, rigOptions{chat: chat})
	if body := withChat.do(httptest.NewRequest(http.MethodGet, "/", nil)).Body.String(); !strings.Contains(body, `<a href="/chat">`) {
		t.Errorf("with the web chat the page does not link to it:\n%s", body)
	}
	for _, path := range []string{"/chat", "/chat/static/chat.js", "/chat/api/send"} {
		if c := withChat.do(httptest.NewRequest(http.MethodPost, path, nil)).Code; c != http.StatusTeapot {
			t.Errorf("%s does not reach the web chat: %d", path, c)
		}
	}
	if c := r.do(httptest.NewRequest(http.MethodGet, "/nope", nil)).Code; c != 404 {
		t.Errorf("an unknown path: %d, want 404", c)
	}
}
