package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// MaxSkew is how far a request's timestamp may be from our clock (Slack's documented window).
const MaxSkew = 5 * time.Minute

// Verify checks a request's v0 signature against the raw body with any of the signing secrets
// (more than one during a rotation), and that its timestamp is within MaxSkew of now. It returns
// slack-go's errors: ErrMissingHeaders, ErrExpiredTimestamp, ErrInvalidSignature.
//
// It is written here rather than taken from slack.NewSecretsVerifier because that verifier reads
// the wall clock itself, so neither Slack's documented test vector nor clock skew can be tested;
// the check is the same: hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)).
func Verify(header http.Header, body []byte, secrets []string, now time.Time) error {
	ts, sig := header.Get("X-Slack-Request-Timestamp"), header.Get("X-Slack-Signature")
	if ts == "" || sig == "" {
		return slack.ErrMissingHeaders
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return slack.ErrMissingHeaders
	}
	if d := now.Sub(time.Unix(sec, 0)); d > MaxSkew || d < -MaxSkew {
		return slack.ErrExpiredTimestamp
	}
	got, err := hex.DecodeString(strings.TrimPrefix(sig, "v0="))
	if err != nil || !strings.HasPrefix(sig, "v0=") {
		return slack.ErrInvalidSignature
	}
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte("v0:" + ts + ":"))
		m.Write(body)
		if hmac.Equal(m.Sum(nil), got) {
			return nil
		}
	}
	return slack.ErrInvalidSignature
}
