package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// verify checks a delivery as the Standard Webhooks specification describes it, written here
// from the specification's text rather than with the library the sender uses: the signed content
// is "<webhook-id>.<webhook-timestamp>.<body>", signed with HMAC-SHA256 under the base64-decoded
// part of the secret after "whsec_"; webhook-signature is a space-separated list of
// "<version>,<base64 signature>", of which one "v1" must match (compared in constant time); the
// timestamp must be within five minutes of now.
func verify(secret string, h http.Header, body []byte, now time.Time) error {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return errors.New("missing webhook headers")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("bad webhook-timestamp")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return errors.New("webhook-timestamp outside the tolerance")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	want := mac.Sum(nil)
	for _, s := range strings.Fields(sigs) {
		version, sig, ok := strings.Cut(s, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return errors.New("no matching v1 signature")
}

// receiver is a partner's case system: it verifies each delivery, answers 503 while down, and
// keeps each webhook-id once, in the order it accepted them.
type receiver struct {
	t      *testing.T
	secret string
	now    func() time.Time

	mu         sync.Mutex
	down       bool
	accepted   []bot.PartnerEvent
	ids        map[string]bool
	duplicates int
	refused    int // bad signatures
	attempts   int
	srv        *httptest.Server
}

func newReceiver(t *testing.T, secret string, now func() time.Time) *receiver {
	r := &receiver{t: t, secret: secret, now: now, ids: map[string]bool{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts++
	if r.down {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if err := verify(r.secret, req.Header, body, r.now()); err != nil {
		r.refused++
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	id := req.Header.Get("webhook-id")
	if r.ids[id] {
		r.duplicates++
		w.WriteHeader(http.StatusOK) // already have it: the sender may stop
		return
	}
	var ev bot.PartnerEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	r.ids[id] = true
	r.accepted = append(r.accepted, ev)
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) setDown(down bool) { r.mu.Lock(); r.down = down; r.mu.Unlock() }

func (r *receiver) events() []bot.PartnerEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.PartnerEvent(nil), r.accepted...)
}
