package loopback_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/internal/loopback"
)

func TestHost(t *testing.T) {
	for host, want := range map[string]bool{"localhost": true, "127.0.0.1": true, "127.9.9.9": true, "::1": true,
		"10.0.0.1": false, "api.twilio.com": false, "": false, "localhost.example.com": false} {
		if got := loopback.Host(host); got != want {
			t.Errorf("Host(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestOnly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	c := &http.Client{Transport: loopback.Only{Who: "probe"}}
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatalf("a loopback request was refused: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "ok" {
		t.Errorf("body %q", body)
	}
	req, _ := http.NewRequest(http.MethodGet, "https://api.twilio.com/2010-04-01", nil)
	_, err = loopback.Only{Who: "probe"}.RoundTrip(req)
	if err == nil || !strings.Contains(err.Error(), "probe: refusing a request to api.twilio.com") {
		t.Fatalf("a remote request was not refused: %v", err)
	}
}
