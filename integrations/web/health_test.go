package web

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestHealth(t *testing.T) {
	r := newRig(t, rigOptions{})
	get := func(path string) int { return r.do(httptest.NewRequest(http.MethodGet, path, nil)).Code }
	if c := get("/healthz"); c != 200 {
		t.Errorf("/healthz %d", c)
	}
	if c := get("/readyz"); c != 200 {
		t.Errorf("/readyz %d", c)
	}
	r.srv.draining.Store(true)
	if c := get("/readyz"); c != 503 {
		t.Errorf("/readyz while draining %d, want 503", c)
	}
	if c := get("/healthz"); c != 200 {
		t.Errorf("/healthz while draining %d, want 200", c)
	}
}

func TestSlackPlaceholders(t *testing.T) {
	r := newRig(t, rigOptions{})
	for _, p := range []string{"/slack/events", "/slack/interactions", "/slack/commands"} {
		if c := r.do(httptest.NewRequest(http.MethodPost, p, nil)).Code; c != http.StatusNotImplemented {
			t.Errorf("%s: %d, want 501", p, c)
		}
	}
}

// TestServe_shutdown: readiness fails first, then the listener closes and Serve returns.
func TestServe_shutdown(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.srv.cfg.DrainDelay = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.srv.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()
	if resp, err := http.Get(url + "/readyz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("/readyz before shutdown: %v %v", resp, err)
	}
	cancel()
	for !r.srv.draining.Load() {
		time.Sleep(time.Millisecond)
	}
	resp, err := http.Get(url + "/readyz")
	if err != nil || resp.StatusCode != 503 {
		t.Fatalf("/readyz while draining: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}
