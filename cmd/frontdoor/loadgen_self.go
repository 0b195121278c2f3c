package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net"

	"github.com/nhttf/frontdoor/integrations/web"
)

// selfTarget serves a production-like front door in this process: signatures on, the store
// REDIS_URL names (else the in-memory one), the built-in flows, the default rate limit and no
// staff desk (handoffs answer with the hotline). Its log is encoded but discarded.
func (f *loadgenFlags) selfTarget(ctx context.Context) (*target, func(), error) {
	secret, token := randomHex(32), randomHex(16)
	f.token = token
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	base := "http://" + ln.Addr().String()
	env := environment(func(k string) string {
		return map[string]string{"FRONTDOOR_SECRET": secret, "TWILIO_AUTH_TOKEN": token, "FRONTDOOR_PUBLIC_URL": base,
			"FRONTDOOR_DRAIN_DELAY": "0", "REDIS_URL": f.redisURL, "FRONTDOOR_NO_DESK": noDeskHotline, "FRONTDOOR_WEB_CHAT": webChatOn}[k]
	})
	cfg, probs := loadConfig(env, false, ln.Addr().String())
	if len(probs) > 0 {
		ln.Close()
		return nil, nil, errorsOf(probs)
	}
	a, err := newApp(cfg, web.NewLogger(io.Discard, slog.LevelInfo))
	if err != nil {
		ln.Close()
		return nil, nil, err
	}
	sctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = a.serve(sctx, ln); close(done) }()
	return f.newTarget("frontdoor", base, base), func() { stop(); <-done }, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type problemList []string

func (p problemList) Error() string { return "configuration: " + p[0] }

func errorsOf(p []string) error { return problemList(p) }
