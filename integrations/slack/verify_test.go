package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack).
const (
	docSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	docTS     = "1531420618"
	docBody   = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	docSig    = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func header(ts, sig string) http.Header {
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", sig)
	return h
}

func sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	return "v0=" + hex.EncodeToString(m.Sum(nil))
}

func TestVerify_DocumentedVector(t *testing.T) {
	at := time.Unix(1531420618, 0).Add(30 * time.Second)
	if err := Verify(header(docTS, docSig), []byte(docBody), []string{docSecret}, at); err != nil {
		t.Fatalf("Slack's example must verify: %v", err)
	}
	if err := Verify(header(docTS, docSig), []byte(docBody+"x"), []string{docSecret}, at); !errors.Is(err, slack.ErrInvalidSignature) {
		t.Fatalf("a changed body: %v", err)
	}
}

func TestVerify(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	ts := strconv.FormatInt(now.Unix(), 10)
	body := []byte(`{"type":"event_callback","event_id":"Ev1"}`)
	good := sign("new-secret", ts, body)
	for _, tt := range []struct {
		name    string
		h       http.Header
		secrets []string
		at      time.Time
		want    error
	}{
		{"OK", header(ts, good), []string{"new-secret"}, now, nil},
		{"Rotation", header(ts, good), []string{"old-secret", "new-secret"}, now, nil},
		{"OldSecretOnly", header(ts, good), []string{"old-secret"}, now, slack.ErrInvalidSignature},
		{"Skew", header(ts, good), []string{"new-secret"}, now.Add(301 * time.Second), slack.ErrExpiredTimestamp},
		{"Future", header(ts, good), []string{"new-secret"}, now.Add(-301 * time.Second), slack.ErrExpiredTimestamp},
		{"Missing", http.Header{}, []string{"new-secret"}, now, slack.ErrMissingHeaders},
		{"NotV0", header(ts, "v1="+good[3:]), []string{"new-secret"}, now, slack.ErrInvalidSignature},
		{"NotHex", header(ts, "v0=zz"), []string{"new-secret"}, now, slack.ErrInvalidSignature},
		{"EmptySecret", header(ts, sign("", ts, body)), []string{""}, now, slack.ErrInvalidSignature},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := Verify(tt.h, body, tt.secrets, tt.at); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestVerify_AgreesWithSlackGo checks the same request with slack-go's own verifier.
func TestVerify_AgreesWithSlackGo(t *testing.T) {
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	body := []byte("payload=%7B%7D")
	for _, sig := range []string{sign("s3cret", ts, body), sign("other", ts, body)} {
		sv, err := slack.NewSecretsVerifier(header(ts, sig), "s3cret")
		if err != nil {
			t.Fatal(err)
		}
		sv.Write(body)
		theirs := sv.Ensure()
		ours := Verify(header(ts, sig), body, []string{"s3cret"}, now)
		if (theirs == nil) != (ours == nil) {
			t.Errorf("slack-go says %v, Verify says %v", theirs, ours)
		}
	}
}
